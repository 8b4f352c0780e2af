import { CASE_CHILD_TABLES } from '@cg/server/authz';
import { sql, type Sql } from '@cg/server/db';
import type { CaseLinkKind } from '@cg/shared/domain';

/**
 * The SQL of linked and merged cases (issue 16): the links of a page of cases, likely duplicates of a case being
 * opened, and the statements of a merge. Every read carries the reader's case rules (`caseCondition`).
 */

/** The columns of a `CaseSummary` of the case `o`. */
const summaryOf = (o: string) => {
  const c = (column: string) => sql.ident(`${o}.${column}`);
  return sql`${c('id')} AS other_id, ${c('reference')} AS other_reference, ${c('title')} AS other_title, ${c('type')} AS other_type, ${c('phase')} AS other_phase, ${c('district')} AS other_district, ${c('version')} AS other_version`;
};

/**
 * The links of the cases `ids` (`for_case_id` says whose), in one statement whatever the number of cases: only those
 * whose other case `o` the reader may read (`readOther`), with whether the reader may remove each (`linkOther` on the
 * other case `o`, `linkThis` on the case `kc`).
 */
export function linksOfCases(ids: readonly string[], readOther: Sql, linkThis: Sql, linkOther: Sql): Sql {
  return sql`SELECT kc.id AS for_case_id, l.id, l.kind, (l.case_id = kc.id) AS outgoing, l.created_at,
      ${summaryOf('o')}, (${linkThis} AND ${linkOther}) AS can_remove
    FROM cases kc
    JOIN case_links l ON l.case_id = kc.id OR l.linked_case_id = kc.id
    JOIN cases o ON o.id = CASE WHEN l.case_id = kc.id THEN l.linked_case_id ELSE l.case_id END
    WHERE kc.id = ANY(${[...ids]}::uuid[]) AND ${readOther}
    ORDER BY kc.id, l.created_at, l.id`;
}

/** One link (`case_id`, `linked_case_id`). */
export function linkById(id: string): Sql {
  return sql`SELECT id, case_id, linked_case_id, kind FROM case_links WHERE id = ${id}`;
}

/** Inserts a link unless the pair already has one of that kind (whichever way): returns its id, or nothing. */
export function insertLink(caseId: string, linkedCaseId: string, kind: CaseLinkKind, createdById: string | null): Sql {
  return sql`INSERT INTO case_links (case_id, linked_case_id, kind, created_by_id) VALUES (${caseId}, ${linkedCaseId}, ${kind}, ${createdById})
    ON CONFLICT DO NOTHING RETURNING id`;
}

export function deleteLink(id: string): Sql {
  return sql`DELETE FROM case_links WHERE id = ${id}`;
}

export interface DuplicateQuery {
  title: string;
  district: string;
  address: string;
  diagnosis: string;
  limit: number;
}

/**
 * Likely duplicates among the cases `c` the reader may read (`read`): the same district or the same address, and a
 * title similar by trigrams (`%`, or the typed title found within the case's, `<%`), or a similar diagnosis where the
 * reader may read the case's content (`content`): a diagnosis it may not read is never compared. The trigram
 * operators use the GIN indexes ix_cases_title_trgm and ix_cases_diagnosis_trgm. Best first, at most `limit`.
 */
export function likelyDuplicates(read: Sql, content: Sql, q: DuplicateQuery): Sql {
  const diagnosis = q.diagnosis.length >= 3 ? q.diagnosis : null;
  const address = q.address.length > 0 ? q.address.toLowerCase() : null;
  return sql`SELECT ${summaryOf('c')},
      GREATEST(similarity(c.title, ${q.title}), word_similarity(${q.title}, c.title),
        CASE WHEN ${diagnosis}::text IS NOT NULL AND cv.content THEN similarity(c.diagnosis_what, ${diagnosis}::text) ELSE 0 END)::float8 AS similarity,
      (${address}::text IS NOT NULL AND lower(c.address) = ${address}::text) AS same_address
    FROM cases c
    CROSS JOIN LATERAL (SELECT ${content} AS content OFFSET 0) cv
    WHERE c.merged_into_id IS NULL
      AND (lower(c.district) = lower(${q.district}) OR (${address}::text IS NOT NULL AND lower(c.address) = ${address}::text))
      AND (c.title % ${q.title} OR ${q.title} <% c.title OR (${diagnosis}::text IS NOT NULL AND c.diagnosis_what % ${diagnosis}::text AND cv.content))
      AND ${read}
    ORDER BY similarity DESC, c.id
    LIMIT ${q.limit}`;
}

