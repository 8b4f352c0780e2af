import type { AppAbility } from '@cg/server/authz';
import { sql, type Sql } from '@cg/server/db';
import type { NotificationMode } from '@cg/shared/domain';
import { notificationTaskId, readableNow } from '../readable';

/**
 * A notification with what it may say: the case reference and titles only when the recipient may read them
 * now (`readableNow`, in the same statement), so a removed organisation's inbox never shows live content.
 */
function inboxRows(ability: AppAbility): Sql {
  return sql`SELECT n.id, n.type, n.case_id, n.payload, n.read_at, n.created_at, r.readable,
       CASE WHEN r.readable THEN c.reference END AS case_reference,
       CASE WHEN r.readable THEN c.title END AS case_title,
       CASE WHEN r.readable THEN t.title END AS task_title
  FROM notifications n
  LEFT JOIN cases c ON c.id = n.case_id
  LEFT JOIN tasks t ON t.id = ${notificationTaskId}
  CROSS JOIN LATERAL (SELECT ${readableNow(ability)} AS readable) r`;
}

const unreadOnlyIf = (unreadOnly: boolean): Sql => (unreadOnly ? sql`AND n.read_at IS NULL` : sql.empty);

/** A page of a person's inbox, newest first, after the keyset cursor `(created_at, id)` if any; one row more than `limit`. */
export function inboxPage(ability: AppAbility, userId: string, unreadOnly: boolean, cursor: readonly (string | number)[] | null, limit: number): Sql {
  const after = cursor ? sql`AND (n.created_at, n.id) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)` : sql.empty;
  return sql`${inboxRows(ability)} WHERE n.user_id = ${userId} ${unreadOnlyIf(unreadOnly)} ${after}
          ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit + 1}`;
}

/** How many notifications a person's inbox holds (`n`), or unread ones only. */
export function inboxCount(userId: string, unreadOnly: boolean): Sql {
  return sql`SELECT count(*)::int AS n FROM notifications n WHERE n.user_id = ${userId} ${unreadOnlyIf(unreadOnly)}`;
}

/** One notification of a person, as the inbox shows it. */
export function inboxItem(ability: AppAbility, userId: string, id: string): Sql {
  return sql`${inboxRows(ability)} WHERE n.id = ${id} AND n.user_id = ${userId}`;
}

/** How many of a person's notifications are unread (`n`). */
export function unreadCount(userId: string): Sql {
  return sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND read_at IS NULL`;
}

/** Marks a person's unread notifications read (those of `ids`, or all), returning the ids marked. */
export function markRead(userId: string, ids?: string[]): Sql {
  return ids
    ? sql`UPDATE notifications SET read_at = now() WHERE user_id = ${userId} AND id = ANY(${ids}) AND read_at IS NULL RETURNING id`
    : sql`UPDATE notifications SET read_at = now() WHERE user_id = ${userId} AND read_at IS NULL RETURNING id`;
}

/** The modes a person chose, per event type. */
export function preferencesOf(userId: string): Sql {
  return sql`SELECT event_type, mode FROM notification_preferences WHERE user_id = ${userId}`;
}

/** The mode a person chose for one event type (no row: never chosen). */
export function preferenceOf(userId: string, eventType: string): Sql {
  return sql`SELECT mode FROM notification_preferences WHERE user_id = ${userId} AND event_type = ${eventType}`;
}

/** Sets a person's mode for one event type. */
export function setPreference(userId: string, eventType: string, mode: NotificationMode): Sql {
  return sql`INSERT INTO notification_preferences (user_id, event_type, mode) VALUES (${userId}, ${eventType}, ${mode})
         ON CONFLICT (user_id, event_type) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`;
}
