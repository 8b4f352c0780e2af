import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { DomainError, ParticipationBasis } from '@cg/shared/domain';
import type { Attitude, DataCategory, Level, OrganisationKind, ParticipantRole, PartnerInputKind, PartnerInputStatus, RiskStatus, TriangleRole, UpdateKind, Visibility } from '@cg/shared/domain';
import { query } from '@cg/server/db';
import { abilityOf, CaseAccess, caseChildFields, perCaseFields, rulesToSql } from '@cg/server/authz';
import { AuditService } from '@cg/server/audit';
import { decodeCursor, organisationFromRow, pageSize, toConnection, type Connection, type GraphQLContext, type OrganisationColumns, type RequestContext } from '@cg/server/core';
import type { CaseModel, CaseParticipantModel } from '@cg/server/core';
import type { CaseUpdateModel, PartnerInputModel, StakeholderModel, TrustRiskModel } from './case-content.model';
import { COUNT_KINDS, countsOfCases, inputsOfCases, type CountKind, risksOfCases, sharingWith, stakeholdersOfCases, updateById, updatesOfCases } from './case-content.queries';
import { participantsOfCases, participantsOfCasesWithoutBasis } from './participants.queries';

/**
 * The fields of a stakeholder whose reading is a reading of personal data, written to the audit trail: contact
 * details and notes (personal data by definition, DESIGN §2) and interests (free text about a named person, as
 * likely as the notes to say something about them). Influence and attitude are not among them: closed scales
 * (LOW…HIGH, SUPPORTIVE…OPPOSED) that the problem-triangle list shows to work the case; they are still withheld
 * from readers without STAKEHOLDER_CONTACTS (partners see name and role only), but reading them is not logged.
 */
export const STAKEHOLDER_PERSONAL_FIELDS = ['contactDetails', 'notes', 'interests'] as const;

/** The fields of a participant that tell its basis now (read through `case_sharing`). */
const BASIS_FIELDS = ['basis', 'agreement', 'categories', 'suspended', 'validUntil'];

