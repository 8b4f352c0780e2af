import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgreementStatus, DomainError } from '@cg/shared/domain';
import { hydrate, loadForUpdate, OrganisationEntity, OutboxService, PartnershipAgreementEntity, query, recordIdempotentResult, sql } from '@cg/server/db';
import { abilityOf, ensureCan, rulesToSql } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import type { AgreementModel } from './agreement.model';
import type { ChangeAgreementStatusInput, CreateAgreementInput } from './agreement.inputs';
import { agreementById, agreementsCount, agreementsPage, agreementsWhere } from '../identity.queries';

const AUDITED: (keyof PartnershipAgreementEntity & string)[] = ['organisationAId', 'organisationBId', 'purpose', 'dataCategories', 'validFrom', 'validTo', 'status'];
const FIELDS = { id: sql.ident('a.id'), organisationAId: sql.ident('a.organisation_a_id'), organisationBId: sql.ident('a.organisation_b_id') };

/** An agreement is in force when it is ACTIVE and today lies within its validity (both ends inclusive). */
export function isInForce(agreement: Pick<PartnershipAgreementEntity, 'status' | 'validFrom' | 'validTo'>, today = new Date()): boolean {
  const day = today.toISOString().slice(0, 10);
  return agreement.status === AgreementStatus.ACTIVE && agreement.validFrom <= day && (agreement.validTo === null || day <= agreement.validTo);
}

@Injectable()
export class AgreementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  toModel(entity: PartnershipAgreementEntity): AgreementModel {
    return { ...entity, inForce: isInForce(entity) };
  }

  async list(request: RequestContext, organisationId?: string, first?: number, after?: string): Promise<Connection<AgreementModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['date', 'uuid']);
    const where = agreementsWhere(rulesToSql(abilityOf(request), 'read', 'Agreement', FIELDS), organisationId);
    const manager = this.dataSource.manager;
    const [count] = await query<{ n: number }>(manager, agreementsCount(where));
    const totalCount = count?.n ?? 0;
    const rows = (await query(manager, agreementsPage(where, limit, cursor))).map((row) => hydrate(manager, PartnershipAgreementEntity, row));
    return toConnection(rows, limit, totalCount, (a) => [a.validFrom, a.id], (a) => this.toModel(a), cursor !== null);
  }

  /** One agreement, if the reader may see it (in SQL); otherwise NOT_FOUND. */
  async get(request: RequestContext, id: string): Promise<AgreementModel> {
    const manager = this.dataSource.manager;
    const [row] = await query(manager, agreementById(rulesToSql(abilityOf(request), 'read', 'Agreement', FIELDS), id));
    if (!row) throw DomainError.notFound('PartnershipAgreement');
    return this.toModel(hydrate(manager, PartnershipAgreementEntity, row));
  }

  async create(request: RequestContext, input: CreateAgreementInput): Promise<AgreementModel> {
    ensureCan(request, 'create', 'Agreement');
    if (input.organisationAId === input.organisationBId) throw DomainError.badInput('input.agreementSelf', {}, { field: 'organisationBId' });
    if (input.validTo && input.validTo < input.validFrom) throw DomainError.badInput('input.agreementDates', {}, { field: 'validTo' });
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.getRepository(OrganisationEntity).countBy([{ id: input.organisationAId }, { id: input.organisationBId }]);
      if (found !== 2) throw DomainError.notFound('Organisation');
      const repository = manager.getRepository(PartnershipAgreementEntity);
      const agreement = await repository.save(
        repository.create({
          organisationAId: input.organisationAId,
          organisationBId: input.organisationBId,
          purpose: input.purpose.trim(),
          dataCategories: [...new Set(input.dataCategories)],
          validFrom: input.validFrom.slice(0, 10),
          validTo: input.validTo?.slice(0, 10) ?? null,
          status: input.status ?? AgreementStatus.ACTIVE,
          createdById: request.actor?.userId ?? null,
        }),
      );
      await this.audit.record(request, { action: 'agreement.create', entityType: 'PartnershipAgreement', entityId: agreement.id, changes: diffFields(null, agreement, AUDITED) }, manager);
      await recordIdempotentResult(manager, request, agreement.id);
      await this.outbox.emit(manager, 'agreement.created', { type: 'PartnershipAgreement', id: agreement.id }, { agreementId: agreement.id, organisationIds: [agreement.organisationAId, agreement.organisationBId] }, { actorUserId: request.actor?.userId, requestId: request.requestId });
      return this.toModel(agreement);
    });
  }

  async changeStatus(request: RequestContext, input: ChangeAgreementStatusInput): Promise<AgreementModel> {
    ensureCan(request, 'update', 'Agreement');
    return this.dataSource.transaction(async (manager) => {
      const agreement = await loadForUpdate(manager, PartnershipAgreementEntity, input.id, input.version, 'PartnershipAgreement');
      const before = { ...agreement };
      agreement.status = input.status;
      const saved = await manager.getRepository(PartnershipAgreementEntity).save(agreement);
      await this.audit.record(request, { action: 'agreement.change-status', entityType: 'PartnershipAgreement', entityId: saved.id, changes: diffFields(before, saved, AUDITED) }, manager);
      await this.outbox.emit(manager, 'agreement.status-changed', { type: 'PartnershipAgreement', id: saved.id }, { agreementId: saved.id, status: saved.status }, { actorUserId: request.actor?.userId, requestId: request.requestId });
      return this.toModel(saved);
    });
  }
}
