import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Client } from 'pg';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { RefreshTokenEntity, WebhookEndpointEntity } from '@cg/server/db';
import { JobsService, JobsWorkerService } from '@cg/server/jobs';
import { deferred, eventually, Fixtures } from '@cg/server/testing';
import { HealthServer } from '../src/app/health.server';
import { startWorker, type TestWorker } from './start';

describe('the worker process', () => {
  let worker: TestWorker;
  let app: INestApplicationContext;

  beforeAll(async () => {
    worker = await startWorker();
    app = worker.app;
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it('runs the refresh-token clean-up job end to end through Redis', async () => {
    const dataSource = app.get(DataSource);
    const fixtures = new Fixtures(dataSource);
    const user = await fixtures.user(await fixtures.organisation(), [Role.STAFF]);
    const tokens = dataSource.getRepository(RefreshTokenEntity);
    const day = 24 * 3600 * 1000;
    const expired = await tokens.save({ familyId: randomUUID(), userId: user.id, tokenHash: 'a'.repeat(64), expiresAt: new Date(Date.now() - 2 * day) });
    const current = await tokens.save({ familyId: randomUUID(), userId: user.id, tokenHash: 'b'.repeat(64), expiresAt: new Date(Date.now() + day) });

    const jobs = app.get(JobsService);
    const jobId = await jobs.enqueue('identity.purge-expired-refresh-tokens', { requestedAt: new Date().toISOString() });
    const queue = jobs.queue('maintenance');
    const job = await eventually('the purge job to complete', async () => {
      const found = await queue.getJob(jobId);
      return found && (await found.isCompleted()) ? found : null;
    });
    expect(job.returnvalue).toEqual({ deleted: 1 });
    expect(job.progress).toBe(100);
    expect(await tokens.existsBy({ id: expired.id })).toBe(false);
    expect(await tokens.existsBy({ id: current.id })).toBe(true);
  });

  it('purges the idempotency keys older than IDEMPOTENCY_KEY_TTL_HOURS, keeping the live ones', async () => {
    const dataSource = app.get(DataSource);
    const fixtures = new Fixtures(dataSource);
    const user = await fixtures.user(await fixtures.organisation(), [Role.STAFF]);
    const insert = (key: string, hoursAgo: number) =>
      dataSource.query(`INSERT INTO idempotency_keys (user_id, key, operation, input_hash, result, created_at) VALUES ($1, $2, 'openCase', $3, '"x"', now() - make_interval(hours => $4))`, [user.id, key, 'c'.repeat(64), hoursAgo]);
    await insert('old-key', 25);
    await insert('live-key', 23);

    const jobs = app.get(JobsService);
    const jobId = await jobs.enqueue('identity.purge-expired-idempotency-keys', { requestedAt: new Date().toISOString() });
    const queue = jobs.queue('maintenance');
    const job = await eventually('the idempotency purge job to complete', async () => {
      const found = await queue.getJob(jobId);
      return found && (await found.isCompleted()) ? found : null;
    });
    expect(job.returnvalue).toEqual({ deleted: 1 });
    const left: { key: string }[] = await dataSource.query('SELECT key FROM idempotency_keys WHERE user_id = $1', [user.id]);
    expect(left.map((r) => r.key)).toEqual(['live-key']);
  });

  it('declares the repeating jobs, once each however many workers start', async () => {
    const schedulers = await app.get(JobsService).queue('maintenance').getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.every]).sort()).toEqual([
      ['identity.agreement-expiry', 21600000],
      ['identity.purge-expired-idempotency-keys', 3600000],
      ['identity.purge-expired-refresh-tokens', 3600000],
      ['indicators.measurement-due', 21600000],
      ['notifications.digest', 3600000],
      ['tasks.reminders', 3600000],
    ]);
  });

  it('reports readiness of PostgreSQL, the queue store and its workers', async () => {
    const health = app.get(HealthServer);
    expect(app.get(JobsWorkerService).running).toBe(true);
    await expect(health.answer('/health/ready')).resolves.toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { database: 'up', queue: 'up', workers: 'up' }, outboxBacklog: expect.any(Number), queues: { notifications: expect.objectContaining({ failed: expect.any(Number) }) } },
    });
    const metrics = await health.metrics();
    expect(metrics).toMatch(/^cg_outbox_backlog \d+$/m);
    expect(metrics).toMatch(/^cg_queue_jobs\{queue="delivery",state="failed"\} \d+$/m);
    await expect(health.answer('/health/live')).resolves.toMatchObject({ status: 200 });
  });

  it('keeps no personal data in job payloads', async () => {
    const queue = app.get(JobsService).queue('maintenance');
    const jobs = await queue.getJobs(['completed', 'waiting', 'delayed', 'active', 'failed']);
    for (const job of jobs) expect(JSON.stringify(job.data)).not.toMatch(/@|password|token/i);
  });
  // Last: it closes the worker. Closing is what SIGTERM does (enableShutdownHooks in main.ts).
  it('on shutdown finishes the job in hand before letting go: a slow webhook delivery completes and is recorded', async () => {
    const dataSource = app.get(DataSource);
    const fixtures = new Fixtures(dataSource);
    const organisation = await fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    // The receiver holds its answer until the worker has been told to close: the job is then in hand at shutdown,
    // whatever the machine's speed. What happened, in order, is recorded (no clock readings compared).
    const requestArrived = deferred();
    const closeCalled = deferred();
    const order: string[] = [];
    const receiver: Server = createServer((request, response) => {
      request.resume();
      requestArrived.resolve();
      void closeCalled.promise.then(() => {
        order.push('answered');
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
      const endpoints = dataSource.getRepository(WebhookEndpointEntity);
      const endpoint = await endpoints.save(endpoints.create({ organisationId: organisation.id, url, secret: randomBytes(32).toString('base64url'), eventTypes: [] }));
      const [event] = await dataSource.query(
        `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, published_at) VALUES ('case.closed', 'Case', $1, $2, now()) RETURNING id`,
        [randomUUID(), { caseId: randomUUID() }],
      );
      const [delivery] = await dataSource.query('INSERT INTO webhook_deliveries (endpoint_id, event_id) VALUES ($1, $2) RETURNING id', [endpoint.id, event.id]);
      await app.get(JobsService).enqueue('notifications.webhook', { deliveryId: delivery.id });
      await requestArrived.promise;

      const closing = app.close();
      order.push('close called');
      closeCalled.resolve();
      await closing;
      order.push('closed');
      expect(order).toEqual(['close called', 'answered', 'closed']);
      const client = new Client({ connectionString: worker.database.url });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT status, attempts FROM webhook_deliveries WHERE id = $1', [delivery.id]);
        expect(rows[0]).toEqual({ status: 'DELIVERED', attempts: 1 });
      } finally {
        await client.end();
      }
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
