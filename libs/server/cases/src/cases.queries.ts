import { abilityOf, caseActivity, caseActivityTerms, caseChildFields, caseCondition, rulesToSql, type ActivityTerm } from '@cg/server/authz';
import type { RequestContext } from '@cg/server/core';
import { isoTimestamp, sql, type Sql } from '@cg/server/db';
import type { CaseFilter } from './inputs';
import { CaseOrder } from './enums.graphql';

/**
 * The SQL of cases themselves: one case or a page of them with their lead organisation and coordinator, the count
 * of a list, the reference sequence, and the evidence a closing asks for. What lives inside a case (timeline,
 * input, stakeholders, risks) is in case-content.queries.ts, its participants in participants.queries.ts.
 */

/** What a reader may see of cases, from its rules (see `caseCondition` and `caseActivity` in @cg/server/authz). */
export interface CaseReader {
  /** The `read` condition on the case `c`. */
  read: Sql;
  /** The `readContent` condition on the case `c` (diagnosis, goal, closing assessment: CASE_CONTENT). */
  content: Sql;
  /** The reader's last activity of the case `c`. */
  activity: Sql;
  /** Its tiers (`activity` is their greatest), for a page in that order that stays on the tiers' indexes. */
  activityTerms: readonly ActivityTerm[];
  /** The `review` condition on a partner input `fi` of the case `c` (for the awaiting-review filter). */
  reviewableInput: Sql;
}

/** The caller's conditions on cases (aliased `c`), from its rules: what every list and read of cases starts from. */
export function caseReader(request: RequestContext): CaseReader {
  return {
    read: caseCondition(request, 'read'),
    content: caseCondition(request, 'readContent'),
    activity: caseActivity(request),
    activityTerms: caseActivityTerms(request),
    reviewableInput: rulesToSql(abilityOf(request), 'review', 'PartnerInput', caseChildFields('fi')),
  };
}

/**
 * Full-text search over reference, title and diagnosis: the expression `CASE_SEARCH_SQL` of @cg/server/db, on which the
 * GIN index `ix_cases_search` is built (a spec holds the two identical, so that the index is used).
 */
export function caseSearchVector(alias: string): Sql {
  const c = (column: string) => sql.ident(`${alias}.${column}`);
  return sql`to_tsvector('simple', ${c('reference')} || ' ' || ${c('title')} || ' ' || ${c('diagnosis_what')} || ' ' || ${c('diagnosis_where')} || ' ' || ${c('diagnosis_who')})`;
}

/**
 * The columns a case page reads: the case, its lead organisation and its coordinator, in one row. The last
 * activity is the reader's (`activity`), never the raw column. Timestamps come as the ISO text the API answers
 * (`isoTimestamp`), not as values to parse and print again. The content (diagnosis, goal, closing assessment:
 * CASE_CONTENT) only where `cv.content` (see caseRowFrom) says the reader may read it; otherwise it never leaves the
 * database.
 */
function caseRowSelect(activity: Sql, withContent: boolean): Sql {
  const content = withContent
    ? sql`cv.content,
  CASE WHEN cv.content THEN c.diagnosis_what END AS diagnosis_what, CASE WHEN cv.content THEN c.diagnosis_where END AS diagnosis_where,
  CASE WHEN cv.content THEN c.diagnosis_when END AS diagnosis_when, CASE WHEN cv.content THEN c.diagnosis_who END AS diagnosis_who,
  CASE WHEN cv.content THEN c.diagnosis_sources END AS diagnosis_sources, CASE WHEN cv.content THEN c.goal END AS goal,
  CASE WHEN cv.content THEN c.closing_assessment END AS closing_assessment,`
    : sql`FALSE AS content,`;
  return sql`
  c.id, c.reference, c.title, c.type, c.phase, c.escalation, c.priority, c.priority_rank,
  c.district, c.address, c.latitude, c.longitude, c.area_polygon, ${content}
  to_char(c.review_date, 'YYYY-MM-DD') AS review_date, c.outcome, ${isoTimestamp(sql`c.closed_at`)} AS closed_at,
  ${isoTimestamp(activity)} AS last_activity_at, ${isoTimestamp(sql`c.created_at`)} AS created_at, c.version,
  lo.id AS lead_id, lo.name AS lead_name, lo.code AS lead_code, lo.kind AS lead_kind, lo.parent_id AS lead_parent_id,
  lo.area AS lead_area, lo.active AS lead_active, lo.version AS lead_version,
  co.id AS coordinator_id, co.display_name AS coordinator_name, co.organisation_id AS coordinator_organisation_id`;
}

