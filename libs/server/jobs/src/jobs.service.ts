import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, type JobData, type JobName, type JobPayloads, type QueueName } from '@cg/shared/domain';
import { QueueConnectionFactory } from './queue-connection';

/**
 * The producer side: `enqueue(name, payload)` with the payload type the registry gives that name. A payload may also
 * carry the `requestId` of the change that caused the job (JobOrigin): the worker logs the job's lines with it.
 */
@Injectable()
export class JobsService implements OnModuleDestroy {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly connections: QueueConnectionFactory) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.connections.queue(name);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<N extends JobName>(name: N, payload: JobData<N>, options: JobsOptions = {}): Promise<string> {
    const job = await this.queue(JOB_QUEUE[name]).add(name, payload, {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: false,
      ...options,
    });
    return job.id ?? '';
  }

  /** Many jobs of one kind in one round trip; a job id already present in the queue is not added again. */
  async enqueueMany<N extends JobName>(name: N, items: { payload: JobData<N>; jobId: string }[], options: JobsOptions = {}): Promise<void> {
    if (items.length === 0) return;
    await this.queue(JOB_QUEUE[name]).addBulk(
      items.map((item) => ({
        name,
        data: item.payload,
        opts: { removeOnComplete: { age: 24 * 3600, count: 10000 }, removeOnFail: false, ...options, jobId: item.jobId },
      })),
    );
  }

  /** A repeating job, kept in the queue's scheduler: one entry per name however often it is declared. */
  async schedule<N extends JobName>(name: N, everyMs: number, payload: JobPayloads[N]): Promise<void> {
    await this.queue(JOB_QUEUE[name]).upsertJobScheduler(name, { every: everyMs }, { name, data: payload });
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
async function closeWithin(queue: Queue, ms: number): Promise<void> {
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
