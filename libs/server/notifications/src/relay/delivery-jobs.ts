import type { AppConfig } from '@cg/server/config';

/** Attempts of one e-mail job (one event's immediate e-mails). */
export const EMAIL_JOB_ATTEMPTS = 5;
/** Attempts of one webhook delivery job. */
export const WEBHOOK_JOB_ATTEMPTS = 8;

export interface DeliveryJobOptions {
  attempts: number;
  backoff: { type: 'exponential'; delay: number };
}

/** E-mail jobs retry from QUEUE_RETRY_BASE_MS (1 s), doubling: with 5 attempts, 15 s of backoff. */
export function emailJobOptions(config: AppConfig | undefined): DeliveryJobOptions {
  return { attempts: EMAIL_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: config?.redis.retryBaseMs ?? 1000 } };
}

/** Webhook jobs retry from twice QUEUE_RETRY_BASE_MS (2 s), doubling: with 8 attempts, 254 s of backoff. */
export function webhookJobOptions(config: AppConfig | undefined): DeliveryJobOptions {
  return { attempts: WEBHOOK_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 2 * (config?.redis.retryBaseMs ?? 1000) } };
}

/** The backoff a job sits through between its first and its last attempt (BullMQ waits delay × 2^(n−1) before retry n). */
export function backoffSpanMs(options: DeliveryJobOptions): number {
  return options.backoff.delay * (2 ** (options.attempts - 1) - 1);
}
