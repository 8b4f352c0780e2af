import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { DomainError } from '@cg/shared/domain';
import { loadForUpdate, OrganisationEntity, OutboxService, recordIdempotentResult } from '@cg/server/db';
import { abilityOf, ensureCan, rulesToSqlNamed } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import { byKeys, decodeCursor, pageSize, toConnection, type Connection, type GraphQLContext, type RequestContext } from '@cg/server/core';
import type { CreateOrganisationInput, DeactivateOrganisationInput, OrganisationFilter } from './organisation.inputs';

const AUDITED: (keyof OrganisationEntity & string)[] = ['name', 'code', 'kind', 'parentId', 'area', 'active'];
const ORG_FIELDS = { id: 'o.id' };

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** A per-request loader of organisations by id: one query per batch, whatever the page size. */
  loader(context: GraphQLContext): DataLoader<string, OrganisationEntity | null> {
    return context.loaders.get('organisationById', () => new DataLoader((ids: readonly string[]) => this.findByIds(context.request, ids)));
  }

  async findByIds(request: RequestContext, ids: readonly string[]): Promise<(OrganisationEntity | null)[]> {
    const access = rulesToSqlNamed(abilityOf(request), 'read', 'Organisation', ORG_FIELDS);
    const rows = await this.dataSource
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .where(access.where, access.params)
      .andWhere('o.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
    return byKeys(ids, rows, (o) => o.id);
  }

  async list(request: RequestContext, filter: OrganisationFilter = {}, first?: number, after?: string): Promise<Connection<OrganisationEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['string', 'uuid']);
    const access = rulesToSqlNamed(abilityOf(request), 'read', 'Organisation', ORG_FIELDS);
    const base = this.dataSource.getRepository(OrganisationEntity).createQueryBuilder('o').where(access.where, access.params);
    if (filter.kind) base.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.active !== undefined) base.andWhere('o.active = :active', { active: filter.active });
    if (filter.parentId) base.andWhere('o.parent_id = :parent', { parent: filter.parentId });
    const totalCount = await base.clone().getCount();
    const page = base.clone();
    if (cursor) page.andWhere('(o.name, o.id) > (:cName, :cId::uuid)', { cName: cursor[0], cId: cursor[1] });
    const rows = await page.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').limit(limit + 1).getMany();
    return toConnection(rows, limit, totalCount, (o) => [o.name, o.id], (o) => o, cursor !== null);
  }

  async create(request: RequestContext, input: CreateOrganisationInput): Promise<OrganisationEntity> {
    ensureCan(request, 'create', 'Organisation');
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(OrganisationEntity);
      if (input.parentId && !(await repository.exists({ where: { id: input.parentId } }))) {
        throw DomainError.notFound('Organisation');
      }
      const clash = await repository
        .createQueryBuilder('o')
        .where('lower(o.name) = lower(:name) OR o.code = :code', { name: input.name.trim(), code: input.code })
        .getExists();
      if (clash) throw DomainError.badInput('input.organisationTaken', {}, { field: 'code' });
      const organisation = await repository.save(
        repository.create({ name: input.name.trim(), code: input.code, kind: input.kind, parentId: input.parentId ?? null, area: input.area?.trim() ?? '', active: true }),
      );
      await this.audit.record(request, { action: 'organisation.create', entityType: 'Organisation', entityId: organisation.id, changes: diffFields(null, organisation, AUDITED) }, manager);
      await recordIdempotentResult(manager, request, organisation.id);
      await this.outbox.emit(manager, 'organisation.created', { type: 'Organisation', id: organisation.id }, { organisationId: organisation.id }, { actorUserId: request.actor?.userId, requestId: request.requestId });
      return organisation;
    });
  }

  /** Deactivating an organisation signs its people out at their next request. */
  async deactivate(request: RequestContext, input: DeactivateOrganisationInput): Promise<OrganisationEntity> {
    ensureCan(request, 'deactivate', 'Organisation');
    return this.dataSource.transaction(async (manager) => {
      const organisation = await loadForUpdate(manager, OrganisationEntity, input.id, input.version, 'Organisation');
      const before = { ...organisation };
      organisation.active = false;
      const saved = await manager.getRepository(OrganisationEntity).save(organisation);
      await this.audit.record(request, { action: 'organisation.deactivate', entityType: 'Organisation', entityId: saved.id, changes: diffFields(before, saved, AUDITED) }, manager);
      await this.outbox.emit(manager, 'organisation.deactivated', { type: 'Organisation', id: saved.id }, { organisationId: saved.id }, { actorUserId: request.actor?.userId, requestId: request.requestId });
      return saved;
    });
  }
}
