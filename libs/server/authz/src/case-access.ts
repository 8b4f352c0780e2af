import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ALL_DATA_CATEGORIES, CasePhase, DataCategory, DomainError, SHARED_WITH, UpdateKind, Visibility, type SharingFacts } from '@cg/shared/domain';
import { CASE_ACTIVITY_COLUMNS, CaseEntity, hydrate, isConstant, query, sql, type Sql } from '@cg/server/db';
import { abilityOf, perAbility } from './abilities';
import { subjectOf, type Action, type AppAbility, type SubjectFields, type SubjectName } from './ability';
import { matches, rulesToSql, type FieldMap } from './rules-to-sql';
import type { RequestContext } from '@cg/server/core';

/** `EXISTS` a participation of the organisation(s) the rule names in the case whose id is the SQL expression `caseId`. */
export function participantOf(caseId: Sql, operator: 'eq' | 'in', organisations: unknown): Sql {
  return sql`EXISTS (SELECT 1 FROM case_participants cpx WHERE cpx.case_id = ${caseId} AND cpx.organisation_id ${matches(operator, organisations)})`;
}

/** The lead organisation of the case whose id is the SQL expression `caseId`. */
const leadOf = (caseId: Sql): Sql => sql`(SELECT lc.lead_organisation_id FROM cases lc WHERE lc.id = ${caseId})`;

/**
 * The data-category fields of the rules (`caseContentSharedWith`, …, see SHARED_WITH) for the case whose id is the
 * SQL expression `caseId`: "the category is shared with the organisation on this case", from the `case_sharing` view
 * (the effective basis of each participation, resolved at read time). Name the case by an expression that is constant
 * per case (e.g. `k.id` of an `unnest(ids) k`) where you can, so PostgreSQL checks it once per case.
 */
export function sharingFields(caseId: Sql): Record<keyof SharingFacts, (operator: 'eq' | 'in', value: unknown) => Sql> {
  const entries = ALL_DATA_CATEGORIES.map((category: DataCategory) => [
    SHARED_WITH[category],
    (operator: 'eq' | 'in', organisations: unknown) =>
      sql`EXISTS (SELECT 1 FROM case_sharing shr WHERE shr.case_id = ${caseId} AND shr.organisation_id ${matches(operator, organisations)} AND ${category} = ANY(shr.categories))`,
  ]);
  return Object.fromEntries(entries) as Record<keyof SharingFacts, (operator: 'eq' | 'in', value: unknown) => Sql>;
}

/**
 * The field maps below are built once per alias and frozen: `rulesToSql` compiles a rule set once per ability and map
 * object, so that a list asks for its condition again at no cost.
 */
const fieldMaps = new Map<string, object>();
function once<T extends object>(key: string, build: () => T): T {
  let map = fieldMaps.get(key) as T | undefined;
  if (!map) {
    map = Object.freeze(build());
    // Aliases are chosen by code, so there are few; a runaway caller would still not grow the map for ever.
    if (fieldMaps.size < 1000) fieldMaps.set(key, map);
  }
  return map;
}

/** How the rules' fields read in SQL for a case aliased `c`. */
export function caseFields(c: string): FieldMap<'Case'> {
  return once(`case ${c}`, () => {
    const id = sql.ident(`${c}.id`);
    return {
      id,
      leadOrganisationId: sql.ident(`${c}.lead_organisation_id`),
      participantOrganisationIds: (operator: 'eq' | 'in', organisations: unknown) => participantOf(id, operator, organisations),
      ...sharingFields(id),
    } as FieldMap<'Case'>;
  });
}

type CaseChildFieldMap = FieldMap<'CaseUpdate'> & FieldMap<'PartnerInput'> & FieldMap<'Stakeholder'> & FieldMap<'TrustRisk'> & FieldMap<'Indicator'> & FieldMap<'Action'>;

/** The same for a row `x` that belongs to a case through `x.case_id` (updates, inputs, stakeholders, risks, indicators, actions). */
export function caseChildFields(x: string): CaseChildFieldMap {
  return once(`child ${x}`, () => {
    const caseId = sql.ident(`${x}.case_id`);
    return {
      id: sql.ident(`${x}.id`),
      kind: sql.ident(`${x}.kind`),
      visibility: sql.ident(`${x}.visibility`),
      organisationId: sql.ident(`${x}.organisation_id`),
      leadOrganisationId: leadOf(caseId),
      participantOrganisationIds: (operator: 'eq' | 'in', organisations: unknown) => participantOf(caseId, operator, organisations),
      ...sharingFields(caseId),
    };
  });
}

/**
 * The rules' fields for a row `x` read per case `k` (in a query that already requires `x.case_id = k.id`). The
 * case-level facts (membership, lead organisation, data categories) name `k.id` rather than `x.case_id`, so PostgreSQL
 * checks them once per case (an InitPlan) instead of once per row of `x`; the rows allowed are the same.
 */
