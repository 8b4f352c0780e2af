import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { Job } from 'bullmq';
import { JOB_NAMES, JOBS, QUEUES, type JobName, type JobOrigin, type QueueName } from '@cg/shared/domain';
import { AppConfig, withLogBindings } from '@cg/server/config';
import { JOB_HANDLER_KEY, type HandlesJob } from './job-handler.decorator';
import { QueueConnectionFactory, type AnyWorker } from './queue-connection';

export class JobRegistryError extends Error {}

/**
 * Jobs each queue runs at once in one worker process. The notifications queue's jobs are fanned out in
 * batches (JobBatcher): a high concurrency is what lets a batch fill.
 */
export const WORKER_CONCURRENCY: Record<QueueName, number> = { maintenance: 2, notifications: 64, delivery: 8 };

/**
 * Locks and the stalled-job policy, sized to the work. A worker renews its jobs' locks every half lock; a dead
 * worker's jobs are taken over once their lock has expired (checked every half lock). Fan-out (the
 * notifications queue) is idempotent, so its lock is short (QUEUE_FAN_OUT_LOCK_MS); e-mails and webhooks reach
 * the outside and keep the longer QUEUE_LOCK_MS. A job may stall QUEUE_MAX_STALLED times (BullMQ's default is
 * once) before it is failed; a fan-out failed anyway is enqueued again by the outbox reconciler.
 */
export function workerPolicy(queue: QueueName, redis: AppConfig['redis']): { lockDuration: number; stalledInterval: number; maxStalledCount: number } {
  const lockDuration = queue === QUEUES.notifications ? Math.min(redis.fanOutLockMs, redis.lockMs) : redis.lockMs;
  return { lockDuration, stalledInterval: Math.max(500, Math.floor(lockDuration / 2)), maxStalledCount: redis.maxStalled };
}

/** Finds the handlers, checks the registry is complete, and runs one BullMQ worker per queue. */
@Injectable()
export class JobsWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobsWorkerService.name);
  private readonly workers: AnyWorker[] = [];
  private handlers = new Map<JobName, HandlesJob<unknown>>();
  /** Jobs in hand, so that shutdown can wait for them up to the grace. */
  private readonly inHand = new Set<Promise<unknown>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly connections: QueueConnectionFactory,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.handlers = this.discoverHandlers();
    const queues = new Set<QueueName>(JOB_NAMES.map((name) => JOBS[name].queue));
    for (const queue of queues) {
      const worker = this.connections.worker(queue, (job) => this.process(job), {
        concurrency: WORKER_CONCURRENCY[queue],
        ...workerPolicy(queue, this.config.redis),
      });
      worker.on('failed', (job, error) =>
        this.logger.warn({ jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, requestId: job ? requestIdOfJob(job) : undefined, err: error.message }, 'job failed'),
      );
      worker.on('error', (error) => this.logger.error({ err: error.message }, 'worker error'));
      this.workers.push(worker);
    }
    this.logger.log(`Workers running for queues: ${[...queues].join(', ')} (${this.connections.backend})`);
  }

  /**
   * Closing stops taking jobs and waits for those in hand, up to SHUTDOWN_GRACE_MS; jobs not started stay in the
   * queue for the next worker. A job still running after the grace is let go: its lock expires and another
   * worker runs it again (every handler is idempotent).
   *
   * Before any module's shutdown hook: the jobs in hand still have their database and queue connections while they
   * finish (Nest runs the other modules' hooks in an order that follows how the modules happen to be imported).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.pause(true).catch(() => undefined)));
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.allSettled([...this.inHand]).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.config.http.shutdownGraceMs))),
    ]);
    clearTimeout(timer);
    if (!finished) this.logger.warn({ jobs: this.inHand.size, graceMs: this.config.http.shutdownGraceMs }, 'shutdown grace over: jobs in hand are left to another worker');
    await Promise.all(this.workers.map((worker) => worker.close(!finished)));
    this.workers.length = 0;
  }

  get running(): boolean {
    return this.workers.length > 0 && this.workers.every((worker) => worker.isRunning());
  }

  private process(job: Job): Promise<unknown> {
    const work = this.run(job);
    this.inHand.add(work);
    const done = () => this.inHand.delete(work);
    work.then(done, done);
    return work;
  }

  /**
   * Runs the job's handler with the job's name, id, attempt and the request id that caused it on every line logged
   * meanwhile, by the handler and the services it calls (withLogBindings); a line at the end says how it went.
   */
  private run(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) return Promise.reject(new JobRegistryError(`No handler for job ${job.name}`));
    const requestId = requestIdOfJob(job);
    const attempt = job.attemptsMade + 1;
    return withLogBindings({ job: job.name, jobId: job.id ?? '', attempt, ...(requestId ? { requestId } : {}) }, async () => {
      const started = Date.now();
      const result = await handler.handle(job.data, {
        jobId: job.id ?? '',
        attempt,
        maxAttempts: job.opts.attempts ?? 1,
        ...(requestId ? { requestId } : {}),
        progress: (percent) => job.updateProgress(percent),
      });
      this.logger.debug({ ms: Date.now() - started }, 'job done');
      return result;
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

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request id a job's data carries (JobOrigin), if it is one: a plain token, at most as long as the outbox keeps. */
export function requestIdOfJob(job: Pick<Job, 'data'>): string | undefined {
  const requestId = (job.data as JobOrigin | null | undefined)?.requestId;
  return typeof requestId === 'string' && REQUEST_ID.test(requestId) ? requestId : undefined;
}
