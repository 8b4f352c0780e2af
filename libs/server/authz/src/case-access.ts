import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { DataSource, type EntityManager } from 'typeorm';
import { ALL_DATA_CATEGORIES, DataCategory, DomainError, SHARED_WITH, type SharingFacts } from '@cg/shared/domain';
import { CaseEntity } from '@cg/server/db';
import { abilityOf } from './abilities';
import type { Action, SubjectName } from './ability';
import { rulesToSql, type FieldMap, type SqlCondition } from './rules-to-sql';
import type { RequestContext } from '@cg/server/core';

/**
 * The data-category fields of the rules (`caseContentSharedWith`, …, see SHARED_WITH) for the case whose id is the
 * SQL expression `caseId`: "the category is shared with the organisation on this case", from the `case_sharing` view
 * (the effective basis of each participation, resolved at read time). Name the case by an expression that is constant
 * per case (e.g. `k.id` of an `unnest(ids) k`) where you can, so PostgreSQL checks it once per case.
 */
export function sharingFields(caseId: string): Record<keyof SharingFacts, (operator: 'eq' | 'in', param: string) => string> {
  const entries = ALL_DATA_CATEGORIES.map((category: DataCategory) => [
    SHARED_WITH[category],
    (op: 'eq' | 'in', p: string) =>
      `EXISTS (SELECT 1 FROM case_sharing shr WHERE shr.case_id = ${caseId} AND shr.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}) AND '${category}' = ANY(shr.categories))`,
  ]);
  return Object.fromEntries(entries) as Record<keyof SharingFacts, (operator: 'eq' | 'in', param: string) => string>;
}

/** How the rules' fields read in SQL for a case aliased `c`. */
export function caseFields(c: string): FieldMap<'Case'> {
  return {
    id: `${c}.id`,
    leadOrganisationId: `${c}.lead_organisation_id`,
    participantOrganisationIds: (op, p) =>
      `EXISTS (SELECT 1 FROM case_participants cpa WHERE cpa.case_id = ${c}.id AND cpa.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
    ...sharingFields(`${c}.id`),
  };
}

type CaseChildFieldMap = FieldMap<'CaseUpdate'> & FieldMap<'PartnerInput'> & FieldMap<'Stakeholder'> & FieldMap<'TrustRisk'> & FieldMap<'Indicator'> & FieldMap<'Action'>;

/** The same for a row `x` that belongs to a case through `x.case_id` (updates, inputs, stakeholders, risks, indicators, actions). */
export function caseChildFields(x: string): CaseChildFieldMap {
  return {
    id: `${x}.id`,
    kind: `${x}.kind`,
    visibility: `${x}.visibility`,
    organisationId: `${x}.organisation_id`,
    leadOrganisationId: `(SELECT lc.lead_organisation_id FROM cases lc WHERE lc.id = ${x}.case_id)`,
    participantOrganisationIds: (op, p) =>
      `EXISTS (SELECT 1 FROM case_participants cpx WHERE cpx.case_id = ${x}.case_id AND cpx.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
    ...sharingFields(`${x}.case_id`),
  } as CaseChildFieldMap;
}

/**
 * The rules' fields for a row `x` read per case `k` (in a query that already requires `x.case_id = k.id`). The
 * case-level facts (membership, lead organisation, data categories) name `k.id` rather than `x.case_id`, so PostgreSQL
 * checks them once per case (an InitPlan) instead of once per row of `x`; the rows allowed are the same.
 */
export function perCaseFields(k: string, x: string): CaseChildFieldMap {
  return {
    ...caseChildFields(x),
    leadOrganisationId: `(SELECT lc.lead_organisation_id FROM cases lc WHERE lc.id = ${k}.id)`,
    participantOrganisationIds: (op: 'eq' | 'in', p: string) =>
      `EXISTS (SELECT 1 FROM case_participants cpx WHERE cpx.case_id = ${k}.id AND cpx.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
    ...sharingFields(`${k}.id`),
  } as CaseChildFieldMap;
}

export function caseCondition(request: RequestContext, action: Action, alias = 'c'): SqlCondition {
  return rulesToSql(abilityOf(request), action, 'Case', caseFields(alias));
}

export interface CaseFacts {
  case: CaseEntity;
  participantOrganisationIds: string[];
  /** Per data category, the organisations it is shared with on this case right now (the lead always). */
  sharing: SharingFacts;
}

/**
 * Object-level checks on cases, answered by SQL: a case the caller may not read does not exist for them
 * (NOT_FOUND, audited as a refusal); a readable case on which the action is not allowed is FORBIDDEN.
 */
@Injectable()
export class CaseAccess {
  constructor(private readonly dataSource: DataSource) {}

  /** Loads a case the caller may read, optionally locking it for the transaction; checks `action` on it. */
  async load(request: RequestContext, caseId: string, action: Action, options: { manager?: EntityManager; lock?: boolean } = {}): Promise<CaseFacts> {
    const manager = options.manager ?? this.dataSource.manager;
    const read = caseCondition(request, 'read');
    const query = manager.getRepository(CaseEntity).createQueryBuilder('c').where('c.id = :caseId', { caseId }).andWhere(read.where, read.params);
    if (options.lock) query.setLock('pessimistic_write');
    const found = await query.getOne();
    if (!found) throw await this.notFound(manager, caseId);
    const participants: { organisation_id: string; categories: DataCategory[] }[] = await manager.query('SELECT organisation_id, categories FROM case_sharing WHERE case_id = $1', [caseId]);
    const sharing = Object.fromEntries(
      ALL_DATA_CATEGORIES.map((category) => [SHARED_WITH[category], participants.filter((p) => p.categories.includes(category)).map((p) => p.organisation_id)]),
    ) as SharingFacts;
    const facts = { case: found, participantOrganisationIds: participants.map((p) => p.organisation_id), sharing };
    if (action !== 'read') this.ensure(request, action, 'Case', facts);
    return facts;
  }

  /** Checks `action` on a subject that lives in a case, from the case's facts and the subject's own fields. */
  ensure(request: RequestContext, action: Action, subjectName: SubjectName, facts: CaseFacts, fields: Record<string, unknown> = {}): void {
    const object = subject(subjectName, {
      id: facts.case.id,
      leadOrganisationId: facts.case.leadOrganisationId,
      participantOrganisationIds: facts.participantOrganisationIds,
      ...facts.sharing,
      ...fields,
    } as never);
    if (!abilityOf(request).can(action, object as never)) throw DomainError.forbidden();
  }

  /**
   * NOT_FOUND (audited as a refusal) unless the caller may read this object of the case: an object whose data category
   * is not shared with the caller's organisation does not exist for it, even though its case does.
   */
  ensureReadable(request: RequestContext, subjectName: SubjectName, facts: CaseFacts, fields: Record<string, unknown> = {}): void {
    if (!this.can(request, 'read', subjectName, facts, fields)) throw DomainError.notFound(subjectName, true);
  }

  can(request: RequestContext, action: Action, subjectName: SubjectName, facts: CaseFacts, fields: Record<string, unknown> = {}): boolean {
    try {
      this.ensure(request, action, subjectName, facts, fields);
      return true;
    } catch {
      return false;
    }
  }

  private async notFound(manager: EntityManager, caseId: string): Promise<DomainError> {
    const exists = await manager.getRepository(CaseEntity).existsBy({ id: caseId });
    return DomainError.notFound('Case', exists);
  }
}
