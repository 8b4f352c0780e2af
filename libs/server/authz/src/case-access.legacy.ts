// TRANSITIONAL (issue 14, item 2): the former `:name`-parameter field maps, kept only while the services move to the
// `sql` tagged template; the current ones are in case-access.ts. Deleted when the last caller moves.
import { ALL_DATA_CATEGORIES, DataCategory, SHARED_WITH, UpdateKind, Visibility, type SharingFacts } from '@cg/shared/domain';
import { CASE_ACTIVITY_COLUMNS } from '@cg/server/db';
import type { RequestContext } from '@cg/server/core';
import { abilityOf, perAbility } from './abilities';
import type { Action, AppAbility } from './ability';
import { rulesToSqlNamed, type NamedFieldMap, type SqlCondition } from './rules-to-sql.legacy';

/**
 * The data-category fields of the rules (`caseContentSharedWith`, …, see SHARED_WITH) for the case whose id is the
 * SQL expression `caseId`: "the category is shared with the organisation on this case", from the `case_sharing` view
 * (the effective basis of each participation, resolved at read time). Name the case by an expression that is constant
 * per case (e.g. `k.id` of an `unnest(ids) k`) where you can, so PostgreSQL checks it once per case.
 */
export function sharingFieldsNamed(caseId: string): Record<keyof SharingFacts, (operator: 'eq' | 'in', param: string) => string> {
  const entries = ALL_DATA_CATEGORIES.map((category: DataCategory) => [
    SHARED_WITH[category],
    (op: 'eq' | 'in', p: string) =>
      `EXISTS (SELECT 1 FROM case_sharing shr WHERE shr.case_id = ${caseId} AND shr.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}) AND '${category}' = ANY(shr.categories))`,
  ]);
  return Object.fromEntries(entries) as Record<keyof SharingFacts, (operator: 'eq' | 'in', param: string) => string>;
}

/** Built once per alias and frozen, as in case-access.ts: rulesToSqlNamed then compiles a rule set once per ability. */
const fieldMaps = new Map<string, object>();
function once<T extends object>(key: string, build: () => T): T {
  let map = fieldMaps.get(key) as T | undefined;
  if (!map) {
    map = Object.freeze(build());
    if (fieldMaps.size < 1000) fieldMaps.set(key, map);
  }
  return map;
}

/** How the rules' fields read in SQL for a case aliased `c`. */
export function caseFieldsNamed(c: string): NamedFieldMap<'Case'> {
  return once(`case ${c}`, () => caseFieldsOf(c));
}

