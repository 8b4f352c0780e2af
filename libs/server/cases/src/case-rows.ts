import type { CaseOutcome, CasePhase, CasePriority, CaseType, Escalation, OrganisationKind } from '@cg/shared/domain';
import type { CaseModel } from '@cg/server/core';

/** A row of `caseById` / `casesPage` (cases.queries.ts): the case, its lead organisation and its coordinator. */
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
  /** Whether the reader may read the content; the content columns are absent from a list that did not ask for them. */
  content: boolean;
  diagnosis_what?: string | null;
  diagnosis_where?: string | null;
  diagnosis_when?: string | null;
  diagnosis_who?: string | null;
  diagnosis_sources?: string | null;
  goal?: string | null;
  review_date: string | null;
  outcome: CaseOutcome | null;
  closing_assessment?: string | null;
  /** ISO text (`isoTimestamp`), passed through by the DateTime scalar. */
  closed_at: string | null;
  last_activity_at: string;
  created_at: string;
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
    closingAssessment: row.closing_assessment ?? null,
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
