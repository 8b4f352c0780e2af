import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { DomainError, ParticipationBasis } from '@cg/shared/domain';
import type { Attitude, DataCategory, Level, OrganisationKind, ParticipantRole, PartnerInputKind, PartnerInputStatus, RiskStatus, TriangleRole, UpdateKind, Visibility } from '@cg/shared/domain';
import { abilityOf, CaseAccess, caseChildFieldsNamed, perCaseFieldsNamed, rulesToSqlNamed, type SqlCondition } from '@cg/server/authz';
import { AuditService } from '@cg/server/audit';
import { decodeCursor, organisationFromRow, pageSize, toConnection, type Connection, type GraphQLContext, type OrganisationColumns, type RequestContext } from '@cg/server/core';
import type { CaseParticipantModel, CaseUpdateModel, PartnerInputModel, StakeholderModel, TrustRiskModel } from './case.model';

/**
 * The fields of a stakeholder whose reading is a reading of personal data, written to the audit trail: contact
 * details and notes (personal data by definition, DESIGN §2) and interests (free text about a named person, as
 * likely as the notes to say something about them). Influence and attitude are not among them: closed scales
 * (LOW…HIGH, SUPPORTIVE…OPPOSED) that the problem-triangle list shows to work the case; they are still withheld
 * from readers without STAKEHOLDER_CONTACTS (partners see name and role only), but reading them is not logged.
 */
export const STAKEHOLDER_PERSONAL_FIELDS = ['contactDetails', 'notes', 'interests'] as const;

export interface CaseCounts {
  participants: number;
  updates: number;
  inputsAwaitingReview: number;
  openRisks: number;
}

/**
 * Everything read inside cases, batched per request: whatever the number of cases on a page, each kind of
 * detail is one SQL statement. Every statement carries the caller's rules for that kind of row.
 */
