import { ViewColumn, ViewEntity } from 'typeorm';
import type { DataCategory, ParticipationBasis } from '@cg/shared/domain';

/**
 * The effective basis of every participation, resolved at read time (so an agreement that expires or is terminated
 * suspends at once, and a new agreement restores at once, with no job): the lead organisation shares everything;
 * another participant rests on the agreement in force with the lead organisation (ACTIVE, today within its
 * validity, both ends inclusive; of several, the one lasting longest), otherwise on the coordinator's override
 * (the categories it names), otherwise on nothing (suspended, no category). Every access rule that names a data
 * category reads this view (see SHARED_WITH in @cg/shared/domain and the field maps in @cg/server/authz).
 */
@ViewEntity({
  name: 'case_sharing',
  expression: `
    SELECT cp.id AS participant_id, cp.case_id, cp.organisation_id,
           CASE WHEN cp.organisation_id = c.lead_organisation_id THEN 'LEAD'
                WHEN ag.id IS NOT NULL THEN 'AGREEMENT'
                WHEN cp.override_reason IS NOT NULL THEN 'OVERRIDE'
                ELSE 'SUSPENDED' END AS basis,
           CASE WHEN cp.organisation_id = c.lead_organisation_id
                  THEN ARRAY['CASE_CONTENT', 'STAKEHOLDER_CONTACTS', 'INCIDENT_DATA', 'INDICATORS', 'TASKS']::text[]
                WHEN ag.id IS NOT NULL THEN ag.data_categories
                WHEN cp.override_reason IS NOT NULL THEN cp.granted_categories
                ELSE '{}'::text[] END AS categories,
           ag.id AS agreement_id, ag.valid_to
      FROM case_participants cp
      JOIN cases c ON c.id = cp.case_id
      LEFT JOIN LATERAL (
        SELECT a.id, a.valid_to, a.data_categories
          FROM partnership_agreements a
         WHERE cp.organisation_id <> c.lead_organisation_id
           AND a.status = 'ACTIVE' AND a.valid_from <= current_date AND (a.valid_to IS NULL OR a.valid_to >= current_date)
           AND ((a.organisation_a_id = c.lead_organisation_id AND a.organisation_b_id = cp.organisation_id)
             OR (a.organisation_b_id = c.lead_organisation_id AND a.organisation_a_id = cp.organisation_id))
         ORDER BY a.valid_to DESC NULLS FIRST, a.valid_from DESC, a.id
         LIMIT 1
      ) ag ON true`,
})
export class CaseSharingView {
  @ViewColumn()
  participantId: string;

  @ViewColumn()
  caseId: string;

  @ViewColumn()
  organisationId: string;

  @ViewColumn()
  basis: ParticipationBasis;

  @ViewColumn()
  categories: DataCategory[];

  @ViewColumn()
  agreementId: string | null;

  @ViewColumn()
  validTo: string | null;
}
