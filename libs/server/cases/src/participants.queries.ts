import { isoTimestamp, sql, type Sql } from '@cg/server/db';

/** The SQL of who takes part in a case, and on what basis (the `case_sharing` view resolves it at every read). */

/**
 * The participants of cases the reader was already found to read (their participant lists, with the basis of each, are
 * part of their header): each with its organisation, its basis now, and the agreement that basis rests on.
 */
export function participantsOfCases(ids: readonly string[]): Sql {
  return sql`SELECT cp.case_id, cp.id, cp.role, cp.agreement_id, cp.override_reason, cp.granted_categories, ${isoTimestamp(sql`cp.added_at`)} AS added_at,
          s.basis, s.categories, (s.agreement_id IS NOT NULL) AS in_force, to_char(s.valid_to, 'YYYY-MM-DD') AS valid_until,
          a.id AS basis_agreement_id, to_char(a.valid_from, 'YYYY-MM-DD') AS basis_valid_from, to_char(a.valid_to, 'YYYY-MM-DD') AS basis_valid_to,
          a.data_categories AS basis_categories,
          o.id AS org_id, o.name, o.code, o.kind, o.parent_id, o.area, o.active, o.version
     FROM case_participants cp
     JOIN case_sharing s ON s.participant_id = cp.id
     JOIN organisations o ON o.id = cp.organisation_id
     -- The agreement in force it rests on; otherwise the one that ended last (expired or terminated, so the reader
     -- sees why it is suspended), or the one it joined under.
     LEFT JOIN partnership_agreements a ON a.id = coalesce(
       s.agreement_id,
       (SELECT l.id FROM partnership_agreements l JOIN cases lc ON lc.id = cp.case_id
         WHERE l.status IN ('ACTIVE', 'SUSPENDED', 'TERMINATED') AND l.valid_from <= current_date AND cp.organisation_id <> lc.lead_organisation_id
           AND ((l.organisation_a_id = lc.lead_organisation_id AND l.organisation_b_id = cp.organisation_id)
             OR (l.organisation_b_id = lc.lead_organisation_id AND l.organisation_a_id = cp.organisation_id))
         ORDER BY l.valid_to DESC NULLS FIRST, l.updated_at DESC, l.id LIMIT 1),
       cp.agreement_id)
    WHERE cp.case_id = ANY(${[...ids]})
    ORDER BY cp.role, o.name`;
}

/**
 * The same without the basis (no `case_sharing`, no agreement): for a list that shows who takes part, not on what
 * basis (`BASIS_FIELDS` not asked for). The same rows in the same order.
 */
export function participantsOfCasesWithoutBasis(ids: readonly string[]): Sql {
  return sql`SELECT cp.case_id, cp.id, cp.role, cp.agreement_id, cp.override_reason, cp.granted_categories, ${isoTimestamp(sql`cp.added_at`)} AS added_at,
          o.id AS org_id, o.name, o.code, o.kind, o.parent_id, o.area, o.active, o.version
     FROM case_participants cp
     JOIN organisations o ON o.id = cp.organisation_id
    WHERE cp.case_id = ANY(${[...ids]})
    ORDER BY cp.role, o.name`;
}

/** The newest partnership agreement in force today between the two organisations (`id`), if any. */
export function agreementInForce(leadOrganisationId: string, organisationId: string): Sql {
  return sql`SELECT id FROM partnership_agreements
    WHERE status = 'ACTIVE' AND valid_from <= current_date AND (valid_to IS NULL OR valid_to >= current_date)
      AND ((organisation_a_id = ${leadOrganisationId} AND organisation_b_id = ${organisationId}) OR (organisation_a_id = ${organisationId} AND organisation_b_id = ${leadOrganisationId}))
    ORDER BY valid_from DESC LIMIT 1`;
}