@Injectable()
export class CaseReadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: CaseAccess,
  ) {}

  participants(context: GraphQLContext): DataLoader<string, CaseParticipantModel[]> {
    return context.loaders.get('case.participants', () => new DataLoader((ids: readonly string[]) => this.loadParticipants(ids)));
  }

  counts(context: GraphQLContext): DataLoader<string, CaseCounts> {
    return context.loaders.get('case.counts', () => new DataLoader((ids: readonly string[]) => this.loadCounts(context.request, ids)));
  }

  /** One loader per (first, after): every case on the page gets its newest updates from one LATERAL query. */
  updates(context: GraphQLContext, first?: number, after?: string): DataLoader<string, Connection<CaseUpdateModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['timestamp', 'uuid']);
    return context.loaders.get(`case.updates:${limit}:${after ?? ''}`, () => new DataLoader((ids: readonly string[]) => this.loadUpdates(context, ids, limit, cursor)));
  }

  /**
   * The stakeholders of each case. `personal`: whether the caller asked for personal data (STAKEHOLDER_PERSONAL_FIELDS);
   * without it those columns are not selected and nothing is written to the audit trail.
   */
  stakeholders(context: GraphQLContext, personal: boolean): DataLoader<string, StakeholderModel[]> {
    return context.loaders.get(`case.stakeholders:${personal ? 'personal' : 'plain'}`, () => new DataLoader((ids: readonly string[]) => this.loadStakeholders(context.request, ids, personal)));
  }

  /**
   * One stakeholder, as the caller may read it (NOT_FOUND for an unknown id and for one of a case, or of content,
   * the caller may not read); with `personal`, its reading of personal data is audited, for this stakeholder only.
   */
  async stakeholder(request: RequestContext, id: string, personal: boolean): Promise<StakeholderModel> {
    const facts = await this.access.loadChild(request, 'Stakeholder', id, 'read');
    this.access.ensureReadable(request, 'Stakeholder', facts);
    const [rows] = await this.loadStakeholders(request, [facts.case.id], personal, id);
    const found = rows?.[0];
    if (!found) throw DomainError.notFound('Stakeholder');
    return found;
  }

  risks(context: GraphQLContext): DataLoader<string, TrustRiskModel[]> {
    return context.loaders.get('case.risks', () => new DataLoader((ids: readonly string[]) => this.loadRisks(context.request, ids)));
  }

  partnerInputs(context: GraphQLContext): DataLoader<string, PartnerInputModel[]> {
    return context.loaders.get('case.inputs', () => new DataLoader((ids: readonly string[]) => this.loadInputs(context.request, ids)));
  }

  /**
   * Per case, the data categories shared with the caller's organisation (null: it does not take part): what the
   * rules need to decide `viewerCan`, for a whole page in one statement.
   */
  viewerSharing(context: GraphQLContext): DataLoader<string, DataCategory[] | null> {
    return context.loaders.get('case.viewerSharing', () => new DataLoader((ids: readonly string[]) => this.loadViewerSharing(context.request, ids)));
  }

  private async loadViewerSharing(request: RequestContext, ids: readonly string[]): Promise<(DataCategory[] | null)[]> {
    const organisationId = request.actor?.organisationId;
    if (!organisationId) return ids.map(() => null);
    const rows: { case_id: string; categories: DataCategory[] }[] = await this.dataSource.query(
      'SELECT case_id, categories FROM case_sharing WHERE case_id = ANY($1) AND organisation_id = $2',
      [[...ids], organisationId],
    );
    const byCase = new Map(rows.map((row) => [row.case_id, row.categories]));
    return ids.map((id) => byCase.get(id) ?? null);
  }

  private sql(base: string, condition: SqlCondition, params: Record<string, unknown>): [string, unknown[]] {
    return this.dataSource.driver.escapeQueryWithParameters(base.replace('$ACCESS', condition.where), { ...condition.params, ...params });
  }

  private async loadParticipants(ids: readonly string[]): Promise<CaseParticipantModel[][]> {
    // The cases were already found readable; their participant lists, with the basis of each, are part of their header.
    const rows: (ParticipantRow & { case_id: string })[] = await this.dataSource.query(
      `SELECT cp.case_id, cp.id, cp.role, cp.agreement_id, cp.override_reason, cp.granted_categories, cp.added_at,
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
        WHERE cp.case_id = ANY($1)
        ORDER BY cp.role, o.name`,
      [[...ids]],
    );
    return group(ids, rows, (row) => row.case_id, (row) => ({
      id: row.id,
      role: row.role,
      agreementId: row.agreement_id,
      basis: row.basis,
      agreement: row.basis_agreement_id
        ? { id: row.basis_agreement_id, validFrom: row.basis_valid_from ?? '', validTo: row.basis_valid_to, inForce: row.in_force, dataCategories: row.basis_categories ?? [] }
        : null,
      overrideReason: row.override_reason,
      grantedCategories: row.granted_categories,
      categories: row.categories,
      suspended: row.basis === ParticipationBasis.SUSPENDED,
      validUntil: row.valid_until,
      addedAt: row.added_at,
      organisation: { id: row.org_id, name: row.name, code: row.code, kind: row.kind, parentId: row.parent_id, area: row.area, active: row.active, version: row.version },
    }));
  }

  private async loadCounts(request: RequestContext, ids: readonly string[]): Promise<CaseCounts[]> {
    const ability = abilityOf(request);
    const updates = rulesToSqlNamed(ability, 'read', 'CaseUpdate', perCaseFieldsNamed('k', 'u'));
    const inputs = rulesToSqlNamed(ability, 'read', 'PartnerInput', perCaseFieldsNamed('k', 'i'));
    const risks = rulesToSqlNamed(ability, 'read', 'TrustRisk', perCaseFieldsNamed('k', 'r'));
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT k.id,
              (SELECT count(*) FROM case_participants p WHERE p.case_id = k.id)::int AS participants,
              (SELECT count(*) FROM case_updates u WHERE u.case_id = k.id AND ${updates.where})::int AS updates,
              (SELECT count(*) FROM partner_inputs i WHERE i.case_id = k.id AND i.status IN ('SUBMITTED', 'ACKNOWLEDGED') AND ${inputs.where})::int AS inputs,
              (SELECT count(*) FROM trust_risks r WHERE r.case_id = k.id AND r.status IN ('OPEN', 'MITIGATING') AND ${risks.where})::int AS risks
         FROM unnest(:ids::uuid[]) AS k(id)`,
      { ...updates.params, ...inputs.params, ...risks.params, ids: [...ids] },
    );
    const rows: { id: string; participants: number; updates: number; inputs: number; risks: number }[] = await this.dataSource.query(sql, params);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      return { participants: row?.participants ?? 0, updates: row?.updates ?? 0, inputsAwaitingReview: row?.inputs ?? 0, openRisks: row?.risks ?? 0 };
    });
  }

  private async loadUpdates(context: GraphQLContext, ids: readonly string[], limit: number, cursor: (string | number)[] | null): Promise<Connection<CaseUpdateModel>[]> {
    const visible = rulesToSqlNamed(abilityOf(context.request), 'read', 'CaseUpdate', perCaseFieldsNamed('k', 'u'));
    const [sql, params] = this.sql(
      `SELECT x.* FROM unnest(:ids::uuid[]) AS k(id)
       CROSS JOIN LATERAL (
         SELECT u.id, u.case_id, u.kind, u.visibility, u.body, u.created_at,
                a.id AS author_id, a.display_name AS author_name, a.organisation_id AS author_org
           FROM case_updates u LEFT JOIN users a ON a.id = u.author_id
          WHERE u.case_id = k.id AND $ACCESS ${cursor ? 'AND (u.created_at, u.id) < (:cTime::timestamptz, :cId::uuid)' : ''}
          ORDER BY u.created_at DESC, u.id DESC
          LIMIT ${limit + 1}
       ) x`,
      visible,
      { ids: [...ids], cTime: cursor?.[0], cId: cursor?.[1] },
    );
    const [rows, counts] = await Promise.all([
      this.dataSource.query(sql, params) as Promise<UpdateRow[]>,
      this.counts(context).loadMany([...ids]),
    ]);
    const grouped = group(ids, rows, (r) => r.case_id, (r) => r);
    return grouped.map((caseRows, index) => {
      const count = counts[index];
      return toConnection(
        caseRows,
        limit,
        count instanceof Error || !count ? 0 : count.updates,
        (r) => [r.created_at.toISOString(), r.id],
        (r): CaseUpdateModel => ({
          id: r.id,
          caseId: r.case_id,
          kind: r.kind,
          visibility: r.visibility,
          body: r.body,
          createdAt: r.created_at,
          author: r.author_id ? { id: r.author_id, displayName: r.author_name ?? '', organisationId: r.author_org ?? '' } : null,
        }),
        cursor !== null,
      );
    });
  }

  /**
   * Stakeholders of readable cases (CASE_CONTENT), or the one stakeholder `only`. Influence and attitude are given only
   * where the rules allow (`readPersonal`: STAKEHOLDER_CONTACTS, decided in SQL per case, and never selected otherwise).
   * The personal columns (contact details, notes, interests) are selected only when `personal` is asked for, under the
   * same rule; each stakeholder whose personal data is then returned is written to the audit trail (one batched
   * insert per statement).
   */
  private async loadStakeholders(request: RequestContext, ids: readonly string[], personal: boolean, only?: string): Promise<StakeholderModel[][]> {
    const ability = abilityOf(request);
    const visible = rulesToSqlNamed(ability, 'read', 'Stakeholder', perCaseFieldsNamed('k', 's'));
    const allowed = rulesToSqlNamed(ability, 'readPersonal', 'Stakeholder', perCaseFieldsNamed('k', 's'));
    const personalColumns = personal
      ? `, CASE WHEN pv.personal THEN s.interests END AS interests, CASE WHEN pv.personal THEN s.contact_details END AS contact_details,
           CASE WHEN pv.personal THEN s.notes END AS notes`
      : '';
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT s.id, s.case_id, s.name, s.triangle_role, s.version, pv.personal,
              CASE WHEN pv.personal THEN s.influence END AS influence, CASE WHEN pv.personal THEN s.attitude END AS attitude${personalColumns}
         FROM unnest(:ids::uuid[]) AS k(id)
         JOIN stakeholders s ON s.case_id = k.id
         CROSS JOIN LATERAL (SELECT ${allowed.where} AS personal) pv
        WHERE ${visible.where}${only ? ' AND s.id = :only' : ''}
        ORDER BY s.name, s.id`,
      { ...visible.params, ...allowed.params, ids: [...ids], only },
    );
    const rows: StakeholderRow[] = await this.dataSource.query(sql, params);
    const read = personal ? rows.filter((row) => row.personal) : [];
    if (read.length > 0) {
      await this.audit.recordMany(
        request,
        read.map((row) => ({ action: 'stakeholder.read-personal', entityType: 'Stakeholder', entityId: row.id, reason: `case ${row.case_id}` })),
      );
    }
    const given = (row: StakeholderRow) => personal && row.personal;
    return group(ids, rows, (r) => r.case_id, (r) => ({
      id: r.id,
      caseId: r.case_id,
      name: r.name,
      triangleRole: r.triangle_role,
      version: r.version,
      interests: given(r) ? (r.interests ?? '') : null,
      influence: r.personal ? (r.influence ?? null) : null,
      attitude: r.personal ? (r.attitude ?? null) : null,
      contactDetails: given(r) ? (r.contact_details ?? '') : null,
      notes: given(r) ? (r.notes ?? '') : null,
    }));
  }

  private async loadRisks(request: RequestContext, ids: readonly string[]): Promise<TrustRiskModel[][]> {
    const visible = rulesToSqlNamed(abilityOf(request), 'read', 'TrustRisk', perCaseFieldsNamed('k', 'r'));
    const [sql, params] = this.sql(
      `SELECT r.id, r.case_id, r.title, r.description, r.likelihood, r.impact, r.score, r.mitigation, r.owner_organisation_id, r.owner_user_id, r.status, r.version
         FROM unnest(:ids::uuid[]) AS k(id) JOIN trust_risks r ON r.case_id = k.id
        WHERE $ACCESS ORDER BY r.score DESC, r.created_at, r.id`,
      visible,
      { ids: [...ids] },
    );
    const rows: RiskRow[] = await this.dataSource.query(sql, params);
    return group(ids, rows, (r) => r.case_id, (r) => ({
      id: r.id,
      caseId: r.case_id,
      title: r.title,
      description: r.description,
      likelihood: r.likelihood,
      impact: r.impact,
      score: r.score,
      mitigation: r.mitigation,
      ownerOrganisationId: r.owner_organisation_id,
      ownerUserId: r.owner_user_id,
      status: r.status,
      version: r.version,
    }));
  }

  private async loadInputs(request: RequestContext, ids: readonly string[]): Promise<PartnerInputModel[][]> {
    const visible = rulesToSqlNamed(abilityOf(request), 'read', 'PartnerInput', caseChildFieldsNamed('i'));
    const [sql, params] = this.sql(
      `SELECT i.id, i.case_id, i.kind, i.body, i.status, i.response, i.reviewed_at, i.created_at, i.version,
              o.id AS org_id, o.name AS org_name, o.code AS org_code, o.kind AS org_kind, o.parent_id AS org_parent, o.area AS org_area, o.active AS org_active, o.version AS org_version,
              a.id AS author_id, a.display_name AS author_name,
              CASE WHEN i.status IN ('SUBMITTED', 'ACKNOWLEDGED') THEN floor(extract(epoch FROM now() - i.created_at) / 3600)::int END AS waiting_hours
         FROM partner_inputs i
         JOIN organisations o ON o.id = i.organisation_id
         LEFT JOIN users a ON a.id = i.author_id
        WHERE i.case_id = ANY(:ids) AND $ACCESS
        ORDER BY i.created_at DESC, i.id DESC`,
      visible,
      { ids: [...ids] },
    );
    const rows: InputRow[] = await this.dataSource.query(sql, params);
    return group(ids, rows, (r) => r.case_id, (r) => ({
      id: r.id,
      caseId: r.case_id,
      kind: r.kind,
      body: r.body,
      status: r.status,
      response: r.response,
      reviewedAt: r.reviewed_at,
      createdAt: r.created_at,
      waitingHours: r.waiting_hours,
      version: r.version,
      organisation: organisationFromRow(r),
      author: r.author_id ? { id: r.author_id, displayName: r.author_name ?? '', organisationId: r.org_id } : null,
    }));
  }
}

