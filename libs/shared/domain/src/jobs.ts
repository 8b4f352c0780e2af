/**
 * The typed job registry: job name → payload. Payloads carry ids only, never personal data
 * (BullMQ keeps them as clear text).
 */
export interface JobPayloads {
  'identity.purge-expired-refresh-tokens': { requestedAt: string };
  /** Deletes the idempotency keys older than IDEMPOTENCY_KEY_TTL_HOURS. */
  'identity.purge-expired-idempotency-keys': { requestedAt: string };
  /** Due-soon and overdue reminders for a day (YYYY-MM-DD; today when omitted). */
  'tasks.reminders': { day?: string };
  /** Measurement-due events for indicators whose cadence asks for one, once per indicator and period. */
  'indicators.measurement-due': { day?: string };
  /** Expiry notices (30 and 7 days ahead) for agreements, once per agreement, threshold and last day. */
  'identity.agreement-expiry': { day?: string };
  /** One outbox event: resolve its recipients and write one notification each (the job id is the outbox id). */
  'notifications.fan-out': { eventId: string };
  /** The immediate e-mails of one event's notifications (the job id is `email-<eventId>`). */
  'notifications.email': { eventId: string };
  /** An endpoint turned back on (the outbox event's id): its deliveries still pending are queued again. */
  'notifications.webhook-resume': { eventId: string };
  /** One webhook delivery (an event to one endpoint). */
  'notifications.webhook': { deliveryId: string };
  /**
   * An access change (`session.ended`, `user.deactivated`, `user.roles-changed`, `organisation.deactivated`;
   * the outbox event's id): every API instance is told to close the subscription sockets it concerns.
   */
  'notifications.access': { eventId: string };
  /** The daily digest e-mails: one per person with everything since their last digest. */
  'notifications.digest': { day?: string };
}

export type JobName = keyof JobPayloads;

/**
 * What any job's data may carry besides its payload: the request id of the change that caused it (the outbox event's
 * `request_id`, passed on from job to job), so that the worker's lines about the job carry the id the API's lines
 * about the change carry. An opaque id (`X-Request-Id` or a UUID), never personal data.
 */
export interface JobOrigin {
  requestId?: string;
}

/** The origin to put in a job's data: the request id when there is one (an outbox row's may be null). */
export function jobOrigin(requestId: string | null | undefined): JobOrigin {
  return requestId ? { requestId } : {};
}

/** A job's data as it is queued: its payload and its origin. */
export type JobData<N extends JobName> = JobPayloads[N] & JobOrigin;

export const QUEUES = {
  maintenance: 'maintenance',
  notifications: 'notifications',
  delivery: 'delivery',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOB_QUEUE: Record<JobName, QueueName> = {
  'identity.purge-expired-refresh-tokens': QUEUES.maintenance,
  'identity.purge-expired-idempotency-keys': QUEUES.maintenance,
  'tasks.reminders': QUEUES.maintenance,
  'indicators.measurement-due': QUEUES.maintenance,
  'identity.agreement-expiry': QUEUES.maintenance,
  'notifications.fan-out': QUEUES.notifications,
  'notifications.email': QUEUES.delivery,
  'notifications.webhook': QUEUES.delivery,
  'notifications.webhook-resume': QUEUES.notifications,
  'notifications.digest': QUEUES.maintenance,
  'notifications.access': QUEUES.notifications,
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];
