import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { jobIdOf, JOBS, type JobData, type JobName, type JobPayloads, type QueueName } from '@cg/shared/domain';
import { QueueConnectionFactory, type AnyQueue } from './queue-connection';

/** One job to add: its payload, and for a dispatch anew of a job whose id is taken, what tells this one apart. */
export interface JobItem<N extends JobName> {
  /** The payload, and the request id of the change that caused the job (JobOrigin), which the worker logs it with. */
  payload: JobData<N>;
  /** The job's id becomes `<id>-<again>` (see `jobIdOf`); e.g. the round of a re-dispatch, `r2`. */
  again?: string;
}

/** How often a job is tried and how long it waits between tries (BullMQ's options). */
export interface RetryPolicy {
  attempts: number;
  backoff: { type: 'exponential'; delay: number };
}

/** The backoff a job sits through between its first and its last attempt (BullMQ waits delay × 2^(n−1) before retry n). */
export function backoffSpanMs(policy: RetryPolicy): number {
  return policy.backoff.delay * (2 ** (policy.attempts - 1) - 1);
}

/** Completed jobs are kept a day (10 000 at most per queue); failed ones until someone looks (the dashboard). */
const RETENTION = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: false } as const;

/**
 * The producer side: `enqueue(name, payload)` with the payload type the registry gives that name. Each job's queue,
 * attempts, backoff and id come from the registry (`JOBS`), the same whether it is added alone, with others or on a
 * schedule; the backoff is counted in QUEUE_RETRY_BASE_MS. A payload may also carry the `requestId` of the change
 * that caused the job (JobOrigin): the worker logs the job's lines with it.
 */
@Injectable()
export class JobsService implements OnModuleDestroy {
  private readonly queues = new Map<QueueName, AnyQueue>();

  constructor(private readonly connections: QueueConnectionFactory) {}

  queue(name: QueueName): AnyQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.connections.queue(name);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** The retry policy the registry gives a job (for what must wait until a job has run out of tries). */
  retryPolicy(name: JobName): RetryPolicy {
    const spec = JOBS[name];
    return { attempts: spec.attempts, backoff: { type: 'exponential', delay: spec.backoff * this.connections.retryBaseMs } };
  }

  /** BullMQ's options for one job of `name`: its retry policy, retention and id. */
  jobOptions<N extends JobName>(name: N, item: JobItem<N>): JobsOptions {
    const jobId = jobIdOf(name, item.payload, item.again);
    return { ...this.retryPolicy(name), ...RETENTION, ...(jobId === undefined ? {} : { jobId }) };
  }

  /** One job; returns its id. A job whose id is already in the queue is not added again (its id is returned). */
  async enqueue<N extends JobName>(name: N, payload: JobData<N>, again?: string): Promise<string> {
    const job = await this.queue(JOBS[name].queue).add(name, payload, this.jobOptions(name, { payload, again }));
    return job.id ?? '';
  }

  /** Many jobs of one kind in one round trip; a job id already present in the queue is not added again. */
  async enqueueMany<N extends JobName>(name: N, items: JobItem<N>[]): Promise<void> {
    if (items.length === 0) return;
    await this.queue(JOBS[name].queue).addBulk(items.map((item) => ({ name, data: item.payload, opts: this.jobOptions(name, item) })));
  }

  /** A repeating job, kept in the queue's scheduler: one entry per name however often it is declared. */
  async schedule<N extends JobName>(name: N, everyMs: number, payload: JobPayloads[N]): Promise<void> {
    // The scheduler names each run's id itself: the registry's retry policy and retention, no id.
    await this.queue(JOBS[name].queue).upsertJobScheduler(name, { every: everyMs }, { name, data: payload, opts: { ...this.retryPolicy(name), ...RETENTION } });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => closeWithin(queue, QUEUE_CLOSE_MS)));
    this.queues.clear();
  }
}

/** How long closing a producer queue may take before its connection is simply dropped. */
const QUEUE_CLOSE_MS = 2000;

/**
 * Closes a queue politely, or drops its connection: after an outage of the queue store (down, or still waiting to
 * reconnect), BullMQ's close fails ("Stream isn't writeable"), and shutting down must neither fail nor hang for that.
 */
async function closeWithin(queue: AnyQueue, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    queue.close().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  // Not awaited: a client that lost its connection never reports the end of one (ioredis emits no 'end' then).
  if (!closed) void queue.disconnect().catch(() => undefined);
}