function group<R, T>(keys: readonly string[], rows: R[], keyOf: (row: R) => string, map: (row: R) => T): T[][] {
  const buckets = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) buckets.get(keyOf(row))?.push(map(row));
  return keys.map((k) => buckets.get(k) ?? []);
}

interface ParticipantRow {
  id: string;
  role: ParticipantRole;
  agreement_id: string | null;
  override_reason: string | null;
  granted_categories: DataCategory[];
  basis: ParticipationBasis;
  categories: DataCategory[];
  in_force: boolean;
  valid_until: string | null;
  basis_agreement_id: string | null;
  basis_valid_from: string | null;
  basis_valid_to: string | null;
  basis_categories: DataCategory[] | null;
  added_at: Date;
  org_id: string;
  name: string;
  code: string;
  kind: OrganisationKind;
  parent_id: string | null;
  area: string;
  active: boolean;
  version: number;
}
interface UpdateRow {
  id: string;
  case_id: string;
  kind: UpdateKind;
  visibility: Visibility;
  body: string;
  created_at: Date;
  author_id: string | null;
  author_name: string | null;
  author_org: string | null;
}
interface StakeholderRow {
  id: string;
  case_id: string;
  name: string;
  triangle_role: TriangleRole;
  version: number;
  personal: boolean;
  interests?: string;
  influence?: Level;
  attitude?: Attitude;
  contact_details?: string;
  notes?: string;
}
interface RiskRow {
  id: string;
  case_id: string;
  title: string;
  description: string;
  likelihood: number;
  impact: number;
  score: number;
  mitigation: string;
  owner_organisation_id: string | null;
  owner_user_id: string | null;
  status: RiskStatus;
  version: number;
}
interface InputRow extends OrganisationColumns {
  id: string;
  case_id: string;
  kind: PartnerInputKind;
  body: string;
  status: PartnerInputStatus;
  response: string | null;
  reviewed_at: Date | null;
  created_at: Date;
  version: number;
  author_id: string | null;
  author_name: string | null;
  waiting_hours: number | null;
}