export function perCaseFields(k: string, x: string): CaseChildFieldMap {
  return once(`per-case ${k} ${x}`, () => {
    const caseId = sql.ident(`${k}.id`);
    return {
      ...caseChildFields(x),
      leadOrganisationId: leadOf(caseId),
      participantOrganisationIds: (operator: 'eq' | 'in', organisations: unknown) => participantOf(caseId, operator, organisations),
      ...sharingFields(caseId),
    };
  });
}

/** The same for a task aliased `t`. */
export function taskFields(t: string): FieldMap<'Task'> {
  return once(`task ${t}`, () => {
    const caseId = sql.ident(`${t}.case_id`);
    return {
      id: sql.ident(`${t}.id`),
      organisationId: sql.ident(`${t}.organisation_id`),
      assigneeId: sql.ident(`${t}.assignee_id`),
      requestedById: sql.ident(`${t}.requested_by_id`),
      requesterOrganisationId: sql.ident(`${t}.requester_organisation_id`),
      leadOrganisationId: leadOf(caseId),
      participantOrganisationIds: (operator: 'eq' | 'in', organisations: unknown) => participantOf(caseId, operator, organisations),
      ...sharingFields(caseId),
    } as FieldMap<'Task'>;
  });
}

/** The caller's condition for `action` on a case aliased `alias`. */
export function caseCondition(request: RequestContext, action: Action, alias = 'c'): Sql {
  return rulesToSql(abilityOf(request), action, 'Case', caseFields(alias));
}

/**
 * One tier of a reader's last activity of a case aliased `c` (see `touchCase`): its column, and the condition under
 * which the reader sees it on that case (`null`: on every case it may read).
 */
export interface ActivityTerm {
  column: Sql;
  /** The tier's column name (`last_activity_at`, `agencies_activity_at`, `lead_activity_at`), for an index's order. */
  name: string;
  readable: Sql | null;
}

/**
 * The tiers of the caller's last activity of a case aliased `c`: the activity every reader sees (always first,
 * `readable` null), then the AGENCIES and LEAD tiers only where the caller may read updates of that visibility on
 * that case, by the same CASL rules as the timeline. A reader who may read neither (an NGO partner) has one term.
 */
export function caseActivityTerms(request: RequestContext, c = 'c'): readonly ActivityTerm[] {
  const ability = abilityOf(request);
  return perAbility(ability, `caseActivityTerms ${c}`, () => Object.freeze(compileActivityTerms(ability, c)));
}

/**
 * The caller's last activity of a case aliased `c`, as one SQL expression: the greatest of its tiers
 * (`caseActivityTerms`). For a reader with one tier it is the bare column, so that ordering by it stays indexed.
 */
export function caseActivity(request: RequestContext, c = 'c'): Sql {
  const ability = abilityOf(request);
  return perAbility(ability, `caseActivity ${c}`, () => activityExpression(caseActivityTerms(request, c)));
}

/** The greatest of the terms (GREATEST ignores NULLs: a tier with no activity yet, or not readable, adds nothing). */
export function activityExpression(terms: readonly ActivityTerm[]): Sql {
  const columns = terms.map((term) => (term.readable ? sql`CASE WHEN ${term.readable} THEN ${term.column} END` : term.column));
  return columns.length === 1 ? columns[0]! : sql`GREATEST(${sql.join(columns)})`;
}

function compileActivityTerms(ability: AppAbility, c: string): ActivityTerm[] {
  const partners = CASE_ACTIVITY_COLUMNS[Visibility.PARTNERS];
  const terms: ActivityTerm[] = [{ column: sql.ident(`${c}.${partners}`), name: partners, readable: null }];
  const known = (expected: string) => (operator: 'eq' | 'in', value: unknown) =>
    (operator === 'eq' ? value === expected : Array.isArray(value) && value.includes(expected)) ? sql.true : sql.false;
  for (const tier of [Visibility.AGENCIES, Visibility.LEAD]) {
    // A tier's activity is the reader's when it may read updates of that visibility of some kind (the rules
    // differ by kind: an INCIDENT is INCIDENT_DATA, every other kind CASE_CONTENT).
    const readable = sql.or(
      [UpdateKind.INCIDENT, UpdateKind.NOTE].map((kind) =>
        rulesToSql(ability, 'read', 'CaseUpdate', { ...caseFields(c), visibility: known(tier), kind: known(kind) } as FieldMap<'CaseUpdate'>),
      ),
    );
    if (isConstant(readable, 'FALSE')) continue;
    const name = CASE_ACTIVITY_COLUMNS[tier];
    terms.push({ column: sql.ident(`${c}.${name}`), name, readable: isConstant(readable, 'TRUE') ? null : readable });
  }
  return terms;
}

export interface CaseFacts {
  case: CaseEntity;
  participantOrganisationIds: string[];
  /** Per data category, the organisations it is shared with on this case right now (the lead always). */
  sharing: SharingFacts;
}