/**
 * `content`: the SQL condition of the reader's `readContent` rules on the case `c`, evaluated once per row returned
 * (`OFFSET 0` keeps PostgreSQL from copying it into each column that reads it); `cases`: the rows, e.g. a page
 * already ordered and limited, so that the condition is not evaluated for rows that are not returned.
 */
function caseRowFrom(content: Sql | null, cases: Sql = sql`cases`): Sql {
  return sql`${cases} c
  JOIN organisations lo ON lo.id = c.lead_organisation_id
  JOIN users co ON co.id = c.coordinator_id${content ? sql`
  CROSS JOIN LATERAL (SELECT ${content} AS content OFFSET 0) cv` : sql.empty}`;
}

/** The columns and joins of case rows: with the content (CASE_CONTENT) where the reader may read it, or without. */
function caseRows(reader: CaseReader, withContent: boolean, cases?: Sql): Sql {
  return sql`SELECT ${caseRowSelect(reader.activity, withContent)} FROM ${caseRowFrom(withContent ? reader.content : null, cases)}`;
}

/** One case (a `CaseRow`), if the reader may read it. */
export function caseById(reader: CaseReader, id: string): Sql {
  return sql`${caseRows(reader, true)} WHERE c.id = ${id} AND ${reader.read}`;
}

/** The conditions of a list of cases on the case `c`: the reader's rules and the filter. */
export function casesWhere(reader: CaseReader, filter: CaseFilter): Sql {
  const search = filter.search?.trim();
  return sql.and([
    reader.read,
    filter.phase?.length ? sql`c.phase = ANY(${filter.phase})` : sql.true,
    filter.type?.length ? sql`c.type = ANY(${filter.type})` : sql.true,
    filter.escalation?.length ? sql`c.escalation = ANY(${filter.escalation})` : sql.true,
    filter.leadOrganisationId ? sql`c.lead_organisation_id = ${filter.leadOrganisationId}` : sql.true,
    filter.participantOrganisationId
      ? sql`EXISTS (SELECT 1 FROM case_participants fp WHERE fp.case_id = c.id AND fp.organisation_id = ${filter.participantOrganisationId})`
      : sql.true,
    filter.district ? sql`lower(c.district) = lower(${filter.district.trim()})` : sql.true,
    filter.reviewBefore ? sql`c.review_date < ${filter.reviewBefore.slice(0, 10)}` : sql.true,
    // Input the caller may review (the same rule as reviewPartnerInput): none for a reader who reviews nothing.
    filter.inputsAwaitingReview === undefined
      ? sql.true
      : sql`${filter.inputsAwaitingReview ? sql.empty : sql`NOT `}EXISTS (SELECT 1 FROM partner_inputs fi WHERE fi.case_id = c.id AND fi.status IN ('SUBMITTED', 'ACKNOWLEDGED') AND ${reader.reviewableInput})`,
    // The diagnosis is CASE_CONTENT: where it is not shared, only the reference and title are searched.
    search
      ? sql`${caseSearchVector('c')} @@ websearch_to_tsquery('simple', ${search}) AND (${reader.content} OR to_tsvector('simple', c.reference || ' ' || c.title) @@ websearch_to_tsquery('simple', ${search}))`
      : sql.true,
  ]);
}

/**
 * A page of cases (`CaseRow`s) in the chosen order, keyset-paginated after `cursor` ([order, key, id]): the page is
 * chosen, ordered and limited first, then joined to its lead organisation and coordinator, so that the content
 * condition is evaluated only for the rows returned.
 */
