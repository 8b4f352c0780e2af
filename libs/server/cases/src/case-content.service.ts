import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, PartnerInputStatus, UpdateKind, Visibility } from '@cg/shared/domain';
import { CaseUpdateEntity, OutboxService, PartnerInputEntity, StakeholderEntity, TrustRiskEntity, loadForUpdate, recordIdempotentResult, touchCase } from '@cg/server/db';
import { AuditService, diffFields } from '@cg/server/audit';
import type { RequestContext } from '@cg/server/core';
import { CaseAccess, type CaseFacts } from '@cg/server/authz';
import type {
  AddStakeholderInput,
  AssessTrustRiskInput,
  PostCaseUpdateInput,
  RemoveStakeholderInput,
  ReviewPartnerInputInput,
  SubmitPartnerInputInput,
  UpdateStakeholderInput,
  UpdateTrustRiskInput,
} from './inputs';
import { ReviewDecision } from './enums.graphql';

const STAKEHOLDER_AUDITED: (keyof StakeholderEntity & string)[] = ['name', 'triangleRole', 'interests', 'influence', 'attitude', 'contactDetails', 'notes'];
const RISK_AUDITED: (keyof TrustRiskEntity & string)[] = ['title', 'description', 'likelihood', 'impact', 'score', 'mitigation', 'ownerOrganisationId', 'ownerUserId', 'status'];

/** Allowed review moves: acknowledge first or decide at once; an acknowledged input is then accepted or declined. */
const REVIEW_MOVES: Record<PartnerInputStatus, PartnerInputStatus[]> = {
  SUBMITTED: [PartnerInputStatus.ACKNOWLEDGED, PartnerInputStatus.ACCEPTED, PartnerInputStatus.DECLINED],
  ACKNOWLEDGED: [PartnerInputStatus.ACCEPTED, PartnerInputStatus.DECLINED],
  ACCEPTED: [],
  DECLINED: [],
};
const DECISION_STATUS: Record<ReviewDecision, PartnerInputStatus> = {
  ACKNOWLEDGE: PartnerInputStatus.ACKNOWLEDGED,
  ACCEPT: PartnerInputStatus.ACCEPTED,
  DECLINE: PartnerInputStatus.DECLINED,
};

/**
 * Partner input is read by the agencies of a case and by the organisation that wrote it, not by the other
 * partners: its activity is in the AGENCIES tier (the author's own organisation does not see it move the
 * case either, which tells it nothing it does not know).
 */
const INPUT_ACTIVITY = Visibility.AGENCIES;