/** The objects that live in a case, by the table holding them (each row carries its `case_id`). */
export const CASE_CHILD_TABLES = {
  Task: 'tasks',
  Action: 'actions',
  Indicator: 'indicators',
  PartnerInput: 'partner_inputs',
  Stakeholder: 'stakeholders',
  TrustRisk: 'trust_risks',
  CaseUpdate: 'case_updates',
} as const;
export type CaseChild = keyof typeof CASE_CHILD_TABLES;

export interface LoadOptions {
  manager?: EntityManager;
  lock?: boolean;
  /** The one write a closed case accepts. */
  reopening?: boolean;
}

/** Actions that only read; every other action writes, and a closed case refuses it (see `ensure`). */
const READ_ACTIONS: ReadonlySet<Action> = new Set<Action>(['read', 'readPersonal']);

/**
 * Object-level checks on cases, answered by SQL: a case the caller may not read does not exist for them
 * (NOT_FOUND, audited as a refusal); a readable case on which the action is not allowed is FORBIDDEN; a
 * write to a CLOSED case is refused (BAD_USER_INPUT, case.closed) whatever the subject, except reopening.
 * The NOT_FOUND always names what the caller asked for: an object of a case they may not read is answered
 * exactly as an id that does not exist (`loadChild`), never by naming the case around it.
 */
@Injectable()
export class CaseAccess {
  constructor(private readonly dataSource: DataSource) {}

  /** Loads a case the caller may read, optionally locking it for the transaction; checks `action` on it. */
  async load(request: RequestContext, caseId: string, action: Action, options: LoadOptions = {}): Promise<CaseFacts> {
    return this.loadAs(request, 'Case', caseId, action, options);
  }

  /**
   * The case of an object that lives in it (a task, an action, an indicator…), checked like `load`. An id
   * that does not exist and an object of a case the caller may not read get the same NOT_FOUND, naming the
   * object asked for.
   */
  async loadChild(request: RequestContext, entity: CaseChild, id: string, action: Action, options: LoadOptions = {}): Promise<CaseFacts> {
    const manager = options.manager ?? this.dataSource.manager;
    const rows = await query<{ case_id: string }>(manager, sql`SELECT case_id FROM ${sql.ident(CASE_CHILD_TABLES[entity])} WHERE id = ${id}`);
    if (!rows[0]) throw DomainError.notFound(entity);
    return this.loadAs(request, entity, rows[0].case_id, action, options);
  }

  private async loadAs(request: RequestContext, asked: string, caseId: string, action: Action, options: LoadOptions): Promise<CaseFacts> {
    const manager = options.manager ?? this.dataSource.manager;
    const [row] = await query(manager, sql`SELECT c.* FROM cases c WHERE c.id = ${caseId} AND ${caseCondition(request, 'read')} ${options.lock ? sql`FOR UPDATE` : sql.empty}`);
    const found = row ? hydrate(manager, CaseEntity, row) : null;
    if (!found) throw DomainError.notFound(asked, await manager.getRepository(CaseEntity).existsBy({ id: caseId }));
    const participants = await query<{ organisation_id: string; categories: DataCategory[] }>(manager, sql`SELECT organisation_id, categories FROM case_sharing WHERE case_id = ${caseId}`);
    const sharing = Object.fromEntries(
      ALL_DATA_CATEGORIES.map((category) => [SHARED_WITH[category], participants.filter((p) => p.categories.includes(category)).map((p) => p.organisation_id)]),
    ) as SharingFacts;
    const facts = { case: found, participantOrganisationIds: participants.map((p) => p.organisation_id), sharing };
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
  ensure<S extends SubjectName>(request: RequestContext, action: Action, subjectName: S, facts: CaseFacts, fields: Partial<SubjectFields[S]> = {}): void {
    if (!this.can(request, action, subjectName, facts, fields)) throw DomainError.forbidden();
    this.ensureOpen(action, facts);
  }

  /** A closed case is read-only until it is reopened. */
  ensureOpen(action: Action, facts: CaseFacts): void {
    if (!READ_ACTIONS.has(action) && facts.case.phase === CasePhase.CLOSED) throw DomainError.caseClosed();
  }

  /** Whether the rules allow `action` (permission only: a closed case's refusal of writes is `ensureOpen`). */
  can<S extends SubjectName>(request: RequestContext, action: Action, subjectName: S, facts: CaseFacts, fields: Partial<SubjectFields[S]> = {}): boolean {
    const ofTheCase = {
      id: facts.case.id,
      leadOrganisationId: facts.case.leadOrganisationId,
      participantOrganisationIds: facts.participantOrganisationIds,
      ...facts.sharing,
    };
    return abilityOf(request).can(action, subjectOf(subjectName, { ...ofTheCase, ...fields }));
  }

  /**
   * NOT_FOUND (audited as a refusal) unless the caller may read this object of the case: an object whose data category
   * is not shared with the caller's organisation does not exist for it, even though its case does.
   */
  ensureReadable<S extends SubjectName>(request: RequestContext, subjectName: S, facts: CaseFacts, fields: Partial<SubjectFields[S]> = {}): void {
    if (!this.can(request, 'read', subjectName, facts, fields)) throw DomainError.notFound(subjectName, true);
  }
}
