import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { DataSource, type EntityManager } from 'typeorm';
import { CasePhase, DomainError } from '@cg/shared/domain';
import { CaseEntity } from '@cg/server/db';
import { abilityOf } from './abilities';
import type { Action, SubjectName } from './ability';
import { rulesToSql, type FieldMap, type SqlCondition } from './rules-to-sql';
import type { RequestContext } from '@cg/server/core';

/** How the rules' fields read in SQL for a case aliased `c`. */
export function caseFields(c: string): FieldMap<'Case'> {
  return {
    id: `${c}.id`,
    leadOrganisationId: `${c}.lead_organisation_id`,
    participantOrganisationIds: (op, p) =>
      `EXISTS (SELECT 1 FROM case_participants cpa WHERE cpa.case_id = ${c}.id AND cpa.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
  };
}

/** The same for a row `x` that belongs to a case through `x.case_id` (updates, inputs, stakeholders, risks). */
export function caseChildFields(x: string): FieldMap<'CaseUpdate'> & FieldMap<'PartnerInput'> {
  return {
    id: `${x}.id`,
    visibility: `${x}.visibility`,
    organisationId: `${x}.organisation_id`,
    leadOrganisationId: `(SELECT lc.lead_organisation_id FROM cases lc WHERE lc.id = ${x}.case_id)`,
    participantOrganisationIds: (op, p) =>
      `EXISTS (SELECT 1 FROM case_participants cpx WHERE cpx.case_id = ${x}.case_id AND cpx.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
  } as FieldMap<'CaseUpdate'> & FieldMap<'PartnerInput'>;
}

export function caseCondition(request: RequestContext, action: Action, alias = 'c'): SqlCondition {
  return rulesToSql(abilityOf(request), action, 'Case', caseFields(alias));
}

export interface CaseFacts {
  case: CaseEntity;
  participantOrganisationIds: string[];
}

/** Actions that only read; every other action writes, and a closed case refuses it (see `ensure`). */
const READ_ACTIONS: ReadonlySet<Action> = new Set<Action>(['read', 'readPersonal']);

/**
 * Object-level checks on cases, answered by SQL: a case the caller may not read does not exist for them
 * (NOT_FOUND, audited as a refusal); a readable case on which the action is not allowed is FORBIDDEN; a
 * write to a CLOSED case is refused (BAD_USER_INPUT, case.closed) whatever the subject, except reopening.
 */
@Injectable()
export class CaseAccess {
  constructor(private readonly dataSource: DataSource) {}

  /** Loads a case the caller may read, optionally locking it for the transaction; checks `action` on it. */
  async load(
    request: RequestContext,
    caseId: string,
    action: Action,
    /** `reopening`: the one write a closed case accepts. */
    options: { manager?: EntityManager; lock?: boolean; reopening?: boolean } = {},
  ): Promise<CaseFacts> {
    const manager = options.manager ?? this.dataSource.manager;
    const read = caseCondition(request, 'read');
    const query = manager.getRepository(CaseEntity).createQueryBuilder('c').where('c.id = :caseId', { caseId }).andWhere(read.where, read.params);
    if (options.lock) query.setLock('pessimistic_write');
    const found = await query.getOne();
    if (!found) throw await this.notFound(manager, caseId);
    const participants: { organisation_id: string }[] = await manager.query('SELECT organisation_id FROM case_participants WHERE case_id = $1', [caseId]);
    const facts = { case: found, participantOrganisationIds: participants.map((p) => p.organisation_id) };
    if (action !== 'read') {
      if (!this.can(request, action, 'Case', facts)) throw DomainError.forbidden();
      if (!options.reopening) this.ensureOpen(action, facts);
    }
    return facts;
  }

  /**
   * Checks `action` on a subject that lives in a case, from the case's facts and the subject's own fields.
   * Every write goes through here, so this is the one place where a closed case refuses writes.
   */
  ensure(request: RequestContext, action: Action, subjectName: SubjectName, facts: CaseFacts, fields: Record<string, unknown> = {}): void {
    if (!this.can(request, action, subjectName, facts, fields)) throw DomainError.forbidden();
    this.ensureOpen(action, facts);
  }

  /** A closed case is read-only until it is reopened. */
  ensureOpen(action: Action, facts: CaseFacts): void {
    if (!READ_ACTIONS.has(action) && facts.case.phase === CasePhase.CLOSED) throw DomainError.caseClosed();
  }

  /** Whether the rules allow `action` (permission only: a closed case's refusal of writes is `ensureOpen`). */
  can(request: RequestContext, action: Action, subjectName: SubjectName, facts: CaseFacts, fields: Record<string, unknown> = {}): boolean {
    const object = subject(subjectName, {
      id: facts.case.id,
      leadOrganisationId: facts.case.leadOrganisationId,
      participantOrganisationIds: facts.participantOrganisationIds,
      ...fields,
    } as never);
    return abilityOf(request).can(action, object as never);
  }

  private async notFound(manager: EntityManager, caseId: string): Promise<DomainError> {
    const exists = await manager.getRepository(CaseEntity).existsBy({ id: caseId });
    return DomainError.notFound('Case', exists);
  }
}
