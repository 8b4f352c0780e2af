import { NotificationMode } from '@cg/shared/domain';
import { sql, type Sql } from '@cg/server/db';
import { recipientsCtes } from './recipients';

/** The events, as the outbox holds them. */
export function outboxEvents(eventIds: readonly string[]): Sql {
  return sql`SELECT id, type, payload FROM outbox_events WHERE id = ANY(${eventIds}::uuid[])`;
}

/**
 * One statement: recipients by the access rules, their preferences, the notifications (OFF left out unless the event
 * is among `forced`, those that cannot be turned off) and the webhook deliveries of the recipients' organisations, all
 * or nothing. One row per event: how many recipients, and the notifications created (id, user_id).
 */
export function fanOutEvents(eventIds: readonly string[], forced: readonly string[]): Sql {
  return sql`WITH ${recipientsCtes(eventIds)},
     chosen AS (
       SELECT r.event_id, r.user_id,
              CASE WHEN r.event_id = ANY(${forced}::uuid[]) THEN ${NotificationMode.IMMEDIATE}::text
                   ELSE COALESCE(p.mode::text, ${NotificationMode.IMMEDIATE}::text) END AS mode
         FROM recipients r
         JOIN ev ON ev.id = r.event_id
         LEFT JOIN notification_preferences p ON p.user_id = r.user_id AND p.event_type = ev.type
     ), created AS (
       INSERT INTO notifications (event_id, user_id, type, case_id, payload, email_mode, occurred_at)
       SELECT ev.id, c.user_id, ev.type, ev.case_id, ev.payload, c.mode, ev.occurred_at
         FROM chosen c JOIN ev ON ev.id = c.event_id
        WHERE c.mode <> ${NotificationMode.OFF}::text
        ORDER BY ev.occurred_at, ev.id, c.user_id
       ON CONFLICT (event_id, user_id) DO NOTHING
       RETURNING id, user_id, event_id
     ), hooks AS (
       -- Webhooks of the organisations told about it: the same access rules as for people.
       INSERT INTO webhook_deliveries (endpoint_id, event_id)
       SELECT DISTINCT w.id, ev.id
         FROM ev
         JOIN recipients r ON r.event_id = ev.id
         JOIN users u ON u.id = r.user_id
         JOIN webhook_endpoints w ON w.organisation_id = u.organisation_id
        WHERE w.active AND (cardinality(w.event_types) = 0 OR ev.type = ANY(w.event_types))
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
     )
     SELECT ev.id AS event_id,
            (SELECT count(*) FROM recipients r WHERE r.event_id = ev.id)::int AS recipients,
            COALESCE((SELECT json_agg(json_build_object('id', c.id, 'user_id', c.user_id)) FROM created c WHERE c.event_id = ev.id), '[]'::json) AS created
       FROM ev`;
}

/** Marks the events' fan-out complete (the first completion counts). */
export function markFannedOut(eventIds: readonly string[]): Sql {
  return sql`UPDATE outbox_events SET fanned_out_at = now() WHERE id = ANY(${eventIds}::uuid[]) AND fanned_out_at IS NULL`;
}

/** What is still to be sent for the events: events with e-mails not yet sent, webhook deliveries still pending. */
export function pendingDeliveries(eventIds: readonly string[]): Sql {
  return sql`SELECT 'email' AS kind, e.id, e.request_id FROM outbox_events e
      WHERE e.id = ANY(${eventIds}::uuid[])
        AND EXISTS (SELECT 1 FROM notifications n WHERE n.event_id = e.id AND n.email_mode = ${NotificationMode.IMMEDIATE}::text AND n.emailed_at IS NULL)
     UNION ALL
     SELECT 'webhook' AS kind, d.id, e.request_id FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id
      WHERE d.event_id = ANY(${eventIds}::uuid[]) AND d.status = 'PENDING'`;
}
