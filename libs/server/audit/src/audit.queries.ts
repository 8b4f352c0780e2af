import { sql, type Sql } from '@cg/server/db';

/** The SQL of the audit trail: written in one statement for any number of events, read newest first under the reader's rules. */

/** Rows of `audit_events` (column names as in the table) in one INSERT: they travel as one JSON parameter, in order. */
export function auditEventsInsert(rows: Record<string, unknown>[]): Sql {
  return sql`INSERT INTO audit_events (actor_user_id, actor_organisation_id, action, outcome, entity_type, entity_id, changes, reason, client_address, request_id)
    SELECT r.actor_user_id, r.actor_organisation_id, r.action, r.outcome, r.entity_type, r.entity_id, r.changes, r.reason, r.client_address, r.request_id
      FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS (actor_user_id uuid, actor_organisation_id uuid, action varchar, outcome varchar, entity_type varchar,
                                                       entity_id varchar, changes jsonb, reason varchar, client_address varchar, request_id varchar))
           WITH ORDINALITY AS r(actor_user_id, actor_organisation_id, action, outcome, entity_type, entity_id, changes, reason, client_address, request_id, n)
     ORDER BY r.n`;
}

export interface AuditEventConditions {
  actorUserId?: string;
  actorOrganisationId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

/** The events a reader may read (`access`, from its rules) that match the filter, for a table aliased `e`. */
export function auditEventsWhere(access: Sql, filter: AuditEventConditions): Sql {
  return sql.and([
    access,
    filter.actorUserId ? sql`e.actor_user_id = ${filter.actorUserId}` : sql.true,
    filter.actorOrganisationId ? sql`e.actor_organisation_id = ${filter.actorOrganisationId}` : sql.true,
    filter.entityType ? sql`e.entity_type = ${filter.entityType}` : sql.true,
    filter.entityId ? sql`e.entity_id = ${filter.entityId}` : sql.true,
    filter.action ? sql`e.action = ${filter.action}` : sql.true,
    filter.from ? sql`e.occurred_at >= ${filter.from}` : sql.true,
    filter.to ? sql`e.occurred_at < ${filter.to}` : sql.true,
  ]);
}

export function auditEventsCount(where: Sql): Sql {
  return sql`SELECT count(*)::int AS n FROM audit_events e WHERE ${where}`;
}

/** One page, newest first, keyset on (occurred_at, id); one row more than the page, to tell whether another follows. */
export function auditEventsPage(where: Sql, limit: number, cursor: (string | number)[] | null): Sql {
  const after = cursor ? sql`AND (e.occurred_at, e.id) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)` : sql.empty;
  return sql`SELECT e.* FROM audit_events e WHERE ${where} ${after} ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit + 1}`;
}

/** The names of the people and organisations that acted, as they are today (an event keeps only the ids). */
export function actorNames(userIds: string[], organisationIds: string[]): Sql {
  return sql`SELECT 'user' AS kind, id::text AS id, display_name AS name FROM users WHERE id = ANY(${userIds}::uuid[])
             UNION ALL
             SELECT 'organisation', id::text, name FROM organisations WHERE id = ANY(${organisationIds}::uuid[])`;
}
