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

/**
 * What a job is, declared once beside its payload: its queue, how often it is tried and how long it waits between
 * tries, and its id. `enqueue`, `enqueueMany` and `schedule` (libs/server/jobs) apply it; no call site repeats it.
 */
export interface JobSpec<P> {
  queue: QueueName;
  /** Tries in all: the first run and its retries. */
  attempts: number;
  /** The first retry waits this many QUEUE_RETRY_BASE_MS (1 s by default); each next one twice as long as the last. */
  backoff: number;
  /**
   * The job's id from its payload, for a job that must exist once whoever asks for it and however often (BullMQ adds
   * an id it holds only once): an outbox event's relay, an event's e-mails, a webhook delivery. Without it, BullMQ
   * numbers the job.
   */
  jobId?: (payload: P) => string;
}

/** Jobs that are run on a schedule, or asked for by hand: five tries, from 1 s. */
const MAINTENANCE = { queue: QUEUES.maintenance, attempts: 5, backoff: 1 } as const;
/** Jobs the outbox relay hands over (the job id is the outbox event's id): eight tries from 1 s, about two minutes. */
const RELAYED = { attempts: 8, backoff: 1, jobId: (payload: { eventId: string }) => payload.eventId } as const;

export const JOBS: { [N in JobName]: JobSpec<JobPayloads[N]> } = {
  'identity.purge-expired-refresh-tokens': MAINTENANCE,
  'identity.purge-expired-idempotency-keys': MAINTENANCE,
  'tasks.reminders': MAINTENANCE,
  'indicators.measurement-due': MAINTENANCE,
  'identity.agreement-expiry': MAINTENANCE,
  'notifications.digest': MAINTENANCE,
  'notifications.fan-out': { queue: QUEUES.notifications, ...RELAYED },
  'notifications.webhook-resume': { queue: QUEUES.notifications, ...RELAYED },
  'notifications.access': { queue: QUEUES.notifications, ...RELAYED },
  /** One event's immediate e-mails: five tries from 1 s, 15 s of backoff in all. */
  'notifications.email': { queue: QUEUES.delivery, attempts: 5, backoff: 1, jobId: (payload) => `email-${payload.eventId}` },
  /** One webhook delivery: eight tries from 2 s, 254 s of backoff in all (a receiver may be down a while). */
  'notifications.webhook': { queue: QUEUES.delivery, attempts: 8, backoff: 2, jobId: (payload) => `webhook-${payload.deliveryId}` },
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/**
 * The id of a job of `name` for `payload`, or undefined when BullMQ numbers it. `again` tells apart a dispatch anew of a
 * job whose id is already taken (a job that ran out of attempts stays in the queue under its id): `<id>-<again>`.
 */
export function jobIdOf<N extends JobName>(name: N, payload: JobPayloads[N], again?: string): string | undefined {
  const spec: JobSpec<JobPayloads[N]> = JOBS[name];
  if (!spec.jobId) {
    if (again !== undefined) throw new Error(`Job ${name} has no id of its own to dispatch again`);
    return undefined;
  }
  const id = spec.jobId(payload);
  return again === undefined ? id : `${id}-${again}`;
}
