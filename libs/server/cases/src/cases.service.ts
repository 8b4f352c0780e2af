import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AREA_POLYGON_LIMITS, CasePhase, CasePriority, DomainError, geoPolygonProblem, pointProblem, ParticipantRole, PRIORITY_RANK, SARA_ORDER, UpdateKind, Visibility, type DomainEventPayloads } from '@cg/shared/domain';
import { CaseEntity, CaseParticipantEntity, CaseUpdateEntity, OrganisationEntity, OutboxService, query, recordIdempotentResult, touchCase } from '@cg/server/db';
import { CaseAccess, ensureCan } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import { decodeCursor, pageSize, toConnection, type CaseModel, type Connection, type RequestContext } from '@cg/server/core';
import { toCaseModel, type CaseRow } from './case-rows';
import { mergedInto } from './case-links.queries';
import { caseById, caseReader, casesCount, casesPage, casesWhere, nextCaseNumber, unmeasuredIndicators } from './cases.queries';
import type { AreaInput, CaseFilter, ChangeCasePhaseInput, CloseCaseInput, EscalateCaseInput, OpenCaseInput, ReopenCaseInput, UpdateCaseInput } from './inputs';
import { CaseOrder } from './enums.graphql';
import { TemplatesService } from './templates/templates.service';

const AUDITED: (keyof CaseEntity & string)[] = [
  'reference', 'title', 'type', 'phase', 'escalation', 'priority', 'district', 'address', 'latitude', 'longitude', 'areaPolygon',
  'diagnosisWhat', 'diagnosisWhere', 'diagnosisWhen', 'diagnosisWho', 'diagnosisSources', 'goal', 'reviewDate',
  'outcome', 'closingAssessment', 'leadOrganisationId', 'coordinatorId', 'indicatorWaiverReason', 'templateId',
];

/** Reopened cases go back to analysis: the problem came back, so it is diagnosed again. */
export const REOPEN_PHASE = CasePhase.ANALYSIS;

/** May a case move from `from` to `to` (not closing)? Forward one step, or back any number of steps (with a reason). */
export function phaseMove(from: CasePhase, to: CasePhase): 'forward' | 'back' | null {
  const a = SARA_ORDER.indexOf(from);
  const b = SARA_ORDER.indexOf(to);
  if (a < 0 || b < 0) return null;
  if (b === a + 1) return 'forward';
  if (b < a) return 'back';
  return null;
}

