import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEventEntity, hydrate, query, sql } from '@cg/server/db';
import { abilityOf, rulesToSql } from '@cg/server/authz';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import type { AuditEventFilter, AuditEventModel } from './audit-event.model';
import { actorNames, auditEventsCount, auditEventsPage, auditEventsWhere } from './audit.queries';

@Injectable()
export class AuditEventsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, keyset-paginated on (occurred_at, id); filtered by the reader's rules in SQL. */
  async list(request: RequestContext, filter: AuditEventFilter = {}, first?: number, after?: string): Promise<Connection<AuditEventModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['timestamp', 'uuid']);
    const access = rulesToSql(abilityOf(request), 'read', 'AuditEvent', { id: sql.ident('e.id') });
    const where = auditEventsWhere(access, filter);
    const manager = this.dataSource.manager;
    const [count] = await query<{ n: number }>(manager, auditEventsCount(where));
    const totalCount = count?.n ?? 0;
    const rows = (await query(manager, auditEventsPage(where, limit, cursor))).map((row) => hydrate(manager, AuditEventEntity, row));
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
    const found = await query<{ kind: 'user' | 'organisation'; id: string; name: string }>(this.dataSource, actorNames(userIds, organisationIds));
    return {
      people: new Map(found.filter((f) => f.kind === 'user').map((f) => [f.id, f.name])),
      organisations: new Map(found.filter((f) => f.kind === 'organisation').map((f) => [f.id, f.name])),
    };
  }
}
