import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEventEntity, query, sql } from '@cg/server/db';
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
    const names = await this.namesOf(rows);
    return toConnection(
      rows,
      limit,
      totalCount,
      (row) => [row.occurredAt.toISOString(), row.id],
      (row) => ({
        ...row,
        changes: row.changes as Record<string, unknown>,
        actorName: (row.actorUserId && names.people.get(row.actorUserId)) ?? null,
        actorOrganisationName: (row.actorOrganisationId && names.organisations.get(row.actorOrganisationId)) ?? null,
      }),
      cursor !== null,
    );
  }

  /**
   * Who acted and for which organisation, by name, for a page of events: one query for the page whatever its size.
   * The event keeps only the ids (an event is never rewritten); the names are as they are today.
   */
  private async namesOf(rows: AuditEventEntity[]): Promise<{ people: Map<string, string>; organisations: Map<string, string> }> {
    const userIds = [...new Set(rows.map((r) => r.actorUserId).filter((id): id is string => id !== null))];
    const organisationIds = [...new Set(rows.map((r) => r.actorOrganisationId).filter((id): id is string => id !== null))];
    if (userIds.length === 0 && organisationIds.length === 0) return { people: new Map(), organisations: new Map() };
    const found = await query<{ kind: 'user' | 'organisation'; id: string; name: string }>(
      this.dataSource,
      sql`SELECT 'user' AS kind, id::text AS id, display_name AS name FROM users WHERE id = ANY(${userIds}::uuid[])
          UNION ALL
          SELECT 'organisation', id::text, name FROM organisations WHERE id = ANY(${organisationIds}::uuid[])`,
    );
    return {
      people: new Map(found.filter((f) => f.kind === 'user').map((f) => [f.id, f.name])),
      organisations: new Map(found.filter((f) => f.kind === 'organisation').map((f) => [f.id, f.name])),
    };
  }
}
