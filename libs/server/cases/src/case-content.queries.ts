import { sql, type Sql } from '@cg/server/db';

/**
 * The SQL of what lives inside cases: the timeline, partner input, stakeholders and trust risks, read for a page of
 * cases at once (`unnest(ids) k`, one statement per kind of row whatever the number of cases). Every read takes the
 * caller's condition for that kind of row (`rulesToSql` over `perCaseFields('k', …)` or `caseChildFields(…)`).
 */

/** Per case `k`, the newest updates the reader may read (`visible` on `u`), after `cursor` ([time, id]), `limit` of them. */
export function updatesOfCases(ids: readonly string[], visible: Sql, limit: number, cursor: (string | number)[] | null): Sql {
  const after = cursor ? sql`AND (u.created_at, u.id) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)` : sql.empty;
  return sql`SELECT x.* FROM unnest(${[...ids]}::uuid[]) AS k(id)
    CROSS JOIN LATERAL (
      SELECT u.id, u.case_id, u.kind, u.visibility, u.body, u.created_at,
             a.id AS author_id, a.display_name AS author_name, a.organisation_id AS author_org
        FROM case_updates u LEFT JOIN users a ON a.id = u.author_id
       WHERE u.case_id = k.id AND ${visible} ${after}
       ORDER BY u.created_at DESC, u.id DESC
       LIMIT ${limit}
    ) x`;
}

/** One update (the same columns as `updatesOfCases`), if the reader may read it (`visible` on `u`). */
export function updateById(id: string, visible: Sql): Sql {
  return sql`SELECT u.id, u.case_id, u.kind, u.visibility, u.body, u.created_at,
                    a.id AS author_id, a.display_name AS author_name, a.organisation_id AS author_org
               FROM case_updates u LEFT JOIN users a ON a.id = u.author_id
              WHERE u.id = ${id} AND ${visible}`;
}

/** Per case: its participants, the updates, the input awaiting review and the open risks the reader may read. */
export function countsOfCases(ids: readonly string[], visible: { updates: Sql; inputs: Sql; risks: Sql }, kinds: readonly CountKind[] = COUNT_KINDS): Sql {
  const columns: Record<CountKind, Sql> = {
    participants: sql`(SELECT count(*) FROM case_participants p WHERE p.case_id = k.id)::int AS participants`,
    updates: sql`(SELECT count(*) FROM case_updates u WHERE u.case_id = k.id AND ${visible.updates})::int AS updates`,
    inputs: sql`(SELECT count(*) FROM partner_inputs i WHERE i.case_id = k.id AND i.status IN ('SUBMITTED', 'ACKNOWLEDGED') AND ${visible.inputs})::int AS inputs`,
    risks: sql`(SELECT count(*) FROM trust_risks r WHERE r.case_id = k.id AND r.status IN ('OPEN', 'MITIGATING') AND ${visible.risks})::int AS risks`,
  };
  return sql`SELECT k.id, ${sql.join(kinds.map((kind) => columns[kind]))}
    FROM unnest(${[...ids]}::uuid[]) AS k(id)`;
}

/** What `countsOfCases` counts per case: participants, readable updates, input awaiting review, open risks. */
export type CountKind = 'participants' | 'updates' | 'inputs' | 'risks';
export const COUNT_KINDS: readonly CountKind[] = ['participants', 'updates', 'inputs', 'risks'];

/** Per case, the data categories shared with the organisation (no row: it does not take part). */
export function sharingWith(ids: readonly string[], organisationId: string): Sql {
  return sql`SELECT case_id, categories FROM case_sharing WHERE case_id = ANY(${[...ids]}) AND organisation_id = ${organisationId}`;
}

/**
 * The stakeholders (`s`) of the cases `k` the reader may read (`visible`), or the one stakeholder `only`. Influence and
 * attitude where `personal` (the readPersonal condition, evaluated per row as `pv.personal`) allows; the personal
 * columns (interests, contact details, notes) only when `withPersonal` asks for them, under the same condition.
 */
export function stakeholdersOfCases(ids: readonly string[], visible: Sql, personal: Sql, withPersonal: boolean, only?: string): Sql {
  const personalColumns = withPersonal
    ? sql`, CASE WHEN pv.personal THEN s.interests END AS interests, CASE WHEN pv.personal THEN s.contact_details END AS contact_details,
           CASE WHEN pv.personal THEN s.notes END AS notes`
    : sql.empty;
  return sql`SELECT s.id, s.case_id, s.name, s.triangle_role, s.version, pv.personal,
         CASE WHEN pv.personal THEN s.influence END AS influence, CASE WHEN pv.personal THEN s.attitude END AS attitude${personalColumns}
    FROM unnest(${[...ids]}::uuid[]) AS k(id)
    JOIN stakeholders s ON s.case_id = k.id
    CROSS JOIN LATERAL (SELECT ${personal} AS personal) pv
   WHERE ${visible}${only ? sql` AND s.id = ${only}` : sql.empty}
   ORDER BY s.name, s.id`;
}

/** The trust risks (`r`) of the cases `k` the reader may read (`visible`), or the one risk `only`; highest score first. */
export function risksOfCases(ids: readonly string[], visible: Sql, only?: string): Sql {
  return sql`SELECT r.id, r.case_id, r.title, r.description, r.likelihood, r.impact, r.score, r.mitigation, r.owner_organisation_id, r.owner_user_id, r.status, r.version
    FROM unnest(${[...ids]}::uuid[]) AS k(id) JOIN trust_risks r ON r.case_id = k.id
   WHERE ${visible}${only ? sql` AND r.id = ${only}` : sql.empty} ORDER BY r.score DESC, r.created_at, r.id`;
}

/** The partner input (`i`) of the cases the reader may read (`visible`), or the one input `only`; newest first. */
export function inputsOfCases(ids: readonly string[], visible: Sql, only?: string): Sql {
  return sql`SELECT i.id, i.case_id, i.kind, i.body, i.status, i.response, i.reviewed_at, i.created_at, i.version,
         o.id AS org_id, o.name AS org_name, o.code AS org_code, o.kind AS org_kind, o.parent_id AS org_parent, o.area AS org_area, o.active AS org_active, o.version AS org_version,
         a.id AS author_id, a.display_name AS author_name,
         CASE WHEN i.status IN ('SUBMITTED', 'ACKNOWLEDGED') THEN floor(extract(epoch FROM now() - i.created_at) / 3600)::int END AS waiting_hours
    FROM partner_inputs i
    JOIN organisations o ON o.id = i.organisation_id
    LEFT JOIN users a ON a.id = i.author_id
   WHERE i.case_id = ANY(${[...ids]}) AND ${visible}${only ? sql` AND i.id = ${only}` : sql.empty}
   ORDER BY i.created_at DESC, i.id DESC`;
}

/** The organisation that wrote a partner input (`organisation_id`). */
export function inputAuthorOrganisation(id: string): Sql {
  return sql`SELECT organisation_id FROM partner_inputs WHERE id = ${id}`;
}

/** The organisation of an active user (`organisation_id`); no row for an unknown or deactivated one. */
export function activeUserOrganisation(userId: string): Sql {
  return sql`SELECT organisation_id FROM users WHERE id = ${userId} AND active`;
}
