import { sql, type Sql } from '@cg/server/db';
import { NotificationMode } from '@cg/shared/domain';

// The SQL of the outbox's delivery: the relay (outbox → queue), the reconciler (what was published but not delivered)
// and the end of an event's delivery (`fanned_out_at`).

// ---------------------------------------------------------------------------------------------------- relay

/** Claims a batch of unpublished events not claimed by another relay (or whose claim expired), oldest first. */
export function claimUnpublished(limit: number, claimSeconds: number): Sql {
  return sql`UPDATE outbox_events SET claimed_until = now() + make_interval(secs => ${claimSeconds}), attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM outbox_events
           WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
           ORDER BY occurred_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, type, request_id`;
}

/** Releases the claim on events not published after all (the queue store is down). */
export function releaseClaims(eventIds: string[]): Sql {
  return sql`UPDATE outbox_events SET claimed_until = NULL WHERE id = ANY(${eventIds}) AND published_at IS NULL`;
}

/** Marks events published; those of `nothingToDo` (no job is for them) fanned out as well. */
export function published(eventIds: string[], nothingToDo: string[]): Sql {
  return sql`UPDATE outbox_events SET published_at = now(), claimed_until = NULL, fanned_out_at = CASE WHEN id = ANY(${nothingToDo}::uuid[]) THEN now() ELSE fanned_out_at END WHERE id = ANY(${eventIds}::uuid[])`;
}

/** How many events wait to be published (`n`). */
export const unpublishedCount: Sql = sql`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL`;

// ---------------------------------------------------------------------------------------------------- fan-out done

/** An event's delivery is complete (set once). */
export function eventFannedOut(eventId: string): Sql {
  return sql`UPDATE outbox_events SET fanned_out_at = now() WHERE id = ${eventId} AND fanned_out_at IS NULL`;
}

/** Events no job is for, complete as they are. */
export function eventsFannedOut(eventIds: string[]): Sql {
  return sql`UPDATE outbox_events SET fanned_out_at = now() WHERE id = ANY(${eventIds}::uuid[])`;
}

// ---------------------------------------------------------------------------------------------------- reconciler

/** Published events not fanned out within `afterSeconds` of their publication or last re-enqueue: claimed (FOR UPDATE SKIP LOCKED) and counted as re-enqueued. */
export function requeueUnfinished(limit: number, afterSeconds: number): Sql {
  return sql`UPDATE outbox_events SET requeued_at = now(), requeues = requeues + 1
        WHERE id IN (
          SELECT id FROM outbox_events
           WHERE published_at IS NOT NULL AND fanned_out_at IS NULL
             AND COALESCE(requeued_at, published_at) < now() - make_interval(secs => ${afterSeconds})
           ORDER BY published_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, type, requeues, request_id`;
}

/** Undoes `requeueUnfinished`'s mark, to look at the events again at the next round. */
export function requeueUndone(eventIds: string[]): Sql {
  return sql`UPDATE outbox_events SET requeued_at = NULL WHERE id = ANY(${eventIds}::uuid[])`;
}

/** The events with immediate e-mails of active recipients unsent, created within `horizonHours`. */
function withUnsentEmails(horizonHours: number): Sql {
  return sql`SELECT n.event_id FROM notifications n JOIN users u ON u.id = n.user_id AND u.active
                           WHERE n.email_mode = ${NotificationMode.IMMEDIATE} AND n.emailed_at IS NULL
                             AND n.created_at > now() - make_interval(hours => ${horizonHours})`;
}

/** Fanned-out events whose unsent immediate e-mails are past `afterSeconds` of the fan-out or of their last re-dispatch, fewer than `maxRedispatches` times: claimed and counted. */
export function redispatchEmails(limit: number, afterSeconds: number, maxRedispatches: number, horizonHours: number): Sql {
  return sql`UPDATE outbox_events SET email_requeued_at = now(), email_requeues = email_requeues + 1
        WHERE id IN (
          SELECT e.id FROM outbox_events e
           WHERE e.id IN (${withUnsentEmails(horizonHours)})
             AND e.fanned_out_at IS NOT NULL AND e.email_requeues < ${maxRedispatches}
             AND COALESCE(e.email_requeued_at, e.fanned_out_at) < now() - make_interval(secs => ${afterSeconds})
           ORDER BY e.fanned_out_at, e.id LIMIT ${limit} FOR UPDATE OF e SKIP LOCKED)
        RETURNING id, email_requeues AS requeues, request_id`;
}

