import { rulesToSql, type AppAbility } from '@cg/server/authz';
import { sql, type Sql } from '@cg/server/db';
import { uuidOf } from '../sql';

// The SQL of webhooks: endpoints (WebhooksService), deliveries (WebhookDeliveryHandler), resumption (WebhookResumeHandler).

// ---------------------------------------------------------------------------------------------------- endpoints

/** An endpoint `w`'s columns but its secret (which is read only to sign, and to answer a retried registration). */
const ENDPOINT = sql`w.id, w.organisation_id, w.url, w.event_types, w.active, w.consecutive_failures, w.disabled_at, w.created_by_id,
       w.created_at, w.updated_at, w.version`;
const ENDPOINT_WITH_SECRET = sql`${ENDPOINT}, w.secret`;
/** Sort key of the list: milliseconds, like the cursor that carries it. */
const CREATED = sql`date_trunc('milliseconds', w.created_at)`;

/** The endpoints `ability` may read, an endpoint aliased `w`. */
function readable(ability: AppAbility): Sql {
  return rulesToSql(ability, 'read', 'Webhook', { organisationId: sql.ident('w.organisation_id') });
}

/** One endpoint, with its secret, that `ability` may read and `userId` registered. */
export function registeredEndpoint(ability: AppAbility, id: string, userId: string | null): Sql {
  return sql`SELECT ${ENDPOINT_WITH_SECRET} FROM webhook_endpoints w WHERE ${readable(ability)} AND w.id = ${id} AND w.created_by_id = ${userId}`;
}

/** How many endpoints `ability` may read (`n`). */
export function endpointCount(ability: AppAbility): Sql {
  return sql`SELECT count(*)::int AS n FROM webhook_endpoints w WHERE ${readable(ability)}`;
}

/** A page of the endpoints `ability` may read, newest first, after the keyset cursor `(created_at, id)` if any; one row more than `limit`. */
export function endpointsPage(ability: AppAbility, cursor: readonly (string | number)[] | null, limit: number): Sql {
  const after = cursor ? sql`AND (${CREATED}, w.id) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)` : sql.empty;
  return sql`SELECT ${ENDPOINT} FROM webhook_endpoints w WHERE ${readable(ability)} ${after}
    ORDER BY ${CREATED} DESC, w.id DESC LIMIT ${limit + 1}`;
}

/** An endpoint with its secret, to sign a delivery. */
export function endpointToSign(id: string): Sql {
  return sql`SELECT ${ENDPOINT_WITH_SECRET} FROM webhook_endpoints w WHERE w.id = ${id}`;
}

// ---------------------------------------------------------------------------------------------------- deliveries

/** The event a delivery sends. */
export function deliveredEvent(eventId: string): Sql {
  return sql`SELECT id, type, payload, occurred_at FROM outbox_events WHERE id = ${eventId}`;
}

/** Takes a delivery for a job for `seconds`, unless another job holds an unexpired claim on it or it was delivered (no row). */
export function claimDelivery(deliveryId: string, jobId: string, seconds: number): Sql {
  return sql`UPDATE webhook_deliveries SET sending_until = now() + make_interval(secs => ${seconds}), sending_job = ${jobId}
        WHERE id = ${deliveryId} AND status <> 'DELIVERED' AND (sending_until IS NULL OR sending_until < now() OR sending_job = ${jobId})
        RETURNING id`;
}

/** A delivery accepted by its receiver, its claim released. */
export function deliverySucceeded(deliveryId: string, statusCode: number): Sql {
  return sql`UPDATE webhook_deliveries SET status = 'DELIVERED', attempts = attempts + 1, last_status_code = ${statusCode}, last_error = NULL, delivered_at = now(), sending_until = NULL, sending_job = NULL
          WHERE id = ${deliveryId}`;
}

/** An endpoint's failures in a row forgotten (it accepted a delivery). */
export function endpointRecovered(endpointId: string): Sql {
  return sql`UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = ${endpointId} AND consecutive_failures <> 0`;
}

/** A failed attempt of a delivery (FAILED when it was the `last`), its claim released. */
export function deliveryFailed(deliveryId: string, statusCode: number | null, reason: string, last: boolean): Sql {
  return sql`UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = ${statusCode}, last_error = ${reason}, status = CASE WHEN ${last} THEN 'FAILED' ELSE status END,
                sending_until = NULL, sending_job = NULL
          WHERE id = ${deliveryId} AND status <> 'DELIVERED'`;
}

/** One more delivery failed for good against an endpoint (its row locked): its failures in a row and whether it is active. */
export function endpointFailed(endpointId: string): Sql {
  return sql`UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE id = ${endpointId} RETURNING consecutive_failures, active`;
}

/** An endpoint turned off after too many failures in a row. */
export function endpointDisabled(endpointId: string): Sql {
  return sql`UPDATE webhook_endpoints SET active = false, disabled_at = now(), updated_at = now(), version = version + 1 WHERE id = ${endpointId}`;
}

// ---------------------------------------------------------------------------------------------------- resumption

/** The pending deliveries of the endpoint a `webhook.enabled` event names, if it is active, oldest first. */
export function waitingDeliveries(eventId: string): Sql {
  return sql`SELECT d.id FROM outbox_events e
         JOIN webhook_endpoints w ON w.id = ${uuidOf(sql`e.payload->>'endpointId'`)} AND w.active
         JOIN webhook_deliveries d ON d.endpoint_id = w.id AND d.status = 'PENDING'
        WHERE e.id = ${eventId} AND e.type = 'webhook.enabled'
        ORDER BY d.created_at, d.id`;
}

/** Deliveries dispatched anew: the reconciler's bound for them starts again. */
export function deliveriesRequeued(deliveryIds: string[]): Sql {
  return sql`UPDATE webhook_deliveries SET requeued_at = now() WHERE id = ANY(${deliveryIds}::uuid[])`;
}
