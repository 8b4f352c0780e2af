import { randomBytes, randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { JOBS, QUEUES, type JobName } from '@cg/shared/domain';
import { loadConfig } from '@cg/server/config';
import { JobsService } from './jobs.service';
import { QueueConnectionFactory } from './queue-connection';

/**
 * The registry decides each job's queue, attempts, backoff and id; a job added alone and one added with others get
 * the same. Against the real Redis, under a prefix of this file's own; nothing runs the jobs (no worker), they wait.
 */
describe('the job registry, applied by the producer', () => {
  const config = loadConfig({ QUEUE_PREFIX: `cgj-${randomBytes(4).toString('hex')}`, QUEUE_RETRY_BASE_MS: '250' });
  const connections = new QueueConnectionFactory(config.redis, config.database);
  const jobs = new JobsService(connections);

  afterAll(async () => {
    await Promise.all(Object.values(QUEUES).map((name) => jobs.queue(name).obliterate({ force: true })));
    await jobs.onModuleDestroy();
    await connections.close();
  });

  async function added(name: JobName, id: string): Promise<Job> {
    const job = await jobs.queue(JOBS[name].queue).getJob(id);
    if (!job) throw new Error(`no job ${id} in the ${JOBS[name].queue} queue`);
    return job;
  }

  /** The options the registry gives, as BullMQ kept them on the job. */
  function options(job: Job) {
    return { name: job.name, attempts: job.opts.attempts, backoff: job.opts.backoff, removeOnComplete: job.opts.removeOnComplete, removeOnFail: job.opts.removeOnFail };
  }

  it('gives a job added alone and jobs added many at once the same queue, attempts, backoff and retention', async () => {
    const [alone, many] = [randomUUID(), randomUUID()];
    const aloneId = await jobs.enqueue('notifications.webhook', { deliveryId: alone });
    await jobs.enqueueMany('notifications.webhook', [{ payload: { deliveryId: many } }]);
    const expected = {
      name: 'notifications.webhook',
      attempts: 8,
      // Twice QUEUE_RETRY_BASE_MS, as the registry says for webhooks.
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: false,
    };
    expect(options(await added('notifications.webhook', aloneId))).toEqual(expected);
    expect(options(await added('notifications.webhook', `webhook-${many}`))).toEqual(expected);
    expect(aloneId).toBe(`webhook-${alone}`);
  });

  it("takes each job's id from its payload, and from `again` for a dispatch anew; an id already queued is not added twice", async () => {
    const eventId = randomUUID();
    await jobs.enqueueMany('notifications.fan-out', [{ payload: { eventId } }, { payload: { eventId } }]);
    await jobs.enqueue('notifications.fan-out', { eventId });
    await jobs.enqueueMany('notifications.email', [{ payload: { eventId } }, { payload: { eventId }, again: 'r1' }]);
    const fanOuts = (await jobs.queue(QUEUES.notifications).getJobs(['waiting'])).filter((job) => job.data.eventId === eventId);
    expect(fanOuts.map((job) => job.id)).toEqual([eventId]);
    expect(options(fanOuts[0]!)).toMatchObject({ attempts: 8, backoff: { type: 'exponential', delay: 250 } });
    const emails = (await jobs.queue(QUEUES.delivery).getJobs(['waiting'])).filter((job) => job.data.eventId === eventId);
    expect(emails.map((job) => job.id).sort()).toEqual([`email-${eventId}`, `email-${eventId}-r1`]);
    expect(emails.map((job) => options(job).attempts)).toEqual([5, 5]);
  });

  it('lets BullMQ number a job the registry gives no id, with the same policy alone or many at once', async () => {
    const id = await jobs.enqueue('tasks.reminders', { day: '2026-05-01' });
    await jobs.enqueueMany('tasks.reminders', [{ payload: { day: '2026-05-02' } }]);
    const reminders = (await jobs.queue(QUEUES.maintenance).getJobs(['waiting'])).filter((job) => job.name === 'tasks.reminders');
    expect(reminders).toHaveLength(2);
    expect(reminders.map((job) => job.id)).toContain(id);
    for (const job of reminders) expect(options(job)).toMatchObject({ attempts: 5, backoff: { type: 'exponential', delay: 250 } });
    expect(() => jobs.jobOptions('tasks.reminders', { payload: {}, again: 'r1' })).toThrow('has no id of its own');
  });

  it("gives a schedule's runs the registry's retry policy too", async () => {
    await jobs.schedule('identity.agreement-expiry', 3_600_000, {});
    const runs = (await jobs.queue(QUEUES.maintenance).getJobs(['waiting', 'delayed'])).filter((job) => job.name === 'identity.agreement-expiry');
    expect(runs).toHaveLength(1);
    expect(options(runs[0]!)).toMatchObject({ attempts: 5, backoff: { type: 'exponential', delay: 250 }, removeOnFail: false });
  });

  it('reports the retry policy the reconciler waits out', () => {
    expect(jobs.retryPolicy('notifications.email')).toEqual({ attempts: 5, backoff: { type: 'exponential', delay: 250 } });
  });
});
