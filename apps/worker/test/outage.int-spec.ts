import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { loadConfig } from '@cg/server/config';
import { dataSourceOptions } from '@cg/server/db';
import { redisOptionsFromUrl } from '@cg/server/jobs';
import { createTestDatabase, Fixtures, eventually, TcpProxy } from '@cg/server/testing';

const ROOT = join(__dirname, '../../..');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');
/** The bound stated by these tests: after the failure ends, every notification is there within this. */
const RECOVERY_BOUND_MS = 60_000;
/** Each test's own ceiling: its setup waits plus the recovery bound, generous for a loaded machine. */
const TEST_CEILING_MS = 240_000;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A published event is not a delivered event: real worker processes (killed, or cut off from PostgreSQL by
 * a proxy the test stops) on a database of their own and the shared Redis under a prefix of their own. The
 * fan-out jobs are held in flight deterministically: the test holds a lock on `notifications` that their
 * INSERT waits for, so a worker is always killed (or cut off) while those very jobs run.
 */
describe('delivery through failures that outlast BullMQ', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let fixtures: Fixtures;
  let queue: Queue;
  let prefix: string;
  let mailDir: string;
  const children: ChildProcess[] = [];
  let caseId: string;
  let members: string[];

  async function setUpCase(): Promise<void> {
    const police = await fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const town = await fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    const ngo = await fixtures.organisation({ kind: OrganisationKind.NGO });
    const coordinator = await fixtures.user(police, [Role.COORDINATOR]);
    caseId = randomUUID();
    await dataSource.query(
      `INSERT INTO cases (id, reference, title, type, district, lead_organisation_id, coordinator_id) VALUES ($1, $2, 'Sprawa', 'CRISIS', 'Centrum', $3, $4)`,
      [caseId, `O/${caseId.slice(0, 8)}`, police.id, coordinator.id],
    );
    await dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD'), ($1, $3, 'PARTNER'), ($1, $4, 'PARTNER')`, [caseId, police.id, town.id, ngo.id]);
    // The basis of their participation: without an agreement in force, a partner's share of the case is suspended.
    await fixtures.agreement(police, town);
    await fixtures.agreement(police, ngo);
    members = [coordinator.id];
    for (const [org, role] of [[police, Role.STAFF], [town, Role.COORDINATOR], [ngo, Role.PARTNER]] as const) {
      members.push((await fixtures.user(org, [role])).id);
    }
  }

  /** `count` PARTNERS updates, each committed with its outbox event; every member hears of each (in-app and by e-mail). */
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

  const healthPorts = new Map<ChildProcess, number>();

  async function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
    const healthPort = await freePort();
    const child = spawn(process.execPath, [WORKER_MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        QUEUE_BACKEND: 'redis',
        REDIS_URL: loadConfig({}).redis.url,
        QUEUE_PREFIX: prefix,
        QUEUE_LOCK_MS: '1000',
        MAIL_DIR: mailDir,
        OUTBOX_RELAY: 'on',
        WORKER_HEALTH_PORT: String(healthPort),
        ...env,
      },
      stdio: 'ignore',
    });
    children.push(child);
    healthPorts.set(child, healthPort);
    return child;
  }

  /** The worker's Prometheus metrics, or '' while it is not listening yet. */
  async function metricsOf(child: ChildProcess): Promise<string> {
    return fetch(`http://127.0.0.1:${healthPorts.get(child)}/metrics`).then(
      (r) => r.text(),
      () => '',
    );
  }

  async function kill(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /**
   * Holds a lock that the fan-out's INSERT waits for. `cutOff()` ends the statements left waiting by a worker
   * that is gone (as the server does when a dead machine's connections time out): nothing it started completes.
   */
  async function holdNotifications(): Promise<{ cutOff: () => Promise<void>; release: () => Promise<void> }> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE notifications IN SHARE MODE');
    return {
      cutOff: async () => {
        await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`);
      },
      release: async () => {
        await client.query('COMMIT');
        await client.end();
      },
    };
  }

  async function states(ids: string[]): Promise<{ state: string; stalled: number; attempts: number; reason: string }[]> {
    return Promise.all(
      ids.map(async (id) => {
        const job = await queue.getJob(id);
        return { state: job ? await job.getState() : 'missing', stalled: job?.stalledCounter ?? 0, attempts: job?.attemptsMade ?? 0, reason: job?.failedReason ?? '' };
      }),
    );
  }

  async function notificationCount(ids: string[]): Promise<number> {
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE event_id = ANY($1)', [ids]);
    return n;
  }

  /** Every member has each event exactly once, in-app and e-mailed; every event is recorded as fanned out. */
  async function expectDeliveredOnce(ids: string[]): Promise<void> {
    const perPair: { n: number }[] = await dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE event_id = ANY($1) GROUP BY event_id, user_id', [ids]);
    expect(perPair).toHaveLength(ids.length * members.length);
    expect(perPair.every((row) => row.n === 1)).toBe(true);
    // The mark follows the notifications (after their e-mail jobs are queued): waited for, not assumed already there.
    await eventually(
      'every event recorded as fanned out',
      async () => {
        const [{ unfinished }] = await dataSource.query('SELECT count(*)::int AS unfinished FROM outbox_events WHERE id = ANY($1) AND fanned_out_at IS NULL', [ids]);
        return unfinished === 0;
      },
      RECOVERY_BOUND_MS,
    );
  }

  async function emailed(ids: string[]): Promise<boolean> {
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE event_id = ANY($1) AND emailed_at IS NOT NULL', [ids]);
    return n === ids.length * members.length;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = `cgo-${randomBytes(4).toString('hex')}`;
    mailDir = mkdtempSync(join(tmpdir(), 'cg-mail-'));
    dataSource = await new DataSource(dataSourceOptions({ url: database.url, poolSize: 5, logQueries: false })).initialize();
    fixtures = new Fixtures(dataSource);
    queue = new Queue('notifications', { prefix, connection: redisOptionsFromUrl(loadConfig({}).redis.url) });
    await setUpCase();
  });

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) await kill(child);
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('the worker killed twice during the same fan-out jobs (BullMQ fails them as stalled): every notification arrives once after recovery', async () => {
    const ids = await commitChanges(24);
    const hold = await holdNotifications();
    let third!: ChildProcess;
    try {
      // BullMQ's default policy (one stall allowed), so that the second death fails the jobs; no reconciling yet.
      const stalling = { QUEUE_MAX_STALLED: '1', OUTBOX_RECONCILE_AFTER_MS: '3600000' };
      const first = await spawnWorker(stalling);
      await eventually('the first worker to run every fan-out job', async () => (await states(ids)).every((s) => s.state === 'active'), 60_000);
      await kill(first);
      await hold.cutOff();
      const second = await spawnWorker(stalling);
      await eventually('the second worker to take the stalled jobs over', async () => (await states(ids)).every((s) => s.state === 'active' && s.stalled === 1), 60_000);
      await kill(second);
      await hold.cutOff();
      third = await spawnWorker({ QUEUE_MAX_STALLED: '1', OUTBOX_RECONCILE_AFTER_MS: '1000', OUTBOX_LAG_ALERT_SECONDS: '1' });
      const failed = await eventually('the stalled jobs to be failed', async () => {
        const now = await states(ids);
        return now.every((s) => s.state === 'failed') && now;
      }, 60_000);
      expect(failed.every((s) => /stalled/i.test(s.reason))).toBe(true);
      expect(await notificationCount(ids)).toBe(0);
      // What a deployment alerts on: the unfinished fan-outs and a lag over its threshold.
      const behind = await eventually('the metrics to report delivery as behind', async () => {
        const text = await metricsOf(third);
        return /^cg_outbox_delivery_behind 1$/m.test(text) && text;
      }, 60_000);
      expect(behind).toMatch(new RegExp(`^cg_fan_out_unfinished ${ids.length}$`, 'm'));
      expect(behind).toMatch(/^cg_outbox_lag_alert_seconds 1$/m);
      expect(behind).toMatch(/^cg_dependency_up\{dependency="database"\} 1$/m);
    } finally {
      await hold.release();
    }
    // Recovery: the third worker is healthy. The reconciler enqueues the failed fan-outs again.
    await eventually('every notification after recovery', async () => (await notificationCount(ids)) === ids.length * members.length, RECOVERY_BOUND_MS);
    await eventually('every e-mail after recovery', () => emailed(ids), RECOVERY_BOUND_MS);
    await expectDeliveredOnce(ids);
    const after = await eventually('the metrics to report every fan-out finished', async () => {
      const text = await metricsOf(third);
      return /^cg_fan_out_unfinished 0$/m.test(text) && text;
    }, RECOVERY_BOUND_MS);
    expect(after).toMatch(/^cg_outbox_delivery_behind 0$/m);
    expect(after).toMatch(/^cg_outbox_lag_seconds 0$/m);
    const [{ requeued }] = await dataSource.query('SELECT count(*)::int AS requeued FROM outbox_events WHERE id = ANY($1) AND requeues > 0', [ids]);
    expect(requeued).toBe(ids.length);
    // One e-mail per member and event, none twice.
    const mails = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
    expect(mails.length).toBe(ids.length * members.length);
  }, TEST_CEILING_MS);

  it('PostgreSQL unreachable for longer than the fan-out retries: every notification arrives once after it returns', async () => {
    const ids = await commitChanges(24);
    const proxy = new TcpProxy(Number(new URL(database.url).port || 5432));
    await proxy.start();
    const hold = await holdNotifications();
    try {
      // Retries 20 ms doubling, 8 attempts: about 2.5 s of retrying instead of about 2 minutes.
      await spawnWorker({ DATABASE_URL: proxy.url(database.url), QUEUE_RETRY_BASE_MS: '20', OUTBOX_RECONCILE_AFTER_MS: '1000' });
      await eventually('the worker to run every fan-out job', async () => (await states(ids)).every((s) => s.state === 'active'), 60_000);
      await proxy.stop();
      await hold.cutOff();
      const failed = await eventually('the fan-out jobs to exhaust their attempts', async () => {
        const now = await states(ids);
        return now.every((s) => s.state === 'failed') && now;
      }, 60_000);
      expect(failed.every((s) => s.attempts === 8)).toBe(true);
      expect(await notificationCount(ids)).toBe(0);
    } finally {
      await hold.release();
    }
    await proxy.start();
    await eventually('every notification after PostgreSQL returned', async () => (await notificationCount(ids)) === ids.length * members.length, RECOVERY_BOUND_MS);
    await eventually('every e-mail after PostgreSQL returned', () => emailed(ids), RECOVERY_BOUND_MS);
    await expectDeliveredOnce(ids);
    await proxy.stop();
  }, TEST_CEILING_MS);

  it('PostgreSQL unreachable for longer than the e-mail jobs retry, after the fan-out: every e-mail is sent exactly once after it returns', async () => {
    const ids = await commitChanges(6);
    const ownMail = mkdtempSync(join(tmpdir(), 'cg-mail-'));
    const proxy = new TcpProxy(Number(new URL(database.url).port || 5432));
    await proxy.start();
    const delivery = new Queue('delivery', { prefix, connection: redisOptionsFromUrl(loadConfig({}).redis.url) });
    const emailJobs = async () =>
      Promise.all(
        ids.map(async (id) => {
          const job = await delivery.getJob(`email-${id}`);
          return { state: job ? await job.getState() : 'missing', attempts: job?.attemptsMade ?? 0 };
        }),
      );
    // The lock the e-mail handler takes per event, held here: the events fan out, and their e-mail jobs wait for it.
    const locks = new Client({ connectionString: database.url });
    await locks.connect();
    await locks.query('BEGIN');
    await locks.query(`SELECT pg_advisory_xact_lock(hashtextextended('cg:email:' || id::text, 0)) FROM unnest($1::uuid[]) AS id ORDER BY id`, [ids]);
    try {
      // E-mail retries 20 ms doubling, 5 attempts: 0.3 s of retrying instead of 15 s.
      await spawnWorker({ DATABASE_URL: proxy.url(database.url), QUEUE_RETRY_BASE_MS: '20', OUTBOX_RECONCILE_AFTER_MS: '1000', MAIL_DIR: ownMail });
      await eventually('every event fanned out and its e-mail job running', async () => {
        const [{ unfinished }] = await dataSource.query('SELECT count(*)::int AS unfinished FROM outbox_events WHERE id = ANY($1) AND fanned_out_at IS NULL', [ids]);
        return unfinished === 0 && (await emailJobs()).every((j) => j.state === 'active');
      }, 60_000);
      await proxy.stop();
      // The e-mail jobs' statements waiting for the lock end with the connection (as the server ends a lost client's).
      await locks.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`);
      const failed = await eventually('the e-mail jobs to exhaust their attempts', async () => {
        const now = await emailJobs();
        return now.every((j) => j.state === 'failed') && now;
      }, 60_000);
      expect(failed.every((j) => j.attempts === 5)).toBe(true);
      const [{ sent }] = await dataSource.query('SELECT count(*)::int AS sent FROM notifications WHERE event_id = ANY($1) AND emailed_at IS NOT NULL', [ids]);
      expect(sent).toBe(0);
    } finally {
      await locks.query('COMMIT');
      await locks.end();
    }
    await proxy.start();
    await eventually('every e-mail after PostgreSQL returned', () => emailed(ids), RECOVERY_BOUND_MS);
    await expectDeliveredOnce(ids);
    // Re-dispatched by the reconciler (the failed jobs stay failed), and one e-mail per member and event, none twice.
    const [{ requeued }] = await dataSource.query('SELECT count(*)::int AS requeued FROM outbox_events WHERE id = ANY($1) AND email_requeues > 0', [ids]);
    expect(requeued).toBe(ids.length);
    expect((await emailJobs()).every((j) => j.state === 'failed')).toBe(true);
    expect(readdirSync(ownMail).filter((f) => f.endsWith('.eml'))).toHaveLength(ids.length * members.length);
    await delivery.close();
    await proxy.stop();
  }, TEST_CEILING_MS);

  it('SIGTERM with a job that cannot finish: the worker exits after SHUTDOWN_GRACE_MS and another worker completes the job', async () => {
    const ids = await commitChanges(3);
    const hold = await holdNotifications();
    let exited: Promise<unknown>;
    try {
      const worker = await spawnWorker({ SHUTDOWN_GRACE_MS: '300', OUTBOX_RECONCILE_AFTER_MS: '3600000' });
      exited = new Promise((resolve) => worker.once('exit', resolve));
      await eventually('the worker to run the jobs', async () => (await states(ids)).every((s) => s.state === 'active'), 60_000);
      worker.kill('SIGTERM');
      // Without the grace, closing waits for the job in hand for ever.
      await exited;
      expect((await states(ids)).every((s) => s.state === 'active')).toBe(true);
      await hold.cutOff();
    } finally {
      await hold.release();
    }
    await spawnWorker({});
    await eventually('the next worker to complete the jobs', async () => (await notificationCount(ids)) === ids.length * members.length, RECOVERY_BOUND_MS);
    await expectDeliveredOnce(ids);
  }, TEST_CEILING_MS);
});