@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly templates: TemplatesService,
  ) {}

  /** One case the caller may read, or NOT_FOUND (audited when it exists). */
  async get(request: RequestContext, id: string): Promise<CaseModel> {
    const rows = await query<CaseRow>(this.dataSource, caseById(caseReader(request), id));
    if (!rows[0]) {
      // A case merged into another answers the survivor (issue 16), as the survivor's readers see it.
      const [merged] = await query<{ merged_into_id: string }>(this.dataSource, mergedInto(id));
      if (merged) return this.get(request, merged.merged_into_id);
      const exists = await this.dataSource.getRepository(CaseEntity).existsBy({ id });
      throw DomainError.notFound('Case', exists);
    }
    return toCaseModel(rows[0]);
  }

  /**
   * A page of the cases the caller may read. PostgreSQL builds it: the permission filter is an indexed
   * EXISTS, keyset pagination on the chosen order, the lead organisation and coordinator joined in. Two
   * statements (page, count), whatever the page size. `content: false` leaves the content (diagnosis, goal, closing
   * assessment) out, for a list that does not show it: its models then hold none.
   */
  async list(
    request: RequestContext,
    filter: CaseFilter = {},
    order: CaseOrder = CaseOrder.LAST_ACTIVITY,
    first?: number,
    after?: string,
    { content = true }: { content?: boolean } = {},
  ): Promise<Connection<CaseModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, [[order], order === CaseOrder.REVIEW_DATE ? 'dateOrEmpty' : order === CaseOrder.PRIORITY ? 'int' : 'timestamp', 'uuid']);
    const reader = caseReader(request);
    const where = casesWhere(reader, filter);
    const [rows, count] = await Promise.all([
      query<CaseRow>(this.dataSource, casesPage(reader, where, order, limit, cursor, content)),
      query<{ n: number }>(this.dataSource, casesCount(where)),
    ]);
    return toConnection(
      rows,
      limit,
      count[0]?.n ?? 0,
      (row) => [order, order === CaseOrder.REVIEW_DATE ? (row.review_date ?? '') : order === CaseOrder.PRIORITY ? row.priority_rank : row.last_activity_at, row.id],
      toCaseModel,
      cursor !== null,
    );
  }

  async open(request: RequestContext, input: OpenCaseInput): Promise<CaseModel> {
    ensureCan(request, 'create', 'Case');
    const location = checkedLocation(input.area);
    const actor = request.actor!;
    const id = await this.dataSource.transaction(async (manager) => {
      const organisation = await manager.getRepository(OrganisationEntity).findOneByOrFail({ id: actor.organisationId });
      // The template's choice is checked before anything is written; its items are created after the case (same transaction).
      const choice = input.template ? await this.templates.choice(manager, input.type, input.template) : null;
      const year = new Date().getFullYear();
      const [sequence] = await query<{ last_value: number }>(manager, nextCaseNumber(organisation.id, year));
      const reference = `${organisation.code}/${year}/${String(sequence?.last_value ?? 1).padStart(4, '0')}`;
      const repository = manager.getRepository(CaseEntity);
      const created = await repository.save(
        repository.create({
          reference,
          title: input.title.trim(),
          type: input.type,
          phase: CasePhase.SCANNING,
          priority: input.priority ?? CasePriority.MEDIUM,
          priorityRank: PRIORITY_RANK[input.priority ?? CasePriority.MEDIUM],
          district: input.area.district.trim(),
          address: input.area.address?.trim() ?? '',
          ...location,
          diagnosisWhat: input.diagnosis.what,
          diagnosisWhere: input.diagnosis.where ?? '',
          diagnosisWhen: input.diagnosis.when ?? '',
          diagnosisWho: input.diagnosis.who ?? '',
          diagnosisSources: input.diagnosis.sources ?? '',
          goal: input.goal ?? '',
          reviewDate: input.reviewDate?.slice(0, 10) ?? null,
          leadOrganisationId: organisation.id,
          coordinatorId: actor.userId,
          templateId: choice?.template.id ?? null,
        }),
      );
      await manager.getRepository(CaseParticipantEntity).insert({ caseId: created.id, organisationId: organisation.id, role: ParticipantRole.LEAD, addedById: actor.userId });
      await this.audit.record(request, { action: 'case.open', entityType: 'Case', entityId: created.id, changes: diffFields(null, created, AUDITED) }, manager);
      if (choice) await this.templates.apply(manager, request, created, organisation.kind, choice);
      await recordIdempotentResult(manager, request, created.id);
      await this.emit(manager, request, 'case.opened', created.id, { caseId: created.id, leadOrganisationId: organisation.id });
      return created.id;
    });
    return this.get(request, id);
  }

  async update(request: RequestContext, input: UpdateCaseInput): Promise<CaseModel> {
    const location = input.area ? checkedLocation(input.area) : null;
    // A closed case refuses this and every other write but reopening (CaseAccess).
    await this.write(request, input.id, input.version, 'case.update', (entity) => {
      if (input.title !== undefined) entity.title = input.title.trim();
      if (input.type !== undefined) entity.type = input.type;
      if (input.goal !== undefined) entity.goal = input.goal;
      if (input.priority !== undefined) {
        entity.priority = input.priority;
        entity.priorityRank = PRIORITY_RANK[input.priority];
      }
      if (input.reviewDate !== undefined) entity.reviewDate = input.reviewDate.slice(0, 10);
      if (input.area) {
        entity.district = input.area.district.trim();
        entity.address = input.area.address?.trim() ?? '';
        // The area is given whole: a point or polygon left out is removed.
        Object.assign(entity, location);
      }
      if (input.diagnosis) {
        entity.diagnosisWhat = input.diagnosis.what;
        entity.diagnosisWhere = input.diagnosis.where ?? '';
        entity.diagnosisWhen = input.diagnosis.when ?? '';
        entity.diagnosisWho = input.diagnosis.who ?? '';
        entity.diagnosisSources = input.diagnosis.sources ?? '';
      }
      return { event: 'case.updated', payload: (fields) => ({ caseId: entity.id, fields }) };
    });
    return this.get(request, input.id);
  }

  /** SARA order: one step forward, or back with a reason. Each change posts a PHASE_CHANGE update. */
  async changePhase(request: RequestContext, input: ChangeCasePhaseInput): Promise<CaseModel> {
    await this.write(request, input.id, input.version, 'case.change-phase', async (entity, manager) => {
      const from = entity.phase;
      const move = phaseMove(from, input.phase);
      if (!move) throw DomainError.badInput('case.phaseOrder', { from, to: input.phase }, { field: 'phase' });
      const reason = input.reason?.trim() ?? '';
      if (move === 'back' && reason.length < 3) throw DomainError.badInput('case.reasonRequired', {}, { field: 'reason' });
      entity.phase = input.phase;
      await this.postPhaseUpdate(manager, request, entity.id, from, input.phase, reason);
      return { event: 'case.phase-changed', payload: () => ({ caseId: entity.id, from, to: input.phase }), reason };
    });
    return this.get(request, input.id);
  }

  async escalate(request: RequestContext, input: EscalateCaseInput): Promise<CaseModel> {
    await this.write(request, input.id, input.version, 'case.escalate', (entity) => {
      const from = entity.escalation;
      if (from === input.escalation) throw DomainError.badInput('case.sameEscalation', { escalation: from }, { field: 'escalation' });
      entity.escalation = input.escalation;
      return { event: 'case.escalated', payload: () => ({ caseId: entity.id, from, to: input.escalation }), reason: input.reason.trim() };
    });
    return this.get(request, input.id);
  }

  async close(request: RequestContext, input: CloseCaseInput): Promise<CaseModel> {
    await this.write(request, input.id, input.version, 'case.close', async (entity, manager) => {
      if (entity.phase !== CasePhase.ASSESSMENT) throw DomainError.badInput('case.closeFromAssessment', { phase: entity.phase }, { field: 'phase' });
      // Closing asks for evidence: a measurement after the baseline for every indicator, or a recorded reason.
      const unmeasured = await query<{ name: string }>(manager, unmeasuredIndicators(entity.id));
      const waiver = input.indicatorWaiverReason?.trim() || null;
      if (unmeasured.length > 0 && !waiver) {
        throw DomainError.badInput('case.indicatorsUnmeasured', { count: unmeasured.length, names: unmeasured.map((u) => u.name).join(', ') }, { field: 'indicatorWaiverReason' });
      }
      entity.indicatorWaiverReason = unmeasured.length > 0 ? waiver : null;
      entity.phase = CasePhase.CLOSED;
      entity.outcome = input.outcome;
      entity.closingAssessment = input.assessment.trim();
      entity.closedAt = new Date();
      await this.postPhaseUpdate(manager, request, entity.id, CasePhase.ASSESSMENT, CasePhase.CLOSED, `${input.outcome}: ${input.assessment.trim()}`);
      return { event: 'case.closed', payload: () => ({ caseId: entity.id, outcome: input.outcome }), reason: entity.indicatorWaiverReason ?? undefined };
    });
    return this.get(request, input.id);
  }

  async reopen(request: RequestContext, input: ReopenCaseInput): Promise<CaseModel> {
    await this.write(request, input.id, input.version, 'case.reopen', async (entity, manager) => {
      if (entity.phase !== CasePhase.CLOSED) throw DomainError.badInput('case.notClosed', {}, { field: 'phase' });
      entity.phase = REOPEN_PHASE;
      entity.outcome = null;
      entity.closedAt = null;
      await this.postPhaseUpdate(manager, request, entity.id, CasePhase.CLOSED, REOPEN_PHASE, input.reason.trim());
      return { event: 'case.reopened', payload: () => ({ caseId: entity.id }), reason: input.reason.trim() };
    }, { reopening: true });
    return this.get(request, input.id);
  }

  /**
   * The shape of every versioned write to a case: lock the row the caller may manage, check the version
   * read, change, save (version + 1), audit the changed fields, write the event: all in one transaction.
   */
  private async write<E extends WriteEvent>(
    request: RequestContext,
    caseId: string,
    version: number,
    action: string,
    change: (entity: CaseEntity, manager: EntityManager) => Promise<WriteResult<E>> | WriteResult<E>,
    options: { reopening?: boolean } = {},
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, caseId, 'update', { manager, lock: true, reopening: options.reopening });
      const entity = facts.case;
      if (entity.version !== version) throw DomainError.staleVersion('Case');
      const before = { ...entity };
      const result = await change(entity, manager);
      const saved = await manager.getRepository(CaseEntity).save(entity);
      await touchCase(manager, caseId);
      const changes = diffFields(before, saved, AUDITED);
      await this.audit.record(request, { action, entityType: 'Case', entityId: caseId, changes, reason: result.reason ?? null }, manager);
      await this.emit(manager, request, result.event, caseId, result.payload(Object.keys(changes)));
    });
  }

  private async postPhaseUpdate(manager: EntityManager, request: RequestContext, caseId: string, from: CasePhase, to: CasePhase, reason: string): Promise<void> {
    const update = await manager.getRepository(CaseUpdateEntity).save({
      caseId,
      kind: UpdateKind.PHASE_CHANGE,
      visibility: Visibility.PARTNERS,
      body: `${from} → ${to}${reason ? `: ${reason}` : ''}`,
      authorId: request.actor?.userId ?? null,
      authorOrganisationId: request.actor?.organisationId ?? null,
    });
    await this.emit(manager, request, 'case.update-posted', caseId, { caseId, updateId: update.id, kind: UpdateKind.PHASE_CHANGE, visibility: Visibility.PARTNERS });
  }

  private emit<T extends CaseEvent>(manager: EntityManager, request: RequestContext, type: T, caseId: string, payload: DomainEventPayloads[T]) {
    return this.outbox.emit(manager, type, { type: 'Case', id: caseId }, payload, { actorUserId: request.actor?.userId, requestId: request.requestId });
  }
}

