import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEventEntity } from '@cg/server/db';
import { abilityOf, rulesToSqlNamed } from '@cg/server/authz';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import type { AuditEventFilter, AuditEventModel } from './audit-event.model';

@Injectable()
export class AuditEventsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, keyset-paginated on (occurred_at, id); filtered by the reader's rules in SQL. */
  async list(request: RequestContext, filter: AuditEventFilter = {}, first?: number, after?: string): Promise<Connection<AuditEventModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['timestamp', 'uuid']);
    const access = rulesToSqlNamed(abilityOf(request), 'read', 'AuditEvent', { id: 'e.id' });

    const base = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where(access.where, access.params);
    if (filter.actorUserId) base.andWhere('e.actor_user_id = :actor', { actor: filter.actorUserId });
    if (filter.actorOrganisationId) base.andWhere('e.actor_organisation_id = :actorOrganisation', { actorOrganisation: filter.actorOrganisationId });
    if (filter.entityType) base.andWhere('e.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) base.andWhere('e.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.action) base.andWhere('e.action = :action', { action: filter.action });
    if (filter.from) base.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) base.andWhere('e.occurred_at < :to', { to: filter.to });

    const totalCount = await base.clone().getCount();
    const page = base.clone();
    if (cursor) {
      page.andWhere('(e.occurred_at, e.id) < (:cursorTime::timestamptz, :cursorId::uuid)', {
        cursorTime: cursor[0],
        cursorId: cursor[1],
      });
    }
    const rows = await page.orderBy('e.occurred_at', 'DESC').addOrderBy('e.id', 'DESC').limit(limit + 1).getMany();
    return toConnection(
      rows,
      limit,
      totalCount,
      (row) => [row.occurredAt.toISOString(), row.id],
      (row) => ({ ...row, changes: row.changes as Record<string, unknown> }),
      cursor !== null,
    );
  }
}
