import { randomBytes, randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '@cg/shared/domain';
import { RefreshTokenEntity } from '@cg/server/db';
import { JobsService, JobsWorkerService } from '@cg/server/jobs';
import { createTestDatabase, Fixtures } from '@cg/server/testing';
import { HealthServer } from '../src/app/health.server';
import { WorkerModule } from '../src/app/worker.module';

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the worker process', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplicationContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: database.url, QUEUE_BACKEND: 'redis', QUEUE_PREFIX: `cgw-${randomBytes(4).toString('hex')}` });
    app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
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
    const job = await until(async () => {
      const found = await queue.getJob(jobId);
      return found && (await found.isCompleted()) ? found : null;
    });
    expect(job.returnvalue).toEqual({ deleted: 1 });
    expect(job.progress).toBe(100);
    expect(await tokens.existsBy({ id: expired.id })).toBe(false);
    expect(await tokens.existsBy({ id: current.id })).toBe(true);
  });

  it('declares the repeating jobs, once each however many workers start', async () => {
    const schedulers = await app.get(JobsService).queue('maintenance').getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.every]).sort()).toEqual([
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
});
