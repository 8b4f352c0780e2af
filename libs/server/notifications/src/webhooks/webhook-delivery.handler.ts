import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobPayloads } from '@cg/shared/domain';
import { execute, hydrate, OutboxService, query, WebhookDeliveryEntity, WebhookEndpointEntity } from '@cg/server/db';
import { AppConfig } from '@cg/server/config';
import { JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from './signing';
import { postWebhook, WebhookAddressError } from './webhook-request';
import { claimDelivery, deliveredEvent, deliveryFailed, deliverySucceeded, endpointDisabled, endpointFailed, endpointRecovered, endpointToSign } from './webhooks.queries';

type Payload = JobPayloads['notifications.webhook'];

/** How long a receiver has to answer one delivery. */
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** Deliveries in a row that failed after every retry before the endpoint is disabled. */
export const WEBHOOK_DISABLE_AFTER_FAILURES = 5;

/**
 * How long a job's claim on a delivery lasts: the receiver's time to answer and a margin. A job that dies while
 * sending leaves the claim to expire; another job may send the delivery after that, not before.
 */
export const WEBHOOK_CLAIM_SECONDS = WEBHOOK_TIMEOUT_MS / 1000 + 25;

export type WebhookDeliveryResult =
  | { status: 'DELIVERED'; statusCode: number }
  | { status: 'SKIPPED'; reason: 'missing' | 'delivered' | 'inactive' | 'in-flight' };

/** Thrown when a receiver did not accept a delivery, so that BullMQ retries it with backoff. */
export class WebhookDeliveryError extends Error {
  constructor(
    readonly deliveryId: string,
    readonly reason: string,
    readonly last: boolean,
  ) {
    super(`webhook delivery ${deliveryId} failed${last ? ' for the last time' : ''}: ${reason}`);
    this.name = 'WebhookDeliveryError';
  }
}

interface EventRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * One event to one endpoint, signed with the endpoint's secret. A 2xx answer delivers it and resets the
 * endpoint's failure count; anything else is recorded and thrown, so that BullMQ retries with backoff. After
 * the last attempt the delivery is FAILED, and an endpoint with five such failures in a row is disabled,
 * with a `webhook.disabled` event (to the organisation's coordinators) in the same transaction.
 *
 * Never twice at once: before sending, the job claims the delivery (`sending_until`, `sending_job`) for
 * WEBHOOK_CLAIM_SECONDS; a second job for the same delivery (a re-dispatch by the reconciler, a resumption) finds
 * it claimed by another job and skips it, leaving it to the job that holds the claim (which retries on its own).
 * The claim is released with the outcome; a retry of the same job takes its own claim again.
 *
 * At least once: a receiver that answered but whose answer was lost gets the delivery again, with the same
 * `X-CommonGround-Delivery` id, which it may use to ignore repeats. Bodies carry ids only.
 */
@Injectable()
@JobHandler('notifications.webhook')
export class WebhookDeliveryHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(WebhookDeliveryHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  async handle(payload: Payload, context: JobContext): Promise<WebhookDeliveryResult> {
    const delivery = await this.dataSource.getRepository(WebhookDeliveryEntity).findOneBy({ id: payload.deliveryId });
    if (!delivery) return { status: 'SKIPPED', reason: 'missing' };
    if (delivery.status === 'DELIVERED') return { status: 'SKIPPED', reason: 'delivered' };
    const [endpointRow] = await query(this.dataSource, endpointToSign(delivery.endpointId));
    const endpoint = endpointRow ? hydrate(this.dataSource.manager, WebhookEndpointEntity, endpointRow) : null;
    if (!endpoint?.active) return { status: 'SKIPPED', reason: 'inactive' };
    const [event] = await query<EventRow>(this.dataSource, deliveredEvent(delivery.eventId));
    if (!event) return { status: 'SKIPPED', reason: 'missing' };
    if (!(await this.claim(delivery.id, context.jobId))) {
      this.logger.debug({ deliveryId: delivery.id, jobId: context.jobId }, 'webhook delivery being sent by another job');
      return { status: 'SKIPPED', reason: 'in-flight' };
    }

    const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: new Date(event.occurred_at).toISOString(), data: event.payload });
    const signature = signWebhook(endpoint.secret, body, Math.floor(Date.now() / 1000));
    let statusCode: number | null = null;
    let failure: string | null = null;
    try {
      // A redirect is an answer like any other non-2xx: never followed with the signed body.
      statusCode = await postWebhook(
        endpoint.url,
        {
          'content-type': 'application/json',
          'user-agent': 'CommonGround-Webhooks/1',
          [EVENT_HEADER]: event.type,
          [DELIVERY_HEADER]: delivery.id,
          [SIGNATURE_HEADER]: signature,
        },
        body,
        { timeoutMs: WEBHOOK_TIMEOUT_MS, allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks },
      );
      if (statusCode < 200 || statusCode > 299) failure = `HTTP ${statusCode}`;
    } catch (error) {
      failure = describe(error);
    }
    await context.progress(80);

    if (failure === null) {
      await this.delivered(delivery.id, endpoint.id, statusCode!);
      await context.progress(100);
      this.logger.debug({ deliveryId: delivery.id, endpointId: endpoint.id, eventType: event.type, statusCode }, 'webhook delivered');
      return { status: 'DELIVERED', statusCode: statusCode! };
    }

    const last = context.attempt >= context.maxAttempts;
    const disabled = await this.failed(delivery.id, endpoint, statusCode, failure, last);
    this.logger.warn(
      { deliveryId: delivery.id, endpointId: endpoint.id, eventType: event.type, attempt: context.attempt, maxAttempts: context.maxAttempts, statusCode, reason: failure, disabled },
      last ? 'webhook delivery failed after its last attempt' : 'webhook delivery failed; will retry',
    );
    throw new WebhookDeliveryError(delivery.id, failure, last);
  }

  /** Takes the delivery for this job unless another job holds an unexpired claim on it (or it was delivered meanwhile). */
  private async claim(deliveryId: string, jobId: string): Promise<boolean> {
    const [rows] = await execute<[{ id: string }[], number]>(this.dataSource, claimDelivery(deliveryId, jobId.slice(0, 200), WEBHOOK_CLAIM_SECONDS));
    return rows.length === 1;
  }

  private async delivered(deliveryId: string, endpointId: string, statusCode: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await execute(manager, deliverySucceeded(deliveryId, statusCode));
      await execute(manager, endpointRecovered(endpointId));
    });
  }

  /** Records the failed attempt; on the last one, counts it against the endpoint. True when that disabled it. */
  private async failed(deliveryId: string, endpoint: WebhookEndpointEntity, statusCode: number | null, reason: string, last: boolean): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await execute(manager, deliveryFailed(deliveryId, statusCode, reason.slice(0, 500), last));
      if (!last) return false;
      // The row lock taken here orders concurrent failures of one endpoint: only one of them disables it.
      const [rows] = await execute<[{ consecutive_failures: number; active: boolean }[], number]>(manager, endpointFailed(endpoint.id));
      const row = rows[0];
      if (!row || !row.active || row.consecutive_failures < WEBHOOK_DISABLE_AFTER_FAILURES) return false;
      await execute(manager, endpointDisabled(endpoint.id));
      await this.outbox.emit(manager, 'webhook.disabled', { type: 'WebhookEndpoint', id: endpoint.id }, { endpointId: endpoint.id, organisationId: endpoint.organisationId });
      return true;
    });
  }
}

/** What went wrong, without the URL or anything the receiver sent back. */
function describe(error: unknown): string {
  if (error instanceof WebhookAddressError) return 'address not allowed: not on the public internet';
  // Duck-typed, not `instanceof Error`: errors may come from another realm (test sandboxes).
  if (typeof error !== 'object' || error === null) return 'unknown error';
  const { name, code: ownCode, cause } = error as { name?: unknown; code?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${WEBHOOK_TIMEOUT_MS} ms`;
  const code = typeof ownCode === 'string' ? ownCode : typeof cause === 'object' && cause !== null ? cause.code : undefined;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return `connection failed (${code})`;
  // Refusals without a system code: short fixed texts only.
  const detail = typeof cause === 'object' && cause !== null && typeof cause.message === 'string' && /^[\w .-]{1,60}$/.test(cause.message) ? `: ${cause.message}` : '';
  return `request failed (${typeof name === 'string' ? name.slice(0, 40) : 'unknown error'})${detail}`;
}