function caseFieldsOf(c: string): NamedFieldMap<'Case'> {
  return {
    id: `${c}.id`,
    leadOrganisationId: `${c}.lead_organisation_id`,
    participantOrganisationIds: (op, p) =>
      `EXISTS (SELECT 1 FROM case_participants cpa WHERE cpa.case_id = ${c}.id AND cpa.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
    ...sharingFieldsNamed(`${c}.id`),
  };
}

type CaseChildFieldMap = NamedFieldMap<'CaseUpdate'> & NamedFieldMap<'PartnerInput'> & NamedFieldMap<'Stakeholder'> & NamedFieldMap<'TrustRisk'> & NamedFieldMap<'Indicator'> & NamedFieldMap<'Action'>;

/** The same for a row `x` that belongs to a case through `x.case_id` (updates, inputs, stakeholders, risks, indicators, actions). */
export function caseChildFieldsNamed(x: string): CaseChildFieldMap {
  return once(`child ${x}`, () => caseChildFieldsOf(x));
}

function caseChildFieldsOf(x: string): CaseChildFieldMap {
  return {
    id: `${x}.id`,
    kind: `${x}.kind`,
    visibility: `${x}.visibility`,
    organisationId: `${x}.organisation_id`,
    leadOrganisationId: `(SELECT lc.lead_organisation_id FROM cases lc WHERE lc.id = ${x}.case_id)`,
    participantOrganisationIds: (op, p) =>
      `EXISTS (SELECT 1 FROM case_participants cpx WHERE cpx.case_id = ${x}.case_id AND cpx.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
    ...sharingFieldsNamed(`${x}.case_id`),
  } as CaseChildFieldMap;
}

/**
 * The rules' fields for a row `x` read per case `k` (in a query that already requires `x.case_id = k.id`). The
 * case-level facts (membership, lead organisation, data categories) name `k.id` rather than `x.case_id`, so PostgreSQL
 * checks them once per case (an InitPlan) instead of once per row of `x`; the rows allowed are the same.
 */
export function perCaseFieldsNamed(k: string, x: string): CaseChildFieldMap {
  return once(`per-case ${k} ${x}`, () => perCaseFieldsOf(k, x));
}

function perCaseFieldsOf(k: string, x: string): CaseChildFieldMap {
  return {
    ...caseChildFieldsNamed(x),
    leadOrganisationId: `(SELECT lc.lead_organisation_id FROM cases lc WHERE lc.id = ${k}.id)`,
    participantOrganisationIds: (op: 'eq' | 'in', p: string) =>
      `EXISTS (SELECT 1 FROM case_participants cpx WHERE cpx.case_id = ${k}.id AND cpx.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
    ...sharingFieldsNamed(`${k}.id`),
  } as CaseChildFieldMap;
}

/** The same for a task aliased `t`. */
export function taskFieldsNamed(t: string): NamedFieldMap<'Task'> {
  return once(`task ${t}`, () => taskFieldsOf(t));
}

function taskFieldsOf(t: string): NamedFieldMap<'Task'> {
  return {
    id: `${t}.id`,
    organisationId: `${t}.organisation_id`,
    assigneeId: `${t}.assignee_id`,
    requestedById: `${t}.requested_by_id`,
    requesterOrganisationId: `${t}.requester_organisation_id`,
    leadOrganisationId: `(SELECT lc.lead_organisation_id FROM cases lc WHERE lc.id = ${t}.case_id)`,
    participantOrganisationIds: (op, p) =>
      `EXISTS (SELECT 1 FROM case_participants cpt WHERE cpt.case_id = ${t}.case_id AND cpt.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
    ...sharingFieldsNamed(`${t}.case_id`),
  } as NamedFieldMap<'Task'>;
}

export function caseConditionNamed(request: RequestContext, action: Action, alias = 'c'): SqlCondition {
  return rulesToSqlNamed(abilityOf(request), action, 'Case', caseFieldsNamed(alias));
}

/**
 * The caller's last activity of a case aliased `c`, as one SQL expression: the activity every reader sees,
 * and the AGENCIES and LEAD tiers (see `touchCase`) only where the caller may read updates of that
 * visibility on that case, by the same CASL rules as the timeline. For a reader who may read neither (an
 * NGO partner) it is the bare column, so that ordering by it stays indexed.
 */
function orConditions(conditions: SqlCondition[]): SqlCondition {
  const parts = conditions.filter((condition) => condition.where !== 'FALSE');
  if (parts.length === 0) return { where: 'FALSE', params: {} };
  if (parts.some((condition) => condition.where === 'TRUE')) return { where: 'TRUE', params: {} };
  return { where: parts.length === 1 ? parts[0]!.where : `(${parts.map((p) => p.where).join(' OR ')})`, params: Object.assign({}, ...parts.map((p) => p.params)) };
}

export function caseActivityNamed(request: RequestContext, c = 'c'): SqlCondition {
  const ability = abilityOf(request);
  return perAbility(ability, `caseActivityNamed ${c}`, () => Object.freeze(compileCaseActivity(ability, c)));
}

function compileCaseActivity(ability: AppAbility, c: string): SqlCondition {
  const terms = [`${c}.${CASE_ACTIVITY_COLUMNS[Visibility.PARTNERS]}`];
  const params: Record<string, unknown> = {};
  const known = (expected: string) => (op: 'eq' | 'in', _param: string, value: unknown) =>
    (op === 'eq' ? value === expected : Array.isArray(value) && value.includes(expected)) ? 'TRUE' : 'FALSE';
  for (const tier of [Visibility.AGENCIES, Visibility.LEAD]) {
    // A tier's activity is the reader's when it may read updates of that visibility of some kind (the rules
    // differ by kind: an INCIDENT is INCIDENT_DATA, every other kind CASE_CONTENT).
    const readable = orConditions(
      [UpdateKind.INCIDENT, UpdateKind.NOTE].map((kind) =>
        rulesToSqlNamed(ability, 'read', 'CaseUpdate', { ...caseFieldsNamed(c), visibility: known(tier), kind: known(kind) } as NamedFieldMap<'CaseUpdate'>),
      ),
    );
    if (readable.where === 'FALSE') continue;
    const column = `${c}.${CASE_ACTIVITY_COLUMNS[tier]}`;
    terms.push(readable.where === 'TRUE' ? column : `CASE WHEN ${readable.where} THEN ${column} END`);
    Object.assign(params, readable.params);
  }
  // GREATEST ignores NULLs: a tier with no activity yet, or not readable on this case, adds nothing.
  return { where: terms.length === 1 ? terms[0]! : `GREATEST(${terms.join(', ')})`, params };
}

