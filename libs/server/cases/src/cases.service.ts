import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CasePhase, CasePriority, DomainError, ParticipantRole, PRIORITY_RANK, SARA_ORDER, UpdateKind, Visibility, type DomainEventPayloads } from '@cg/shared/domain';
import { CASE_SEARCH_SQL, CaseEntity, CaseParticipantEntity, CaseUpdateEntity, OrganisationEntity, OutboxService, recordIdempotentResult, touchCase } from '@cg/server/db';
import { abilityOf, CaseAccess, caseActivityNamed, caseChildFieldsNamed, caseConditionNamed, ensureCan, rulesToSqlNamed } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import type { CaseModel } from './case.model';
import { caseRowFrom, caseRowSelect, toCaseModel, type CaseRow } from './case-rows';
import type { CaseFilter, ChangeCasePhaseInput, CloseCaseInput, EscalateCaseInput, OpenCaseInput, ReopenCaseInput, UpdateCaseInput } from './inputs';
import { CaseOrder } from './enums.graphql';

const AUDITED: (keyof CaseEntity & string)[] = [
  'reference', 'title', 'type', 'phase', 'escalation', 'priority', 'district', 'address', 'latitude', 'longitude',
  'diagnosisWhat', 'diagnosisWhere', 'diagnosisWhen', 'diagnosisWho', 'diagnosisSources', 'goal', 'reviewDate',
  'outcome', 'closingAssessment', 'leadOrganisationId', 'coordinatorId', 'indicatorWaiverReason',
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
  ) {}

  /** One case the caller may read, or NOT_FOUND (audited when it exists). */
  async get(request: RequestContext, id: string): Promise<CaseModel> {
    const access = caseConditionNamed(request, 'read');
    const activity = caseActivityNamed(request);
    const content = caseConditionNamed(request, 'readContent');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT ${caseRowSelect(activity.where)} FROM ${caseRowFrom(content.where)} WHERE c.id = :id AND ${access.where}`,
      { ...access.params, ...activity.params, ...content.params, id },
    );
    const rows: CaseRow[] = await this.dataSource.query(sql, params);
    if (!rows[0]) {
      const exists = await this.dataSource.getRepository(CaseEntity).existsBy({ id });
      throw DomainError.notFound('Case', exists);
    }
    return toCaseModel(rows[0]);
  }

  /**
   * A page of the cases the caller may read. PostgreSQL builds it: the permission filter is an indexed
   * EXISTS, keyset pagination on the chosen order, the lead organisation and coordinator joined in. Two
   * statements (page, count), whatever the page size.
   */
  async list(request: RequestContext, filter: CaseFilter = {}, order: CaseOrder = CaseOrder.LAST_ACTIVITY, first?: number, after?: string): Promise<Connection<CaseModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, [[order], order === CaseOrder.REVIEW_DATE ? 'dateOrEmpty' : order === CaseOrder.PRIORITY ? 'int' : 'timestamp', 'uuid']);
    const access = caseConditionNamed(request, 'read');
    const activity = caseActivityNamed(request);
    const content = caseConditionNamed(request, 'readContent');
    const where: string[] = [access.where];
    const params: Record<string, unknown> = { ...access.params, ...activity.params, ...content.params };
    if (filter.phase?.length) { where.push('c.phase = ANY(:phases)'); params.phases = filter.phase; }
    if (filter.type?.length) { where.push('c.type = ANY(:types)'); params.types = filter.type; }
    if (filter.escalation?.length) { where.push('c.escalation = ANY(:escalations)'); params.escalations = filter.escalation; }
    if (filter.leadOrganisationId) { where.push('c.lead_organisation_id = :lead'); params.lead = filter.leadOrganisationId; }
    if (filter.participantOrganisationId) {
      where.push('EXISTS (SELECT 1 FROM case_participants fp WHERE fp.case_id = c.id AND fp.organisation_id = :participant)');
      params.participant = filter.participantOrganisationId;
    }
    if (filter.district) { where.push('lower(c.district) = lower(:district)'); params.district = filter.district.trim(); }
    if (filter.reviewBefore) { where.push('c.review_date < :reviewBefore'); params.reviewBefore = filter.reviewBefore.slice(0, 10); }
    if (filter.inputsAwaitingReview !== undefined) {
      // Input the caller may review (the same rule as reviewPartnerInput): none for a reader who reviews nothing.
      const reviewable = rulesToSqlNamed(abilityOf(request), 'review', 'PartnerInput', caseChildFieldsNamed('fi'));
      where.push(
        `${filter.inputsAwaitingReview ? '' : 'NOT '}EXISTS (SELECT 1 FROM partner_inputs fi WHERE fi.case_id = c.id AND fi.status IN ('SUBMITTED', 'ACKNOWLEDGED') AND ${reviewable.where})`,
      );
      Object.assign(params, reviewable.params);
    }
    if (filter.search?.trim()) {
      // The diagnosis is CASE_CONTENT: where it is not shared, only the reference and title are searched.
      where.push(
        `${CASE_SEARCH_SQL('c')} @@ websearch_to_tsquery('simple', :search) AND (${content.where} OR to_tsvector('simple', c.reference || ' ' || c.title) @@ websearch_to_tsquery('simple', :search))`,
      );
      params.search = filter.search.trim();
    }

    const pageWhere = [...where];
    let orderBy: string;
    switch (order) {
      case CaseOrder.REVIEW_DATE:
        orderBy = 'c.review_date ASC NULLS LAST, c.id ASC';
        if (cursor) {
          params.cDate = cursor[1];
          params.cId = cursor[2];
          pageWhere.push(cursor[1] === '' ? '(c.review_date IS NULL AND c.id > :cId)' : '(c.review_date > :cDate OR (c.review_date = :cDate AND c.id > :cId) OR c.review_date IS NULL)');
        }
        break;
      case CaseOrder.PRIORITY:
        orderBy = 'c.priority_rank DESC, c.id DESC';
        if (cursor) { pageWhere.push('(c.priority_rank, c.id) < (:cRank, :cId)'); params.cRank = cursor[1]; params.cId = cursor[2]; }
        break;
      default:
        // The reader's last activity (and so its cursor): an update it may not read never moves a case up.
        orderBy = `${activity.where} DESC, c.id DESC`;
        if (cursor) { pageWhere.push(`(${activity.where}, c.id) < (:cTime::timestamptz, :cId::uuid)`); params.cTime = cursor[1]; params.cId = cursor[2]; }
    }
    const driver = this.dataSource.driver;
    const [pageSql, pageParams] = driver.escapeQueryWithParameters(
      `SELECT ${caseRowSelect(activity.where)}
         FROM ${caseRowFrom(content.where, `(SELECT c.* FROM cases c WHERE ${pageWhere.join(' AND ')} ORDER BY ${orderBy} LIMIT ${limit + 1})`)}
        ORDER BY ${orderBy}`,
      params,
    );
    const [countSql, countParams] = driver.escapeQueryWithParameters(`SELECT count(*)::int AS n FROM cases c WHERE ${where.join(' AND ')}`, params);
    const [rows, count]: [CaseRow[], { n: number }[]] = await Promise.all([this.dataSource.query(pageSql, pageParams), this.dataSource.query(countSql, countParams)]);
    return toConnection(
      rows,
      limit,
      count[0]?.n ?? 0,
      (row) => [order, order === CaseOrder.REVIEW_DATE ? (row.review_date ?? '') : order === CaseOrder.PRIORITY ? row.priority_rank : row.last_activity_at.toISOString(), row.id],
      toCaseModel,
      cursor !== null,
    );
  }

  async open(request: RequestContext, input: OpenCaseInput): Promise<CaseModel> {
    ensureCan(request, 'create', 'Case');
    const actor = request.actor!;
    const id = await this.dataSource.transaction(async (manager) => {
      const organisation = await manager.getRepository(OrganisationEntity).findOneByOrFail({ id: actor.organisationId });
      const year = new Date().getFullYear();
      const [sequence]: { last_value: number }[] = await manager.query(
        `INSERT INTO case_sequences (organisation_id, year, last_value) VALUES ($1, $2, 1)
         ON CONFLICT (organisation_id, year) DO UPDATE SET last_value = case_sequences.last_value + 1 RETURNING last_value`,
        [organisation.id, year],
      );
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
          latitude: input.area.latitude ?? null,
          longitude: input.area.longitude ?? null,
          diagnosisWhat: input.diagnosis.what,
          diagnosisWhere: input.diagnosis.where ?? '',
          diagnosisWhen: input.diagnosis.when ?? '',
          diagnosisWho: input.diagnosis.who ?? '',
          diagnosisSources: input.diagnosis.sources ?? '',
          goal: input.goal ?? '',
          reviewDate: input.reviewDate?.slice(0, 10) ?? null,
          leadOrganisationId: organisation.id,
          coordinatorId: actor.userId,
        }),
      );
      await manager.getRepository(CaseParticipantEntity).insert({ caseId: created.id, organisationId: organisation.id, role: ParticipantRole.LEAD, addedById: actor.userId });
      await this.audit.record(request, { action: 'case.open', entityType: 'Case', entityId: created.id, changes: diffFields(null, created, AUDITED) }, manager);
      await recordIdempotentResult(manager, request, created.id);
      await this.emit(manager, request, 'case.opened', created.id, { caseId: created.id, leadOrganisationId: organisation.id });
      return created.id;
    });
    return this.get(request, id);
  }

  async update(request: RequestContext, input: UpdateCaseInput): Promise<CaseModel> {
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
        entity.latitude = input.area.latitude ?? null;
        entity.longitude = input.area.longitude ?? null;
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
      const unmeasured: { name: string }[] = await manager.query(
        `SELECT i.name FROM indicators i WHERE i.case_id = $1
            AND NOT EXISTS (SELECT 1 FROM measurements m WHERE m.indicator_id = i.id AND m.measured_on > i.baseline_date)
          ORDER BY i.name`,
        [entity.id],
      );
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

type CaseEvent = 'case.opened' | 'case.updated' | 'case.phase-changed' | 'case.escalated' | 'case.closed' | 'case.reopened' | 'case.update-posted';

type WriteEvent = 'case.updated' | 'case.phase-changed' | 'case.escalated' | 'case.closed' | 'case.reopened';

/** What a versioned write did: its event, whose payload is built once the audited fields that changed are known. */
interface WriteResult<E extends WriteEvent> {
  event: E;
  payload: (changedFields: string[]) => DomainEventPayloads[E];
  reason?: string;
}
