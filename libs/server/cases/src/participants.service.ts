import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ParticipantRole } from '@cg/shared/domain';
import { CaseParticipantEntity, OrganisationEntity, OutboxService, recordIdempotentResult, touchCase } from '@cg/server/db';
import { AuditService } from '@cg/server/audit';
import type { RequestContext } from '@cg/server/core';
import { CaseAccess } from '@cg/server/authz';
import type { AddCaseParticipantInput, RebaseCaseParticipantInput, RemoveCaseParticipantInput } from './inputs';

/**
 * Who takes part in a case: the lead organisation's coordinator decides. Joining needs a partnership
 * agreement in force with the lead organisation, or an override (a reason and the data categories it shares),
 * audited. What a participation rests on afterwards is resolved at every read (the `case_sharing` view): when the
 * agreement ends the participation is suspended at once, a new agreement restores it, and the lead's coordinator
 * may re-base it on an override (`rebase`).
 */
@Injectable()
export class ParticipantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async add(request: RequestContext, input: AddCaseParticipantInput): Promise<string> {
    if (input.role === ParticipantRole.LEAD) throw DomainError.badInput('case.leadRole', {}, { field: 'role' });
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'manageParticipants', { manager, lock: true });
      const organisation = await manager.getRepository(OrganisationEntity).findOneBy({ id: input.organisationId, active: true });
      if (!organisation) throw DomainError.notFound('Organisation');
      if (facts.participantOrganisationIds.includes(organisation.id)) throw DomainError.badInput('case.alreadyParticipant', {}, { field: 'organisationId' });
      const [agreement]: { id: string }[] = await manager.query(
        `SELECT id FROM partnership_agreements
          WHERE status = 'ACTIVE' AND valid_from <= current_date AND (valid_to IS NULL OR valid_to >= current_date)
            AND ((organisation_a_id = $1 AND organisation_b_id = $2) OR (organisation_a_id = $2 AND organisation_b_id = $1))
          ORDER BY valid_from DESC LIMIT 1`,
        [facts.case.leadOrganisationId, organisation.id],
      );
      const overrideReason = input.overrideReason?.trim() || null;
      if (!agreement && !overrideReason) throw DomainError.badInput('case.noAgreement', {}, { field: 'overrideReason' });
      const grantedCategories = agreement ? [] : [...new Set(input.grantedCategories ?? [])];
      if (!agreement && grantedCategories.length === 0) throw DomainError.badInput('case.overrideCategories', {}, { field: 'grantedCategories' });
      const participant = await manager.getRepository(CaseParticipantEntity).save({
        caseId: input.caseId,
        organisationId: organisation.id,
        role: input.role,
        agreementId: agreement?.id ?? null,
        overrideReason: agreement ? null : overrideReason,
        grantedCategories,
        addedById: request.actor?.userId ?? null,
      });
      await touchCase(manager, input.caseId);
      await this.audit.record(
        request,
        {
          action: agreement ? 'case.add-participant' : 'case.add-participant-override',
          entityType: 'Case',
          entityId: input.caseId,
          changes: { participant: { before: null, after: { organisationId: organisation.id, role: input.role, agreementId: agreement?.id ?? null, grantedCategories } } },
          reason: agreement ? null : overrideReason,
        },
        manager,
      );
      await this.outbox.emit(
        manager,
        'case.participant-added',
        { type: 'Case', id: input.caseId },
        { caseId: input.caseId, organisationId: organisation.id, role: input.role, override: !agreement },
        { actorUserId: request.actor?.userId, requestId: request.requestId },
      );
      await recordIdempotentResult(manager, request, participant.id);
      return participant.id;
    });
  }

  /**
   * Records a new basis for an existing participation: the lead coordinator's override, with its reason and the
   * categories it shares. It applies while no agreement with the lead is in force (an agreement in force takes
   * precedence and, when it ends, the override is what remains). Audited; the organisation concerned is told.
   */
  async rebase(request: RequestContext, input: RebaseCaseParticipantInput): Promise<void> {
    const grantedCategories = [...new Set(input.grantedCategories)];
    if (grantedCategories.length === 0) throw DomainError.badInput('case.overrideCategories', {}, { field: 'grantedCategories' });
    await this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'manageParticipants', { manager, lock: true });
      if (input.organisationId === facts.case.leadOrganisationId) throw DomainError.badInput('case.rebaseLead', {}, { field: 'organisationId' });
      const repository = manager.getRepository(CaseParticipantEntity);
      const participant = await repository.findOneBy({ caseId: input.caseId, organisationId: input.organisationId });
      if (!participant) throw DomainError.notFound('CaseParticipant');
      const before = { overrideReason: participant.overrideReason, grantedCategories: participant.grantedCategories };
      participant.overrideReason = input.overrideReason.trim();
      participant.grantedCategories = grantedCategories;
      await repository.save(participant);
      await this.audit.record(
        request,
        {
          action: 'case.rebase-participant',
          entityType: 'Case',
          entityId: input.caseId,
          changes: { participant: { before: { organisationId: participant.organisationId, ...before }, after: { organisationId: participant.organisationId, grantedCategories } } },
          reason: participant.overrideReason,
        },
        manager,
      );
      await this.outbox.emit(
        manager,
        'case.participant-rebased',
        { type: 'Case', id: input.caseId },
        { caseId: input.caseId, organisationId: participant.organisationId, grantedCategories },
        { actorUserId: request.actor?.userId, requestId: request.requestId },
      );
    });
  }

  /** Removal cuts the organisation's access at its next request: access is the participant row. */
  async remove(request: RequestContext, input: RemoveCaseParticipantInput): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'manageParticipants', { manager, lock: true });
      if (input.organisationId === facts.case.leadOrganisationId) throw DomainError.badInput('case.cannotRemoveLead', {}, { field: 'organisationId' });
      const repository = manager.getRepository(CaseParticipantEntity);
      const participant = await repository.findOneBy({ caseId: input.caseId, organisationId: input.organisationId });
      if (!participant) throw DomainError.notFound('CaseParticipant');
      await repository.delete({ id: participant.id });
      await touchCase(manager, input.caseId);
      await this.audit.record(
        request,
        { action: 'case.remove-participant', entityType: 'Case', entityId: input.caseId, changes: { participant: { before: { organisationId: participant.organisationId, role: participant.role }, after: null } } },
        manager,
      );
      await this.outbox.emit(manager, 'case.participant-removed', { type: 'Case', id: input.caseId }, { caseId: input.caseId, organisationId: input.organisationId }, { actorUserId: request.actor?.userId, requestId: request.requestId });
    });
  }
}