/** The count fields of a case in a list: the field, what `countsOfCases` counts for it, its key in `CaseCounts`. */
const LIST_COUNTS: readonly (readonly [string, CountKind, keyof CaseCounts])[] = [
  ['participantCount', 'participants', 'participants'],
  ['updateCount', 'updates', 'updates'],
  ['inputsAwaitingReviewCount', 'inputs', 'inputsAwaitingReview'],
  ['openRiskCount', 'risks', 'openRisks'],
];

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

  /** One update, as the caller may read it now; null when it may not (or there is none). One statement. */
  async update(request: RequestContext, id: string): Promise<CaseUpdateModel | null> {
    const visible = rulesToSql(abilityOf(request), 'read', 'CaseUpdate', caseChildFields('u'));
    const [row] = await query<UpdateRow>(this.dataSource, updateById(id, visible));
    return row ? toUpdateModel(row) : null;
  }

  /** One trust risk of the case, as the caller may read it now, or NOT_FOUND. One statement. */
  async risk(request: RequestContext, caseId: string, id: string): Promise<TrustRiskModel> {
    const [rows] = await this.loadRisks(request, [caseId], id);
    const found = rows?.[0];
    if (!found) throw DomainError.notFound('TrustRisk');
    return found;
  }

  /** One partner input of the case, as the caller may read it now, or NOT_FOUND. One statement. */
  async partnerInput(request: RequestContext, caseId: string, id: string): Promise<PartnerInputModel> {
    const [rows] = await this.loadInputs(request, [caseId], id);
    const found = rows?.[0];
    if (!found) throw DomainError.notFound('PartnerInput');
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
    const rows = await query<{ case_id: string; categories: DataCategory[] }>(this.dataSource, sharingWith(ids, organisationId));
    const byCase = new Map(rows.map((row) => [row.case_id, row.categories]));
    return ids.map((id) => byCase.get(id) ?? null);
  }

  /**
   * The participants of each case. Without `withBasis` (a list that asks none of BASIS_FIELDS), the basis is not
   * read and those fields of the models are absent.
   */
  private async loadParticipants(ids: readonly string[], withBasis = true): Promise<CaseParticipantModel[][]> {
    // The cases were already found readable; their participant lists, with the basis of each, are part of their header.
    if (!withBasis) {
      const rows = await query<ParticipantRow & { case_id: string }>(this.dataSource, participantsOfCasesWithoutBasis(ids));
      return group(ids, rows, (row) => row.case_id, (row) => ({ ...participantOf(row), organisation: organisationOfParticipant(row) }) as CaseParticipantModel);
    }
    const rows = await query<ParticipantRow & BasisRow & { case_id: string }>(this.dataSource, participantsOfCases(ids));
    return group(ids, rows, (row) => row.case_id, (row) => ({
      ...participantOf(row),
      basis: row.basis,
      agreement: row.basis_agreement_id
        ? { id: row.basis_agreement_id, validFrom: row.basis_valid_from ?? '', validTo: row.basis_valid_to, inForce: row.in_force, dataCategories: row.basis_categories ?? [] }
        : null,
      categories: row.categories,
      suspended: row.basis === ParticipationBasis.SUSPENDED,
      validUntil: row.valid_until,
      organisation: organisationOfParticipant(row),
    }));
  }

  private async loadCounts(request: RequestContext, ids: readonly string[], kinds: readonly CountKind[] = COUNT_KINDS): Promise<CaseCounts[]> {
    const ability = abilityOf(request);
    const visible = {
      updates: rulesToSql(ability, 'read', 'CaseUpdate', perCaseFields('k', 'u')),
      inputs: rulesToSql(ability, 'read', 'PartnerInput', perCaseFields('k', 'i')),
      risks: rulesToSql(ability, 'read', 'TrustRisk', perCaseFields('k', 'r')),
    };
    const rows = await query<{ id: string } & Partial<Record<CountKind, number>>>(this.dataSource, countsOfCases(ids, visible, kinds));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      return { participants: row?.participants ?? 0, updates: row?.updates ?? 0, inputsAwaitingReview: row?.inputs ?? 0, openRisks: row?.risks ?? 0 };
    });
  }

  /**
   * The list-row fields of a page of cases that the query asks for (`fields`: what it selects of each case), loaded
   * before the page is returned and set on the models as values: participants in one statement, the counts asked for
   * in another, in parallel. GraphQL then completes every case without a promise per field; what is not preloaded
   * here stays behind the loaders bound by the resolver. Answers the fields it set.
   */
  async preloadListFields(context: GraphQLContext, models: readonly CaseModel[], fields: ReadonlySet<string>, participantFields: ReadonlySet<string>): Promise<Set<string>> {
    const counted = LIST_COUNTS.filter(([field]) => fields.has(field));
    const preloaded = new Set<string>([...(fields.has('participants') ? ['participants'] : []), ...counted.map(([field]) => field)]);
    if (models.length === 0) return preloaded;
    const ids = models.map((model) => model.id);
    const [participants, counts] = await Promise.all([
      fields.has('participants') ? this.loadParticipants(ids, BASIS_FIELDS.some((field) => participantFields.has(field))) : null,
      counted.length > 0 ? this.loadCounts(context.request, ids, counted.map(([, kind]) => kind)) : null,
    ]);
    models.forEach((model, index) => {
      const values = model as unknown as Record<string, unknown>;
      if (participants) values['participants'] = participants[index];
      if (counts) for (const [field, , key] of counted) values[field] = counts[index]![key];
    });
    return preloaded;
  }

  private async loadUpdates(context: GraphQLContext, ids: readonly string[], limit: number, cursor: (string | number)[] | null): Promise<Connection<CaseUpdateModel>[]> {
    const visible = rulesToSql(abilityOf(context.request), 'read', 'CaseUpdate', perCaseFields('k', 'u'));
    const [rows, counts] = await Promise.all([
      query<UpdateRow>(this.dataSource, updatesOfCases(ids, visible, limit + 1, cursor)),
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
        toUpdateModel,
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
    const visible = rulesToSql(ability, 'read', 'Stakeholder', perCaseFields('k', 's'));
    const allowed = rulesToSql(ability, 'readPersonal', 'Stakeholder', perCaseFields('k', 's'));
    const rows = await query<StakeholderRow>(this.dataSource, stakeholdersOfCases(ids, visible, allowed, personal, only));
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

  private async loadRisks(request: RequestContext, ids: readonly string[], only?: string): Promise<TrustRiskModel[][]> {
    const visible = rulesToSql(abilityOf(request), 'read', 'TrustRisk', perCaseFields('k', 'r'));
    const rows = await query<RiskRow>(this.dataSource, risksOfCases(ids, visible, only));
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

  private async loadInputs(request: RequestContext, ids: readonly string[], only?: string): Promise<PartnerInputModel[][]> {
    const visible = rulesToSql(abilityOf(request), 'read', 'PartnerInput', caseChildFields('i'));
    const rows = await query<InputRow>(this.dataSource, inputsOfCases(ids, visible, only));
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

function toUpdateModel(r: UpdateRow): CaseUpdateModel {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    visibility: r.visibility,
    body: r.body,
    createdAt: r.created_at,
    author: r.author_id ? { id: r.author_id, displayName: r.author_name ?? '', organisationId: r.author_org ?? '' } : null,
  };
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
  /** ISO text (`isoTimestamp`). */
  added_at: string;
  org_id: string;
  name: string;
  code: string;
  kind: OrganisationKind;
  parent_id: string | null;
  area: string;
  active: boolean;
  version: number;
}
interface BasisRow {
  basis: ParticipationBasis;
  categories: DataCategory[];
  in_force: boolean;
  valid_until: string | null;
  basis_agreement_id: string | null;
  basis_valid_from: string | null;
  basis_valid_to: string | null;
  basis_categories: DataCategory[] | null;
}

function participantOf(row: ParticipantRow) {
  return { id: row.id, role: row.role, agreementId: row.agreement_id, overrideReason: row.override_reason, grantedCategories: row.granted_categories, addedAt: row.added_at };
}

function organisationOfParticipant(row: ParticipantRow) {
  return { id: row.org_id, name: row.name, code: row.code, kind: row.kind, parentId: row.parent_id, area: row.area, active: row.active, version: row.version };
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