/** The tables a merge moves from the duplicate to the survivor (everything that lives in a case). */
// Attachments too: a file of a moved update or input stays with it, and the case's own files join the survivor.
export const MERGED_TABLES: string[] = [...Object.values(CASE_CHILD_TABLES), 'attachments'];

/** Moves the rows of `table` from case `from` to case `to`; returns their number (second element of the result). */
export function moveRows(table: string, from: string, to: string): Sql {
  return sql`UPDATE ${sql.ident(table)} SET case_id = ${to} WHERE case_id = ${from}`;
}

/**
 * The duplicate's participants join the survivor (those not already on it; a LEAD becomes a PARTNER, since the
 * survivor keeps its own lead), keeping the basis they rest on; then they leave the duplicate, which nobody reads any
 * more: its id answers the survivor.
 */
export function copyParticipants(from: string, to: string, addedById: string | null): Sql {
  return sql`INSERT INTO case_participants (case_id, organisation_id, role, agreement_id, override_reason, granted_categories, added_by_id)
    SELECT ${to}, p.organisation_id, CASE WHEN p.role = 'LEAD' THEN 'PARTNER'::participant_role ELSE p.role END,
      p.agreement_id, p.override_reason, p.granted_categories, ${addedById}
    FROM case_participants p WHERE p.case_id = ${from}
    ON CONFLICT (case_id, organisation_id) DO NOTHING`;
}

export function removeParticipants(caseId: string): Sql {
  return sql`DELETE FROM case_participants WHERE case_id = ${caseId}`;
}

/**
 * The duplicate's links move to the survivor: a link between the two disappears, as does one the survivor already
 * has (same kind, same other case); the rest are repointed.
 */
export function mergeLinks(from: string, to: string): Sql[] {
  const other = (alias: string, self: string) => sql`CASE WHEN ${sql.ident(`${alias}.case_id`)} = ${self} THEN ${sql.ident(`${alias}.linked_case_id`)} ELSE ${sql.ident(`${alias}.case_id`)} END`;
  return [
    sql`DELETE FROM case_links WHERE (case_id = ${from} AND linked_case_id = ${to}) OR (case_id = ${to} AND linked_case_id = ${from})`,
    sql`DELETE FROM case_links d WHERE (d.case_id = ${from} OR d.linked_case_id = ${from})
      AND EXISTS (SELECT 1 FROM case_links s WHERE s.kind = d.kind AND (s.case_id = ${to} OR s.linked_case_id = ${to}) AND ${other('s', to)} = ${other('d', from)})`,
    sql`UPDATE case_links SET case_id = ${to} WHERE case_id = ${from}`,
    sql`UPDATE case_links SET linked_case_id = ${to} WHERE linked_case_id = ${from}`,
  ];
}

/**
 * The survivor: version + 1, and the latest activity of either case in each visibility tier. Cases merged earlier
 * into the duplicate now answer the survivor directly (a redirect is always one step).
 */
export function mergeCaseRows(from: string, to: string): Sql[] {
  return [
    sql`UPDATE cases s SET version = s.version + 1, updated_at = now(), last_activity_at = now(),
        agencies_activity_at = GREATEST(s.agencies_activity_at, d.agencies_activity_at), lead_activity_at = GREATEST(s.lead_activity_at, d.lead_activity_at)
      FROM cases d WHERE s.id = ${to} AND d.id = ${from}`,
    sql`UPDATE cases SET merged_into_id = ${to} WHERE merged_into_id = ${from}`,
  ];
}

/** Where a case's id leads: itself, or the case it was merged into. */
export function mergedInto(id: string): Sql {
  return sql`SELECT merged_into_id FROM cases WHERE id = ${id} AND merged_into_id IS NOT NULL`;
}

/** The id of the case with this reference. */
export function caseIdByReference(reference: string): Sql {
  return sql`SELECT id FROM cases WHERE reference = ${reference}`;
}