/** Undoes `redispatchEmails`. */
export function redispatchEmailsUndone(eventIds: string[]): Sql {
  return sql`UPDATE outbox_events SET email_requeued_at = NULL, email_requeues = email_requeues - 1 WHERE id = ANY(${eventIds}::uuid[])`;
}

/** Pending deliveries of active endpoints past `afterSeconds` of their creation or last re-dispatch (within `horizonHours`), fewer than `maxRedispatches` times, not being sent: claimed and counted. */
export function redispatchWebhooks(limit: number, afterSeconds: number, maxRedispatches: number, horizonHours: number): Sql {
  return sql`UPDATE webhook_deliveries SET requeued_at = now(), requeues = requeues + 1
        WHERE id IN (
          SELECT d.id FROM webhook_deliveries d
            JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.active
           WHERE d.status = 'PENDING' AND d.requeues < ${maxRedispatches}
             AND COALESCE(d.requeued_at, d.created_at) < now() - make_interval(secs => ${afterSeconds})
             AND COALESCE(d.requeued_at, d.created_at) > now() - make_interval(hours => ${horizonHours})
             AND (d.sending_until IS NULL OR d.sending_until < now())
           ORDER BY d.created_at, d.id LIMIT ${limit} FOR UPDATE OF d SKIP LOCKED)
        RETURNING id, requeues, (SELECT e.request_id FROM outbox_events e WHERE e.id = webhook_deliveries.event_id) AS request_id`;
}

/** Undoes `redispatchWebhooks`. */
export function redispatchWebhooksUndone(deliveryIds: string[]): Sql {
  return sql`UPDATE webhook_deliveries SET requeued_at = NULL, requeues = requeues - 1 WHERE id = ANY(${deliveryIds}::uuid[])`;
}

/** The bounds (in seconds, and the horizon in hours) the delivery figures count against. */
export interface FigureBounds {
  reconcileAfterSeconds: number;
  emailsAfterSeconds: number;
  webhooksAfterSeconds: number;
  horizonHours: number;
}

/** The outbox's delivery figures (see DeliveryFigures), in one statement. */
export function deliveryFigures(bounds: FigureBounds): Sql {
  const { reconcileAfterSeconds, emailsAfterSeconds, webhooksAfterSeconds, horizonHours } = bounds;
  return sql`SELECT (SELECT count(*) FROM outbox_events WHERE published_at IS NULL)::int AS unpublished,
              (SELECT count(*) FROM outbox_events WHERE published_at IS NOT NULL AND fanned_out_at IS NULL)::int AS unfinished,
              (SELECT count(*) FROM outbox_events WHERE published_at IS NOT NULL AND fanned_out_at IS NULL
                  AND COALESCE(requeued_at, published_at) < now() - make_interval(secs => ${reconcileAfterSeconds}))::int AS overdue,
              (SELECT COALESCE(sum(requeues), 0) FROM outbox_events WHERE requeues > 0)::int AS requeued,
              (SELECT count(*) FROM outbox_events e
                WHERE e.id IN (${withUnsentEmails(horizonHours)})
                  AND e.fanned_out_at IS NOT NULL
                  AND COALESCE(e.email_requeued_at, e.fanned_out_at) < now() - make_interval(secs => ${emailsAfterSeconds}))::int AS "emailsOverdue",
              (SELECT COALESCE(sum(email_requeues), 0) FROM outbox_events WHERE email_requeues > 0)::int AS "emailsRequeued",
              (SELECT count(*) FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.active
                WHERE d.status = 'PENDING' AND COALESCE(d.requeued_at, d.created_at) < now() - make_interval(secs => ${webhooksAfterSeconds})
                  AND COALESCE(d.requeued_at, d.created_at) > now() - make_interval(hours => ${horizonHours}))::int AS "webhooksOverdue",
              (SELECT COALESCE(sum(requeues), 0) FROM webhook_deliveries WHERE requeues > 0)::int AS "webhooksRequeued",
              COALESCE(EXTRACT(EPOCH FROM now() - LEAST(
                (SELECT min(occurred_at) FROM outbox_events WHERE published_at IS NULL),
                (SELECT min(occurred_at) FROM outbox_events WHERE published_at IS NOT NULL AND fanned_out_at IS NULL))), 0)::float AS "lagSeconds"`;
}