/**
 * The point and polygon of an area, checked before anything is written: latitude and longitude together or neither
 * (their ranges are checked with the input), a polygon small and well formed.
 */
function checkedLocation(area: AreaInput): Pick<CaseEntity, 'latitude' | 'longitude' | 'areaPolygon'> {
  if (pointProblem(area.latitude, area.longitude)) throw DomainError.badInput('case.pointIncomplete', {}, { field: area.latitude === undefined || area.latitude === null ? 'area.latitude' : 'area.longitude' });
  const polygon = area.polygon ?? null;
  if (polygon) {
    const problem = geoPolygonProblem(polygon);
    if (problem) {
      throw DomainError.badInput('case.areaPolygon', { maxPositions: AREA_POLYGON_LIMITS.maxPositions, maxExtent: AREA_POLYGON_LIMITS.maxExtentDegrees }, { field: 'area.polygon', problem });
    }
  }
  return {
    latitude: area.latitude ?? null,
    longitude: area.longitude ?? null,
    areaPolygon: polygon ? { type: 'Polygon', coordinates: polygon.coordinates } : null,
  };
}

type CaseEvent = 'case.opened' | 'case.updated' | 'case.phase-changed' | 'case.escalated' | 'case.closed' | 'case.reopened' | 'case.update-posted';

type WriteEvent = 'case.updated' | 'case.phase-changed' | 'case.escalated' | 'case.closed' | 'case.reopened';

/** What a versioned write did: its event, whose payload is built once the audited fields that changed are known. */
interface WriteResult<E extends WriteEvent> {
  event: E;
  payload: (changedFields: string[]) => DomainEventPayloads[E];
  reason?: string;
}
