import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { DomainError } from '@cg/shared/domain';
import { hydrate, loadForUpdate, OrganisationEntity, OutboxService, query, recordIdempotentResult, sql } from '@cg/server/db';
import { abilityOf, ensureCan, rulesToSql } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import { byKeys, decodeCursor, pageSize, toConnection, type Connection, type GraphQLContext, type RequestContext } from '@cg/server/core';
import type { CreateOrganisationInput, DeactivateOrganisationInput, OrganisationFilter } from './organisation.inputs';
import { organisationNameOrCodeTaken, organisationsByIds, organisationsCount, organisationsPage, organisationsWhere } from '../identity.queries';

const AUDITED: (keyof OrganisationEntity & string)[] = ['name', 'code', 'kind', 'parentId', 'area', 'active'];
const ORG_FIELDS = { id: sql.ident('o.id') };

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
    const manager = this.dataSource.manager;
    const found = await query(manager, organisationsByIds(rulesToSql(abilityOf(request), 'read', 'Organisation', ORG_FIELDS), ids));
    const rows = found.map((row) => hydrate(manager, OrganisationEntity, row));
    return byKeys(ids, rows, (o) => o.id);
  }

  async list(request: RequestContext, filter: OrganisationFilter = {}, first?: number, after?: string): Promise<Connection<OrganisationEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['string', 'uuid']);
    const where = organisationsWhere(rulesToSql(abilityOf(request), 'read', 'Organisation', ORG_FIELDS), filter);
    const manager = this.dataSource.manager;
    const [count] = await query<{ n: number }>(manager, organisationsCount(where));
    const totalCount = count?.n ?? 0;
    const rows = (await query(manager, organisationsPage(where, limit, cursor))).map((row) => hydrate(manager, OrganisationEntity, row));
    return toConnection(rows, limit, totalCount, (o) => [o.name, o.id], (o) => o, cursor !== null);
  }

  async create(request: RequestContext, input: CreateOrganisationInput): Promise<OrganisationEntity> {
    ensureCan(request, 'create', 'Organisation');
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(OrganisationEntity);
      if (input.parentId && !(await repository.exists({ where: { id: input.parentId } }))) {
        throw DomainError.notFound('Organisation');
      }
      const [clash] = await query<{ taken: boolean }>(manager, organisationNameOrCodeTaken(input.name.trim(), input.code));
      if (clash?.taken) throw DomainError.badInput('input.organisationTaken', {}, { field: 'code' });
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