/** What is written inside a case: timeline updates, partner input, stakeholders, trust risks. */
@Injectable()
export class CaseContentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async postUpdate(request: RequestContext, input: PostCaseUpdateInput): Promise<CaseUpdateEntity> {
    if (input.kind === UpdateKind.PHASE_CHANGE) throw DomainError.badInput('case.phaseChangeKind', {}, { field: 'kind' });
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'read', { manager });
      if (!this.access.can(request, 'create', 'CaseUpdate', facts, { visibility: input.visibility, kind: input.kind })) {
        if (this.access.can(request, 'create', 'CaseUpdate', facts, { visibility: Visibility.PARTNERS, kind: input.kind })) {
          throw DomainError.badInput('case.visibilityNotAllowed', { visibility: input.visibility }, { field: 'visibility' });
        }
        throw DomainError.forbidden();
      }
      this.access.ensureOpen('create', facts);
      const update = await manager.getRepository(CaseUpdateEntity).save({
        caseId: input.caseId,
        kind: input.kind,
        visibility: input.visibility,
        body: input.body.trim(),
        authorId: request.actor?.userId ?? null,
        authorOrganisationId: request.actor?.organisationId ?? null,
      });
      await touchCase(manager, input.caseId, update.visibility);
      await this.audit.record(request, { action: 'case.post-update', entityType: 'CaseUpdate', entityId: update.id, changes: diffFields(null, update, ['caseId', 'kind', 'visibility', 'body']) }, manager);
      await recordIdempotentResult(manager, request, update.id);
      await this.outbox.emit(manager, 'case.update-posted', { type: 'Case', id: input.caseId }, { caseId: input.caseId, updateId: update.id, kind: update.kind, visibility: update.visibility }, this.ctx(request));
      return update;
    });
  }

  async submitInput(request: RequestContext, input: SubmitPartnerInputInput): Promise<PartnerInputEntity> {
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'read', { manager });
      this.access.ensure(request, 'create', 'PartnerInput', facts, { organisationId: request.actor?.organisationId });
      const saved = await manager.getRepository(PartnerInputEntity).save({
        caseId: input.caseId,
        organisationId: request.actor!.organisationId,
        authorId: request.actor!.userId,
        kind: input.kind,
        body: input.body.trim(),
        status: PartnerInputStatus.SUBMITTED,
      });
      await touchCase(manager, input.caseId, INPUT_ACTIVITY);
      await this.audit.record(request, { action: 'case.submit-input', entityType: 'PartnerInput', entityId: saved.id, changes: diffFields(null, saved, ['caseId', 'kind', 'body', 'status']) }, manager);
      await recordIdempotentResult(manager, request, saved.id);
      await this.outbox.emit(manager, 'case.input-submitted', { type: 'Case', id: input.caseId }, { caseId: input.caseId, inputId: saved.id, organisationId: saved.organisationId }, this.ctx(request));
      return saved;
    });
  }

  async reviewInput(request: RequestContext, input: ReviewPartnerInputInput): Promise<PartnerInputEntity> {
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.loadChild(request, 'PartnerInput', input.id, 'read', { manager });
      const caseId = facts.case.id;
      const owner: { organisation_id: string }[] = await manager.query('SELECT organisation_id FROM partner_inputs WHERE id = $1', [input.id]);
      this.access.ensureReadable(request, 'PartnerInput', facts, { organisationId: owner[0]?.organisation_id });
      this.access.ensure(request, 'review', 'PartnerInput', facts);
      const entity = await loadForUpdate(manager, PartnerInputEntity, input.id, input.version, 'PartnerInput');
      const to = DECISION_STATUS[input.decision];
      if (!REVIEW_MOVES[entity.status].includes(to)) {
        throw REVIEW_MOVES[entity.status].length === 0
          ? DomainError.badInput('input.alreadyReviewed', {}, { field: 'decision' })
          : DomainError.badInput('input.reviewTransition', { from: entity.status, to }, { field: 'decision' });
      }
      const before = { ...entity };
      entity.status = to;
      entity.response = input.response.trim();
      entity.reviewedById = request.actor?.userId ?? null;
      entity.reviewedAt = new Date();
      const saved = await manager.getRepository(PartnerInputEntity).save(entity);
      await touchCase(manager, caseId, INPUT_ACTIVITY);
      await this.audit.record(request, { action: 'case.review-input', entityType: 'PartnerInput', entityId: saved.id, changes: diffFields(before, saved, ['status', 'response']) }, manager);
      await this.outbox.emit(manager, 'case.input-reviewed', { type: 'Case', id: caseId }, { caseId, inputId: saved.id, organisationId: saved.organisationId, status: saved.status }, this.ctx(request));
      return saved;
    });
  }

  async addStakeholder(request: RequestContext, input: AddStakeholderInput): Promise<StakeholderEntity> {
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'read', { manager });
      this.access.ensure(request, 'create', 'Stakeholder', facts);
      const saved = await manager.getRepository(StakeholderEntity).save({
        caseId: input.caseId,
        name: input.name.trim(),
        triangleRole: input.triangleRole,
        interests: input.interests ?? '',
        influence: input.influence,
        attitude: input.attitude,
        contactDetails: input.contactDetails ?? '',
        notes: input.notes ?? '',
        createdById: request.actor?.userId ?? null,
      });
      await touchCase(manager, input.caseId);
      await this.audit.record(request, { action: 'stakeholder.add', entityType: 'Stakeholder', entityId: saved.id, changes: withheldPersonal(diffFields(null, saved, STAKEHOLDER_AUDITED)) }, manager);
      await recordIdempotentResult(manager, request, saved.id);
      return saved;
    });
  }

  async updateStakeholder(request: RequestContext, input: UpdateStakeholderInput): Promise<StakeholderEntity> {
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.loadChild(request, 'Stakeholder', input.id, 'read', { manager });
      const caseId = facts.case.id;
      this.access.ensureReadable(request, 'Stakeholder', facts);
      this.access.ensure(request, 'update', 'Stakeholder', facts);
      const entity = await loadForUpdate(manager, StakeholderEntity, input.id, input.version, 'Stakeholder');
      const before = { ...entity };
      for (const field of ['name', 'triangleRole', 'interests', 'influence', 'attitude', 'contactDetails', 'notes'] as const) {
        if (input[field] !== undefined) (entity as unknown as Record<string, unknown>)[field] = input[field];
      }
      const saved = await manager.getRepository(StakeholderEntity).save(entity);
      await touchCase(manager, caseId);
      await this.audit.record(request, { action: 'stakeholder.update', entityType: 'Stakeholder', entityId: saved.id, changes: withheldPersonal(diffFields(before, saved, STAKEHOLDER_AUDITED)) }, manager);
      return saved;
    });
  }

  async removeStakeholder(request: RequestContext, input: RemoveStakeholderInput): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.loadChild(request, 'Stakeholder', input.id, 'read', { manager });
      const caseId = facts.case.id;
      this.access.ensureReadable(request, 'Stakeholder', facts);
      this.access.ensure(request, 'delete', 'Stakeholder', facts);
      const entity = await loadForUpdate(manager, StakeholderEntity, input.id, input.version, 'Stakeholder');
      await manager.getRepository(StakeholderEntity).delete({ id: entity.id });
      await touchCase(manager, caseId);
      await this.audit.record(request, { action: 'stakeholder.remove', entityType: 'Stakeholder', entityId: entity.id, changes: withheldPersonal(diffFields(entity, null, STAKEHOLDER_AUDITED)) }, manager);
      return entity.id;
    });
  }

  async assessRisk(request: RequestContext, input: AssessTrustRiskInput): Promise<TrustRiskEntity> {
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'read', { manager });
      this.access.ensure(request, 'create', 'TrustRisk', facts);
      await this.checkOwner(manager, facts, input.ownerOrganisationId, input.ownerUserId);
      const saved = await manager.getRepository(TrustRiskEntity).save({
        caseId: input.caseId,
        title: input.title.trim(),
        description: input.description ?? '',
        likelihood: input.likelihood,
        impact: input.impact,
        score: input.likelihood * input.impact,
        mitigation: input.mitigation ?? '',
        ownerOrganisationId: input.ownerOrganisationId ?? null,
        ownerUserId: input.ownerUserId ?? null,
      });
      await touchCase(manager, input.caseId);
      await this.audit.record(request, { action: 'trust-risk.assess', entityType: 'TrustRisk', entityId: saved.id, changes: diffFields(null, saved, RISK_AUDITED) }, manager);
      await recordIdempotentResult(manager, request, saved.id);
      await this.outbox.emit(manager, 'case.risk-assessed', { type: 'Case', id: input.caseId }, { caseId: input.caseId, riskId: saved.id, score: saved.score }, this.ctx(request));
      return saved;
    });
  }

  async updateRisk(request: RequestContext, input: UpdateTrustRiskInput): Promise<TrustRiskEntity> {
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.loadChild(request, 'TrustRisk', input.id, 'read', { manager });
      const caseId = facts.case.id;
      this.access.ensureReadable(request, 'TrustRisk', facts);
      this.access.ensure(request, 'update', 'TrustRisk', facts);
      const entity = await loadForUpdate(manager, TrustRiskEntity, input.id, input.version, 'TrustRisk');
      const before = { ...entity };
      for (const field of ['title', 'description', 'likelihood', 'impact', 'mitigation', 'status'] as const) {
        if (input[field] !== undefined) (entity as unknown as Record<string, unknown>)[field] = input[field];
      }
      entity.score = entity.likelihood * entity.impact;
      const saved = await manager.getRepository(TrustRiskEntity).save(entity);
      await touchCase(manager, caseId);
      await this.audit.record(request, { action: 'trust-risk.update', entityType: 'TrustRisk', entityId: saved.id, changes: diffFields(before, saved, RISK_AUDITED) }, manager);
      return saved;
    });
  }

  /**
   * A risk's owner is an organisation of the case and, optionally, a person of one: anyone else is refused
   * as input (an organisation) or NOT_FOUND (a person, whom the caller may not know).
   */
  private async checkOwner(manager: EntityManager, facts: CaseFacts, organisationId: string | undefined, userId: string | undefined): Promise<void> {
    if (organisationId && !facts.participantOrganisationIds.includes(organisationId)) throw DomainError.badInput('task.notParticipant', {}, { field: 'ownerOrganisationId' });
    if (!userId) return;
    const [person]: { organisation_id: string }[] = await manager.query('SELECT organisation_id FROM users WHERE id = $1 AND active', [userId]);
    if (!person || !facts.participantOrganisationIds.includes(person.organisation_id)) throw DomainError.notFound('User', !!person);
    if (organisationId && person.organisation_id !== organisationId) throw DomainError.badInput('task.assigneeOrganisation', {}, { field: 'ownerUserId' });
  }

  private ctx(request: RequestContext) {
    return { actorUserId: request.actor?.userId, requestId: request.requestId };
  }
}

/** Personal data never enters the audit trail in clear: the change is recorded, the values withheld. */
function withheldPersonal(changes: ReturnType<typeof diffFields>): ReturnType<typeof diffFields> {
  for (const field of ['contactDetails', 'notes']) {
    const change = changes[field];
    if (change) changes[field] = { before: change.before ? '[personal data]' : null, after: change.after ? '[personal data]' : null };
  }
  return changes;
}
