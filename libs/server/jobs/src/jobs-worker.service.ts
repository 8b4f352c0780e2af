import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { Job, Worker } from 'bullmq';
import { JOB_NAMES, JOB_QUEUE, type JobName, type QueueName } from '@cg/shared/domain';
import { JOB_HANDLER_KEY, type HandlesJob } from './job-handler.decorator';
import { QueueConnectionFactory } from './queue-connection';

export class JobRegistryError extends Error {}

/**
 * Jobs each queue runs at once in one worker process. The notifications queue's jobs are fanned out in
 * batches (JobBatcher): a high concurrency is what lets a batch fill.
 */
export const WORKER_CONCURRENCY: Record<QueueName, number> = { maintenance: 2, notifications: 64, delivery: 8 };

/** Finds the handlers, checks the registry is complete, and runs one BullMQ worker per queue. */
@Injectable()
export class JobsWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsWorkerService.name);
  private readonly workers: Worker[] = [];
  private handlers = new Map<JobName, HandlesJob<unknown>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly connections: QueueConnectionFactory,
  ) {}

  onApplicationBootstrap(): void {
    this.handlers = this.discoverHandlers();
    const queues = new Set<QueueName>(JOB_NAMES.map((name) => JOB_QUEUE[name]));
    for (const queue of queues) {
      const worker = this.connections.worker(queue, (job) => this.process(job), {
        concurrency: WORKER_CONCURRENCY[queue],
        lockDuration: this.connections.lockMs,
        stalledInterval: Math.max(1000, Math.floor(this.connections.lockMs / 2)),
      });
      worker.on('failed', (job, error) =>
        this.logger.warn({ jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, err: error.message }, 'job failed'),
      );
      worker.on('error', (error) => this.logger.error({ err: error.message }, 'worker error'));
      this.workers.push(worker);
    }
    this.logger.log(`Workers running for queues: ${[...queues].join(', ')} (${this.connections.backend})`);
  }

  /** Closing waits for jobs in progress to finish; jobs not started stay in the queue for the next worker. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers.length = 0;
  }

  get running(): boolean {
    return this.workers.length > 0 && this.workers.every((worker) => worker.isRunning());
  }

  private async process(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new JobRegistryError(`No handler for job ${job.name}`);
    return handler.handle(job.data, {
      jobId: job.id ?? '',
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      progress: (percent) => job.updateProgress(percent),
    });
  }

  private discoverHandlers(): Map<JobName, HandlesJob<unknown>> {
    const found = new Map<JobName, HandlesJob<unknown>>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const name = this.reflector.get<JobName | undefined>(JOB_HANDLER_KEY, wrapper.metatype);
      if (!name) continue;
      if (found.has(name)) throw new JobRegistryError(`Job ${name} has two handlers`);
      found.set(name, wrapper.instance as HandlesJob<unknown>);
    }
    const missing = JOB_NAMES.filter((name) => !found.has(name));
    if (missing.length > 0) throw new JobRegistryError(`Jobs without a handler: ${missing.join(', ')}`);
    return found;
  }
}
