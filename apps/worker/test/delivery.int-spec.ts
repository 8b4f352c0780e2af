import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { jobIdOf, OrganisationKind, Role } from '@cg/shared/domain';
import { JobsService } from '@cg/server/jobs';
import { AppConfig } from '@cg/server/config';
import { dataSourceOptions } from '@cg/server/db';
import { OutboxRelay } from '@cg/server/notifications';
import { createTestDatabase, deferred, eventually, Fixtures } from '@cg/server/testing';
import { WorkerModule } from '../src/app/worker.module';

const ROOT = join(__dirname, '../../..');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}

/**
 * Delivery that loses nothing: the outbox relay, the fan-out and BullMQ, against real PostgreSQL and a
 * Redis of the test's own (so it can be stopped and started), and real worker processes (so one can be killed).
 */
describe('notification delivery: never lost, never duplicated', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let fixtures: Fixtures;
  let redisPort: number;
  let redis: ChildProcess | null = null;
  let app: INestApplicationContext | null = null;
  const children: ChildProcess[] = [];
  let env: Record<string, string>;
  let caseId: string;
  let members: string[];

  /** A case with three organisations and six case readers (each told about every PARTNERS update). */
  async function setUpCase(): Promise<void> {
    const police = await fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const town = await fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    const ngo = await fixtures.organisation({ kind: OrganisationKind.NGO });
    const coordinator = await fixtures.user(police, [Role.COORDINATOR]);
    caseId = randomUUID();
    await dataSource.query(
      `INSERT INTO cases (id, reference, title, type, district, lead_organisation_id, coordinator_id) VALUES ($1, $2, 'Sprawa', 'CRISIS', 'Centrum', $3, $4)`,
      [caseId, `D/${caseId.slice(0, 8)}`, police.id, coordinator.id],
    );
    await dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD'), ($1, $3, 'PARTNER'), ($1, $4, 'PARTNER')`, [caseId, police.id, town.id, ngo.id]);
    await fixtures.agreement(police, town);
    await fixtures.agreement(police, ngo);
    members = [coordinator.id];
    for (const [org, role] of [[police, Role.STAFF], [town, Role.COORDINATOR], [town, Role.STAFF], [ngo, Role.PARTNER], [ngo, Role.STAFF]] as const) {
      members.push((await fixtures.user(org, [role])).id);
    }
  }

  /** `count` committed changes: PARTNERS updates, each written with its outbox event in one transaction. */
  async function commitChanges(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const updateId = randomUUID();
      await dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO case_updates (id, case_id, kind, visibility, body) VALUES ($1, $2, 'NOTE', 'PARTNERS', $3)`, [updateId, caseId, `wpis ${i}`]);
        const [event] = await manager.query(
          `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload) VALUES ('case.update-posted', 'Case', $1, $2) RETURNING id`,
          [caseId, { caseId, updateId, kind: 'NOTE', visibility: 'PARTNERS' }],
        );
        ids.push(event.id);
      });
    }
    return ids;
  }

  async function perRecipient(eventIds: string[]): Promise<Map<string, number>> {
    const rows: { user_id: string; n: number }[] = await dataSource.query('SELECT user_id, count(*)::int AS n FROM notifications WHERE event_id = ANY($1) GROUP BY user_id', [eventIds]);
    return new Map(rows.map((r) => [r.user_id, r.n]));
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    redisPort = await freePort();
    redis = startRedis(redisPort);
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      QUEUE_BACKEND: 'redis',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      QUEUE_PREFIX: `cgd-${randomBytes(4).toString('hex')}`,
      // Short enough that a killed worker's jobs come back soon, long enough that a loaded machine renews its locks.
      QUEUE_LOCK_MS: '6000',
      MAIL_DIR: mkdtempSync(join(tmpdir(), 'cg-mail-')),
      OUTBOX_RELAY: 'off',
    };
    Object.assign(process.env, env);
    app = await NestFactory.createApplicationContext(WorkerModule.register(), { logger: false });
    await app.init();
    dataSource = await new DataSource(dataSourceOptions({ url: database.url, poolSize: 5, logQueries: false })).initialize();
    fixtures = new Fixtures(dataSource);
    await setUpCase();
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await app?.close();
    await dataSource?.destroy();
    redis?.kill('SIGKILL');
    await database?.drop();
  });

  it('two relays on one outbox enqueue each row exactly once', async () => {
    const ids = await commitChanges(120);
    const jobs = app!.get(JobsService);
    const seen: string[][] = [[], []];
    const relays = seen.map((list) => {
      const spy = Object.create(jobs) as JobsService;
      spy.enqueueMany = async (name, items) => {
        list.push(...items.map((i) => jobIdOf(name, i.payload, i.again) ?? ''));
        return jobs.enqueueMany(name, items);
      };
      return new OutboxRelay(dataSource, spy, app!.get(AppConfig));
    });
    const drain = async (relay: OutboxRelay) => {
      while ((await relay.relayOnce(7)) > 0) await new Promise((r) => setImmediate(r));
    };
    await Promise.all(relays.map(drain));
    const all = [...seen[0]!, ...seen[1]!];
    expect(seen[0]!.length).toBeGreaterThan(0);
    expect(seen[1]!.length).toBeGreaterThan(0);
    expect(all.length).toBe(ids.length);
    expect(new Set(all)).toEqual(new Set(ids));
    const queued = await jobs.queue('notifications').getJobs(['waiting', 'active', 'completed', 'delayed']);
    expect(new Set(queued.map((j) => j.id))).toEqual(new Set(ids));
    // The workers of this context deliver them: one notification per event and recipient.
    await eventually('fan-out of the raced events', async () => {
      const counts = await perRecipient(ids);
      return counts.size === members.length && [...counts.values()].every((n) => n === ids.length);
    });
  });

  it('with Redis down, 100 changes commit and wait; when it returns, each recipient gets each exactly once', async () => {
    const down = redis!;
    down.kill('SIGKILL');
    if (down.exitCode === null && down.signalCode === null) await once(down, 'exit');
    const ids = await commitChanges(100);
    // The relay's attempts are watched, so that the test knows it kept trying while Redis was down.
    const jobs = app!.get(JobsService);
    let failures = 0;
    const failedTwice = deferred();
    const watched = Object.assign(Object.create(jobs) as JobsService, {
      enqueueMany: (...args: Parameters<JobsService['enqueueMany']>) =>
        jobs.enqueueMany(...args).catch((error: unknown) => {
          if (++failures === 2) failedTwice.resolve();
          throw error;
        }),
    });
    const relay = new OutboxRelay(dataSource, watched, app!.get(AppConfig));
    await expect(relay.relayOnce()).rejects.toThrow();
    const [{ n: waiting }] = await dataSource.query('SELECT count(*)::int AS n FROM outbox_events WHERE id = ANY($1) AND published_at IS NULL', [ids]);
    expect(waiting).toBe(100);
    relay.start(50);
    // Its loop fails again (the first failure was the call above) and releases the claims each time.
    await failedTwice.promise;
    redis = startRedis(redisPort);
    await eventually('delivery after Redis came back', async () => {
      const counts = await perRecipient(ids);
      return counts.size === members.length && [...counts.values()].every((n) => n === 100);
    });
    await relay.onApplicationShutdown();
    const [{ n: backlog }] = await dataSource.query('SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL');
    expect(backlog).toBe(0);
    const counts = await perRecipient(ids);
    expect([...counts.values()]).toEqual(members.map(() => 100));
  });

  it('a worker killed with SIGKILL mid-batch: a second worker completes it, nothing lost or duplicated', async () => {
    await app!.close();
    app = null;
    const ids = await commitChanges(400);
    const spawnWorker = async () => {
      const child = spawn(process.execPath, [WORKER_MAIN], { cwd: ROOT, env: { ...process.env, ...env, OUTBOX_RELAY: 'on', WORKER_HEALTH_PORT: String(await freePort()) }, stdio: 'ignore' });
      children.push(child);
      return child;
    };
    // The worker is caught mid-batch deterministically, not by polling fast enough: an open transaction holds an
    // uncommitted notification of the last event for one recipient, so the fan-out statement of the batch holding
    // that event waits on it (ON CONFLICT waits for the other transaction) while the other batches complete.
    const blocker = new Client({ connectionString: database.url });
    await blocker.connect();
    const [{ pid: blockerPid }] = (await blocker.query('SELECT pg_backend_pid() AS pid')).rows;
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO notifications (event_id, user_id, type, case_id, payload, email_mode, occurred_at) SELECT id, $2, type, $3, payload, 'IMMEDIATE', occurred_at FROM outbox_events WHERE id = $1`,
      [ids[ids.length - 1], members[0], caseId],
    );
    let first: ChildProcess;
    try {
      first = await spawnWorker();
      await eventually('the first worker to be mid-batch, waiting on the held event', async () => {
        const [{ blocked }] = await dataSource.query('SELECT count(*)::int AS blocked FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [blockerPid]);
        const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE event_id = ANY($1)', [ids]);
        return blocked > 0 && n > 150;
      });
      first.kill('SIGKILL');
      if (first.exitCode === null && first.signalCode === null) await once(first, 'exit');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    const [{ n: atKill }] = await dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE event_id = ANY($1)', [ids]);
    expect(atKill).toBeLessThan(ids.length * members.length);
    expect(atKill).toBeGreaterThan(150);
    await spawnWorker();
    await eventually('the second worker to finish', async () => {
      const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE event_id = ANY($1)', [ids]);
      return n === ids.length * members.length;
    });
    const perEvent: { n: number }[] = await dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE event_id = ANY($1) GROUP BY event_id', [ids]);
    expect(perEvent).toHaveLength(ids.length);
    expect(perEvent.every((e) => e.n === members.length)).toBe(true);
  });
});