export function casesPage(reader: CaseReader, where: Sql, order: CaseOrder, limit: number, cursor: (string | number)[] | null, withContent = true): Sql {
  let orderBy: Sql;
  let after: Sql = sql.true;
  switch (order) {
    case CaseOrder.REVIEW_DATE:
      orderBy = sql`c.review_date ASC NULLS LAST, c.id ASC`;
      if (cursor) {
        after = cursor[1] === ''
          ? sql`(c.review_date IS NULL AND c.id > ${cursor[2]})`
          : sql`(c.review_date > ${cursor[1]} OR (c.review_date = ${cursor[1]} AND c.id > ${cursor[2]}) OR c.review_date IS NULL)`;
      }
      break;
    case CaseOrder.PRIORITY:
      orderBy = sql`c.priority_rank DESC, c.id DESC`;
      if (cursor) after = sql`(c.priority_rank, c.id) < (${cursor[1]}, ${cursor[2]})`;
      break;
    default:
      // The reader's last activity (and so its cursor): an update it may not read never moves a case up.
      orderBy = sql`${reader.activity} DESC, c.id DESC`;
      if (cursor) after = sql`(${reader.activity}, c.id) < (${cursor[1]}::timestamptz, ${cursor[2]}::uuid)`;
      if (reader.activityTerms.length > 1) return activityPage(reader, sql.and([where, after]), orderBy, limit, withContent);
  }
  const page = sql`(SELECT c.* FROM cases c WHERE ${sql.and([where, after])} ORDER BY ${orderBy} LIMIT ${limit + 1})`;
  return sql`${caseRows(reader, withContent, page)} ORDER BY ${orderBy}`;
}

/**
 * A page in the order of a reader's activity that spans several tiers (GREATEST of columns, some only where the
 * reader may read them): no index holds that order, and sorting every case the reader may see by it costs a
 * rule check per case (a coordinator's 2,000 of 20,000: 55 ms). Instead the page is taken from candidates: for
 * each tier, the first `limit + 1` cases in that tier's own (indexed) order among those the page may hold. The
 * result is the same: a case on the page owes its activity to one tier it may read; were it not among that tier's
 * first `limit + 1`, each of those would have an activity at least as recent (and a larger id on a tie), so that
 * `limit + 1` cases would come before it.
 */
function activityPage(reader: CaseReader, where: Sql, orderBy: Sql, limit: number, withContent: boolean): Sql {
  const firstOfTier = (term: ActivityTerm, index: number) => {
    const inTier = index === 0 ? sql.true : sql.and([sql`${term.column} IS NOT NULL`, term.readable ?? sql.true]);
    return sql`(SELECT c.id FROM cases c WHERE ${sql.and([where, inTier])} ORDER BY ${term.column} DESC, c.id DESC LIMIT ${limit + 1})`;
  };
  const candidates = sql.join(reader.activityTerms.map(firstOfTier), sql` UNION ALL `);
  const page = sql`(SELECT c.* FROM cases c WHERE c.id IN (${candidates}) ORDER BY ${orderBy} LIMIT ${limit + 1})`;
  return sql`${caseRows(reader, withContent, page)} ORDER BY ${orderBy}`;
}

/** How many cases a list holds (`n`), whatever the page. */
export function casesCount(where: Sql): Sql {
  return sql`SELECT count(*)::int AS n FROM cases c WHERE ${where}`;
}

/** The next number of the organisation's case references in `year` (`last_value`), counted in one statement. */
export function nextCaseNumber(organisationId: string, year: number): Sql {
  return sql`INSERT INTO case_sequences (organisation_id, year, last_value) VALUES (${organisationId}, ${year}, 1)
    ON CONFLICT (organisation_id, year) DO UPDATE SET last_value = case_sequences.last_value + 1 RETURNING last_value`;
}

/** The indicators of a case (`name`) with no measurement after their baseline: what a closing must explain. */
export function unmeasuredIndicators(caseId: string): Sql {
  return sql`SELECT i.name FROM indicators i WHERE i.case_id = ${caseId}
      AND NOT EXISTS (SELECT 1 FROM measurements m WHERE m.indicator_id = i.id AND m.measured_on > i.baseline_date)
    ORDER BY i.name`;
}
