import type { CaseOutcome, CasePhase, CasePriority, CaseType, Escalation, OrganisationKind } from '@cg/shared/domain';
import type { CaseModel } from './case.model';

/**
 * The columns a case page reads: the case, its lead organisation and its coordinator, in one row. The last
 * activity is the reader's (`caseActivityNamed`), never the raw column. The content (diagnosis, goal, closing assessment:
 * CASE_CONTENT) only where `cv.content` (see caseRowFrom) says the reader may read it; otherwise it never leaves the
 * database.
 */
export const caseRowSelect = (activity: string) => `
  c.id, c.reference, c.title, c.type, c.phase, c.escalation, c.priority, c.priority_rank,
  c.district, c.address, c.latitude, c.longitude, cv.content,
  CASE WHEN cv.content THEN c.diagnosis_what END AS diagnosis_what, CASE WHEN cv.content THEN c.diagnosis_where END AS diagnosis_where,
  CASE WHEN cv.content THEN c.diagnosis_when END AS diagnosis_when, CASE WHEN cv.content THEN c.diagnosis_who END AS diagnosis_who,
  CASE WHEN cv.content THEN c.diagnosis_sources END AS diagnosis_sources, CASE WHEN cv.content THEN c.goal END AS goal,
  to_char(c.review_date, 'YYYY-MM-DD') AS review_date, c.outcome, CASE WHEN cv.content THEN c.closing_assessment END AS closing_assessment, c.closed_at,
  ${activity} AS last_activity_at, c.created_at, c.version,
  lo.id AS lead_id, lo.name AS lead_name, lo.code AS lead_code, lo.kind AS lead_kind, lo.parent_id AS lead_parent_id,
  lo.area AS lead_area, lo.active AS lead_active, lo.version AS lead_version,
  co.id AS coordinator_id, co.display_name AS coordinator_name, co.organisation_id AS coordinator_organisation_id`;

/**
 * `content`: the SQL condition of the reader's `readContent` rules on the case `c`, evaluated once per row returned
 * (`OFFSET 0` keeps PostgreSQL from copying it into each column that reads it); `cases`: the rows, e.g. a page
 * already ordered and limited, so that the condition is not evaluated for rows that are not returned.
 */
export const caseRowFrom = (content: string, cases = 'cases') => `${cases} c
  JOIN organisations lo ON lo.id = c.lead_organisation_id
  JOIN users co ON co.id = c.coordinator_id
  CROSS JOIN LATERAL (SELECT ${content} AS content OFFSET 0) cv`;

export interface CaseRow {
  id: string;
  reference: string;
  title: string;
  type: CaseType;
  phase: CasePhase;
  escalation: Escalation;
  priority: CasePriority;
  priority_rank: number;
  district: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  content: boolean;
  diagnosis_what: string | null;
  diagnosis_where: string | null;
  diagnosis_when: string | null;
  diagnosis_who: string | null;
  diagnosis_sources: string | null;
  goal: string | null;
  review_date: string | null;
  outcome: CaseOutcome | null;
  closing_assessment: string | null;
  closed_at: Date | null;
  last_activity_at: Date;
  created_at: Date;
  version: number;
  lead_id: string;
  lead_name: string;
  lead_code: string;
  lead_kind: OrganisationKind;
  lead_parent_id: string | null;
  lead_area: string;
  lead_active: boolean;
  lead_version: number;
  coordinator_id: string;
  coordinator_name: string;
  coordinator_organisation_id: string;
}

export function toCaseModel(row: CaseRow): CaseModel {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    type: row.type,
    phase: row.phase,
    escalation: row.escalation,
    priority: row.priority,
    area: { district: row.district, address: row.address, latitude: row.latitude, longitude: row.longitude },
    diagnosis: row.content
      ? { what: row.diagnosis_what ?? '', where: row.diagnosis_where ?? '', when: row.diagnosis_when ?? '', who: row.diagnosis_who ?? '', sources: row.diagnosis_sources ?? '' }
      : null,
    goal: row.content ? (row.goal ?? '') : null,
    reviewDate: row.review_date,
    outcome: row.outcome,
    closingAssessment: row.closing_assessment,
    closedAt: row.closed_at,
    lastActivityAt: row.last_activity_at,
    createdAt: row.created_at,
    version: row.version,
    leadOrganisation: {
      id: row.lead_id,
      name: row.lead_name,
      code: row.lead_code,
      kind: row.lead_kind,
      parentId: row.lead_parent_id,
      area: row.lead_area,
      active: row.lead_active,
      version: row.lead_version,
    },
    coordinator: { id: row.coordinator_id, displayName: row.coordinator_name, organisationId: row.coordinator_organisation_id },
  };
}
