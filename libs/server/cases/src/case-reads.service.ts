import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import type { Attitude, Level, OrganisationKind, ParticipantRole, PartnerInputKind, PartnerInputStatus, RiskStatus, TriangleRole, UpdateKind, Visibility } from '@cg/shared/domain';
import { abilityOf, caseChildFields, rulesToSql, type FieldMap, type SqlCondition } from '@cg/server/authz';
import { AuditService } from '@cg/server/audit';
import { decodeCursor, organisationFromRow, pageSize, toConnection, type Connection, type GraphQLContext, type OrganisationColumns, type RequestContext } from '@cg/server/core';
import type { CaseParticipantModel, CaseUpdateModel, PartnerInputModel, StakeholderModel, TrustRiskModel } from './case.model';

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

  stakeholders(context: GraphQLContext): DataLoader<string, StakeholderModel[]> {
    return context.loaders.get('case.stakeholders', () => new DataLoader((ids: readonly string[]) => this.loadStakeholders(context.request, ids)));
  }

  risks(context: GraphQLContext): DataLoader<string, TrustRiskModel[]> {
    return context.loaders.get('case.risks', () => new DataLoader((ids: readonly string[]) => this.loadRisks(ids)));
  }

  partnerInputs(context: GraphQLContext): DataLoader<string, PartnerInputModel[]> {
    return context.loaders.get('case.inputs', () => new DataLoader((ids: readonly string[]) => this.loadInputs(context.request, ids)));
  }

  private sql(base: string, condition: SqlCondition, params: Record<string, unknown>): [string, unknown[]] {
    return this.dataSource.driver.escapeQueryWithParameters(base.replace('$ACCESS', condition.where), { ...condition.params, ...params });
  }

  private async loadParticipants(ids: readonly string[]): Promise<CaseParticipantModel[][]> {
    // The cases were already found readable; their participant lists are part of them.
    const rows: (ParticipantRow & { case_id: string })[] = await this.dataSource.query(
      `SELECT cp.case_id, cp.id, cp.role, cp.agreement_id, cp.override_reason, cp.added_at,
              o.id AS org_id, o.name, o.code, o.kind, o.parent_id, o.area, o.active, o.version
         FROM case_participants cp JOIN organisations o ON o.id = cp.organisation_id
        WHERE cp.case_id = ANY($1)
        ORDER BY cp.role, o.name`,
      [[...ids]],
    );
    return group(ids, rows, (row) => row.case_id, (row) => ({
      id: row.id,
      role: row.role,
      agreementId: row.agreement_id,
      overrideReason: row.override_reason,
      addedAt: row.added_at,
      organisation: { id: row.org_id, name: row.name, code: row.code, kind: row.kind, parentId: row.parent_id, area: row.area, active: row.active, version: row.version },
    }));
  }

  private async loadCounts(request: RequestContext, ids: readonly string[]): Promise<CaseCounts[]> {
    const ability = abilityOf(request);
    const updates = rulesToSql(ability, 'read', 'CaseUpdate', perCaseFields('k', 'u'));
    const inputs = rulesToSql(ability, 'read', 'PartnerInput', perCaseFields('k', 'i'));
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT k.id,
              (SELECT count(*) FROM case_participants p WHERE p.case_id = k.id)::int AS participants,
              (SELECT count(*) FROM case_updates u WHERE u.case_id = k.id AND ${updates.where})::int AS updates,
              (SELECT count(*) FROM partner_inputs i WHERE i.case_id = k.id AND i.status IN ('SUBMITTED', 'ACKNOWLEDGED') AND ${inputs.where})::int AS inputs,
              (SELECT count(*) FROM trust_risks r WHERE r.case_id = k.id AND r.status IN ('OPEN', 'MITIGATING'))::int AS risks
         FROM unnest(:ids::uuid[]) AS k(id)`,
      { ...updates.params, ...inputs.params, ids: [...ids] },
    );
    const rows: { id: string; participants: number; updates: number; inputs: number; risks: number }[] = await this.dataSource.query(sql, params);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      return { participants: row?.participants ?? 0, updates: row?.updates ?? 0, inputsAwaitingReview: row?.inputs ?? 0, openRisks: row?.risks ?? 0 };
    });
  }

  private async loadUpdates(context: GraphQLContext, ids: readonly string[], limit: number, cursor: (string | number)[] | null): Promise<Connection<CaseUpdateModel>[]> {
    const visible = rulesToSql(abilityOf(context.request), 'read', 'CaseUpdate', perCaseFields('k', 'u'));
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
   * Stakeholders of readable cases. Interests, influence and attitude, contact details and notes are given
   * only to those the rules allow (`readPersonal`); each such reading is written to the audit trail
   * (one batched insert per request).
   */
  private async loadStakeholders(request: RequestContext, ids: readonly string[]): Promise<StakeholderModel[][]> {
    const personal = abilityOf(request).can('readPersonal', 'Stakeholder');
    const rows: StakeholderRow[] = await this.dataSource.query(
      `SELECT id, case_id, name, triangle_role, version${personal ? ', interests, influence, attitude, contact_details, notes' : ''}
         FROM stakeholders WHERE case_id = ANY($1) ORDER BY name, id`,
      [[...ids]],
    );
    if (personal && rows.length > 0) {
      await this.audit.recordMany(
        request,
        rows.map((row) => ({ action: 'stakeholder.read-personal', entityType: 'Stakeholder', entityId: row.id, reason: `case ${row.case_id}` })),
      );
    }
    return group(ids, rows, (r) => r.case_id, (r) => ({
      id: r.id,
      caseId: r.case_id,
      name: r.name,
      triangleRole: r.triangle_role,
      version: r.version,
      interests: personal ? (r.interests ?? '') : null,
      influence: personal ? (r.influence ?? null) : null,
      attitude: personal ? (r.attitude ?? null) : null,
      contactDetails: personal ? (r.contact_details ?? '') : null,
      notes: personal ? (r.notes ?? '') : null,
    }));
  }

  private async loadRisks(ids: readonly string[]): Promise<TrustRiskModel[][]> {
    const rows: RiskRow[] = await this.dataSource.query(
      `SELECT id, case_id, title, description, likelihood, impact, score, mitigation, owner_organisation_id, owner_user_id, status, version
         FROM trust_risks WHERE case_id = ANY($1) ORDER BY score DESC, created_at, id`,
      [[...ids]],
    );
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
    const visible = rulesToSql(abilityOf(request), 'read', 'PartnerInput', caseChildFields('i'));
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

/**
 * The rules' fields for a row `x` read per case `k` (in a query that already requires `x.case_id = k.id`). The
 * case-level facts (membership, lead organisation) name `k.id` rather than `x.case_id`, so PostgreSQL checks them
 * once per case (an InitPlan) instead of once per row of `x`; the rows allowed are the same.
 */
function perCaseFields(k: string, x: string): FieldMap<'CaseUpdate'> & FieldMap<'PartnerInput'> {
  return {
    ...caseChildFields(x),
    leadOrganisationId: `(SELECT lc.lead_organisation_id FROM cases lc WHERE lc.id = ${k}.id)`,
    participantOrganisationIds: (op: 'eq' | 'in', p: string) =>
      `EXISTS (SELECT 1 FROM case_participants cpx WHERE cpx.case_id = ${k}.id AND cpx.organisation_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
  } as FieldMap<'CaseUpdate'> & FieldMap<'PartnerInput'>;
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
