import type { AppAbility } from '@cg/server/authz';
import { sql, type Sql } from '@cg/server/db';
import { NotificationMode } from '@cg/shared/domain';
import { notificationTaskId, readableNow } from '../readable';

// The SQL of the e-mails: immediate ones per event (EmailHandler) and the daily digest (DigestHandler).

/** A notification `n` with what an e-mail may say about it: case reference and title, task title (see MAIL_ITEM_JOINS). */
const MAIL_ITEM_COLUMNS = sql`n.id, n.type, n.case_id, n.payload, n.email_mode, n.emailed_at, COALESCE(n.occurred_at, n.created_at) AS at,
       c.reference AS case_reference, c.title AS case_title, t.title AS task_title`;
const MAIL_ITEM_JOINS = sql`LEFT JOIN cases c ON c.id = n.case_id
  LEFT JOIN tasks t ON t.id = ${notificationTaskId}`;

// ---------------------------------------------------------------------------------------------------- immediate

/** Session locks on events, in a fixed order (volatile functions run after the sort), so that two batches sharing events queue, not deadlock. */
export function lockEvents(eventIds: string[]): Sql {
  return sql`SELECT pg_advisory_lock(hashtextextended(${'cg:email:'} || id::text, 0)) FROM unnest(${eventIds}::uuid[]) AS id ORDER BY id`;
}

/** Releases every session lock of the connection. */
export const unlockAll: Sql = sql`SELECT pg_advisory_unlock_all()`;

/** The immediate e-mails still to send for these events, with their (active) recipients. */
export function immediateMails(eventIds: string[]): Sql {
  return sql`SELECT n.event_id, ${MAIL_ITEM_COLUMNS}, u.email, u.display_name, u.locale, u.time_zone
           FROM notifications n
           JOIN users u ON u.id = n.user_id AND u.active
           ${MAIL_ITEM_JOINS}
          WHERE n.event_id = ANY(${eventIds}::uuid[]) AND n.email_mode = ${NotificationMode.IMMEDIATE} AND n.emailed_at IS NULL
          ORDER BY n.event_id, n.id`;
}

/** Records immediate e-mails as sent (those not recorded yet). */
export function mailsSent(notificationIds: string[]): Sql {
  return sql`UPDATE notifications SET emailed_at = now() WHERE id = ANY(${notificationIds}::uuid[]) AND emailed_at IS NULL`;
}

// ---------------------------------------------------------------------------------------------------- digest

/** Active people with digest notifications not yet e-mailed, with what their rules and their e-mail need. */
export const digestRecipients: Sql = sql`SELECT u.id, u.email, u.display_name, u.locale, u.time_zone, u.organisation_id, u.roles, o.kind AS organisation_kind
         FROM users u
         JOIN organisations o ON o.id = u.organisation_id
        WHERE u.active
          AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.email_mode = ${NotificationMode.DIGEST} AND n.emailed_at IS NULL)
        ORDER BY u.id`;

/** One digest run at a time per person (a transaction lock). */
export function lockDigestOf(userId: string): Sql {
  return sql`SELECT pg_advisory_xact_lock(hashtextextended(${`cg:digest:${userId}`}, 0))`;
}

/** Takes a person's digest of a day (its id), unless it was taken already (no row). */
export function claimDigest(userId: string, day: string): Sql {
  return sql`INSERT INTO digests (user_id, day, notification_count) VALUES (${userId}, ${day}, 0) ON CONFLICT (user_id, day) DO NOTHING RETURNING id`;
}

/** A person's digest notifications not yet e-mailed, oldest first, each with whether its subject is readable to them now. */
export function digestItems(ability: AppAbility, userId: string): Sql {
  return sql`SELECT ${MAIL_ITEM_COLUMNS}, ${readableNow(ability)} AS readable
           FROM notifications n
           ${MAIL_ITEM_JOINS}
          WHERE n.user_id = ${userId} AND n.email_mode = ${NotificationMode.DIGEST} AND n.emailed_at IS NULL
          ORDER BY at, n.id`;
}

/** Gives a digest's day back (nothing was left to send). */
export function dropDigest(digestId: string): Sql {
  return sql`DELETE FROM digests WHERE id = ${digestId}`;
}

/** Records the notifications of a digest as e-mailed. */
export function digestEmailed(notificationIds: string[]): Sql {
  return sql`UPDATE notifications SET emailed_at = now() WHERE id = ANY(${notificationIds}::uuid[])`;
}

/** Records a digest as sent, with how many notifications it held. */
export function digestSent(digestId: string, count: number): Sql {
  return sql`UPDATE digests SET notification_count = ${count}, sent_at = now() WHERE id = ${digestId}`;
}
