#!/usr/bin/env node
// `npm run bench:faults`: the load-and-fault suite (issue 11, item 6). Mixed load from demo users while Redis,
// the worker, PostgreSQL and the API are killed or stopped; for each scenario it prints writes answered OK versus
// rows in the database (per logical write), notifications expected versus delivered (lost, duplicated), errors by code
// and the time to recover. Exit code 1 when any scenario has a lost or duplicated write or notification, an
// INTERNAL_SERVER_ERROR, or notifications or immediate e-mails still missing at its ceiling.
//
//  1. builds api + worker when dist/ is missing (BENCH_BUILD=1 always builds), initdb's a PostgreSQL cluster of its own
//     in a temporary directory (port BENCH_PG_PORT, 55432; run as the `postgres` OS user when we are root) and starts a
//     Redis of its own (BENCH_REDIS_PORT, 56379, no persistence: a killed Redis loses every queued job), migrates and
//     seeds the Legionowo demo with the built CLIs, and starts the built API and worker (NODE_ENV=production) on them.
//     Loopback only; the shared 5432/6379 servers are never touched.
//  2. retry budgets tuned so that each fault outlasts what it must (SUITE_ENV below): fan-out jobs retry 8 times from
//     QUEUE_RETRY_BASE_MS=100 (100 + 200 + … + 6,400 ms = 12.7 s of backoff), PostgreSQL is stopped for BENCH_PG_DOWN_S
//     (25 s) > that; a dead worker's fan-out jobs are taken over after QUEUE_FAN_OUT_LOCK_MS=2000, a second death fails
//     them (QUEUE_MAX_STALLED=1, BullMQ's default); the reconciler re-queues a fan-out not completed within
//     OUTBOX_RECONCILE_AFTER_MS=8000 (checked every 2 s). Rate limits out of the way.
//  3. the scenarios, one after another on the same platform, each with its own ledger (logical writes tagged with the
//     scenario): mixed load; Redis killed before writes, then restarted; Redis killed during writes; the worker
//     SIGKILLed once during fan-out; the worker SIGKILLed twice during the same fan-out jobs; PostgreSQL stopped longer
//     than the fan-out retry budget, then started; the API sent SIGTERM under load, then a new API started. Fan-out jobs
//     are held in flight deterministically where a scenario needs them in flight: the suite holds a SHARE lock on
//     `notifications` that the fan-out's INSERT waits for (its own cluster, so nobody else is held).
//  4. after each scenario's load stops it waits (at most BENCH_DELIVERY_TIMEOUT_S, 120 s) until every expected
//     notification is there, then counts. Expected notifications are the fan-out's own rule (RECIPIENTS_CTE of the built
//     worker, with the recipients' preferences) evaluated over the events of the scenario's committed rows: events ×
//     their recipients. Delivered: rows of `notifications` for those events. Lost = expected pairs without a
//     notification; duplicated = notifications beyond the first per logical write and recipient (a logical write
//     committed twice would notify everyone twice even though each event is unique per recipient). Then, within the
//     same ceiling, until every immediate notification of the scenario is e-mailed (`emailed_at`): e-mails due versus
//     sent is a criterion too; at the end, the .eml files written are counted by their Message-ID (one per notification):
//     distinct notifications e-mailed, and e-mail repeats (a second file for one notification) as a figure of their own.
//  5. prints one table per scenario and a summary; writes bench/results/faults-<time>.json; stops everything it
//     started (API, worker, Redis, the cluster) and deletes the temporary directory (kept, with logs, on failure).
//
// Env: BENCH_QUICK=1 or --quick (shorter loads and outage: about half the time), BENCH_CLIENTS (8), BENCH_PG_PORT (55432),
// BENCH_REDIS_PORT (56379), BENCH_PG_DOWN_S (25; 16 quick), BENCH_LOAD_S (load before/during/after a fault, 6; 4 quick),
// BENCH_DELIVERY_TIMEOUT_S (120), BENCH_ONLY (comma-separated scenario names), BENCH_BUILD, PG_BIN.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import pg from 'pg';
import { chooseCases, Ledger, signIn, startLoad } from './faults-load.mjs';
import { PostgresCluster, RedisServer, Service } from './faults-servers.mjs';
import { apiDist, runCli, serverEnv, workerMain } from './lib/api.mjs';
import { sleep, startClock } from './lib/clock.mjs';
import { freePort } from './lib/net.mjs';
import { writeResults } from './lib/results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(import.meta.url);
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 55432);
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 56379);
const PG_DOWN_MS = Number(process.env.BENCH_PG_DOWN_S ?? (QUICK ? 16 : 25)) * 1000;
const LOAD_MS = Number(process.env.BENCH_LOAD_S ?? (QUICK ? 4 : 6)) * 1000;
const DELIVERY_TIMEOUT_MS = Number(process.env.BENCH_DELIVERY_TIMEOUT_S ?? 120) * 1000;
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const DB = 'commonground';
const API_MAIN = path.join(apiDist(root), 'main.js');
const WORKER_MAIN = workerMain(root);
const CLI = path.join(apiDist(root), 'cli');
const WORKER_LIBS = path.join(root, 'dist/apps/worker/libs');
const DEMO_PASSWORD = 'Legionowo-demo-2026';
const JWT_SECRET = 'bench-faults-jwt-secret-0123456789-abcdefghijkl';
/** The fan-out's retry budget with SUITE_ENV: 8 attempts, exponential from 100 ms (BullMQ: delay × 2^(attempt−1)). */
const RETRY_BASE_MS = 100;
const FAN_OUT_ATTEMPTS = 8;
const RETRY_BUDGET_MS = RETRY_BASE_MS * (2 ** (FAN_OUT_ATTEMPTS - 1) - 1);
const SUITE_ENV = {
  QUEUE_RETRY_BASE_MS: String(RETRY_BASE_MS),
  QUEUE_FAN_OUT_LOCK_MS: '2000',
  QUEUE_LOCK_MS: '5000',
  QUEUE_MAX_STALLED: '1',
  OUTBOX_RECONCILE_AFTER_MS: '8000',
  OUTBOX_LAG_ALERT_SECONDS: '30',
  SHUTDOWN_GRACE_MS: '10000',
};
/** Writers and what they write: coordinators and staff post PARTNERS notes; NGO partners post notes and submit input. */
const USERS = [
  { email: 'k.nowak@kpp-legionowo.test', writes: ['update'] },
  { email: 'a.wisniewska@kpp-legionowo.test', writes: ['update'] },
  { email: 'm.kaminska@legionowo-um.test', writes: ['update'] },
  { email: 't.lewandowski@sm-legionowo.test', writes: ['update'] },
  { email: 'j.wojcik@mops-legionowo.test', writes: ['update'] },
  { email: 'b.mazur@piaski-sasiedzi.test', writes: ['update', 'input'] },
  { email: 'd.krawczyk@porozumienie.test', writes: ['update', 'input'] },
  { email: 'p.zielinski@jablonna-policja.test', writes: ['update'] },
];

const { started, log } = startClock('faults', { width: 4 });

let tmp = null;
let cluster = null;
let redis = null;
let api = null;
let worker = null;
let pool = null;
let failed = false;

function serviceEnv(extra) {
  return serverEnv(
    { databaseUrl: `${cluster.url}/${DB}`, queuePrefix: 'cgfaults', jwtSecret: JWT_SECRET, redisUrl: redis.url },
    { LANG: 'C.UTF-8', DATABASE_POOL_SIZE: '10', QUEUE_BACKEND: 'redis', MAIL_DIR: path.join(tmp, 'mail'), PUBLIC_URL: 'http://127.0.0.1:3000', ...SUITE_ENV, ...extra },
  );
}

// --- the database's view -------------------------------------------------------------------------------------------

let fanOutRule = null;

function loadFanOutRule() {
  const { eventsCte, RECIPIENTS_CTE } = require(path.join(WORKER_LIBS, 'server/notifications/src/fan-out/recipients.js'));
  const { cannotBeTurnedOff } = require(path.join(WORKER_LIBS, 'shared/domain/src/index.js'));
  fanOutRule = { eventsCte, RECIPIENTS_CTE, cannotBeTurnedOff };
}

/**
 * The scenario's rows (one per committed write; tag from the body), their events, the notifications expected (the
 * fan-out's rule and the recipients' preferences, evaluated now) and delivered. `until` (ms) restricts to rows
 * committed by then.
 */
async function account(scenario, until = null) {
  const like = `%(fb-${scenario}-%`;
  const rows = await pool.query(
    `SELECT t.row_id, t.tag, t.kind, e.id AS event_id, e.type, e.fanned_out_at IS NOT NULL AS fanned_out, e.requeues
       FROM (SELECT id AS row_id, substring(body from '\\((fb-[a-z0-9-]+)\\)') AS tag, 'update' AS kind, created_at FROM case_updates WHERE body LIKE $1
             UNION ALL
             SELECT id, substring(body from '\\((fb-[a-z0-9-]+)\\)'), 'input', created_at FROM partner_inputs WHERE body LIKE $1) t
       LEFT JOIN outbox_events e ON (e.type = 'case.update-posted' AND (e.payload->>'updateId')::uuid = t.row_id)
                                 OR (e.type = 'case.input-submitted' AND (e.payload->>'inputId')::uuid = t.row_id)
      WHERE $2::timestamptz IS NULL OR t.created_at <= $2::timestamptz`,
    [like, until === null ? null : new Date(until).toISOString()],
  );
  const events = rows.rows.filter((r) => r.event_id);
  const ids = events.map((r) => r.event_id);
  const forced = [...new Set(events.map((r) => r.type))].filter((type) => fanOutRule.cannotBeTurnedOff(type));
  const { eventsCte, RECIPIENTS_CTE } = fanOutRule;
  const [figures] = (
    await pool.query(
      `WITH ${eventsCte('$1::uuid[]')}, ${RECIPIENTS_CTE},
       tags AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS m(event_id, tag)),
       expected AS (
         SELECT r.event_id, r.user_id
           FROM recipients r JOIN ev ON ev.id = r.event_id
           LEFT JOIN notification_preferences p ON p.user_id = r.user_id AND p.event_type = ev.type
          WHERE ev.type = ANY($3::text[]) OR COALESCE(p.mode::text, 'IMMEDIATE') <> 'OFF'),
       delivered AS (SELECT n.event_id, n.user_id, n.email_mode::text AS email_mode, n.emailed_at FROM notifications n WHERE n.event_id = ANY($1::uuid[]))
       SELECT (SELECT count(*) FROM expected)::int AS expected,
              (SELECT count(*) FROM outbox_events WHERE id = ANY($1::uuid[]) AND email_requeues > 0)::int AS emails_requeued,
              (SELECT count(*) FROM delivered)::int AS delivered,
              (SELECT count(*) FROM expected x WHERE NOT EXISTS (SELECT 1 FROM delivered d WHERE d.event_id = x.event_id AND d.user_id = x.user_id))::int AS lost,
              (SELECT count(*) FROM delivered d WHERE NOT EXISTS (SELECT 1 FROM expected x WHERE x.event_id = d.event_id AND x.user_id = d.user_id))::int AS unexpected,
              (SELECT COALESCE(sum(c - 1), 0) FROM (SELECT t.tag, d.user_id, count(*) AS c FROM delivered d JOIN tags t USING (event_id) GROUP BY 1, 2) per WHERE c > 1)::int AS duplicated,
              (SELECT count(*) FROM delivered WHERE email_mode = 'IMMEDIATE')::int AS emails_due,
              (SELECT count(*) FROM delivered WHERE email_mode = 'IMMEDIATE' AND emailed_at IS NOT NULL)::int AS emails_sent`,
      [ids, events.map((r) => r.tag), forced],
    )
  ).rows;
  const perTag = new Map();
  for (const r of rows.rows) perTag.set(r.tag, (perTag.get(r.tag) ?? 0) + 1);
  return {
    rows: rows.rows.length,
    rowsWithoutEvent: rows.rows.length - events.length,
    perTag,
    eventsNotFannedOut: events.filter((r) => !r.fanned_out).length,
    requeued: events.filter((r) => r.requeues > 0).length,
    emailsRequeued: figures.emails_requeued,
    ...figures,
  };
}

/** Waits until every notification expected for the rows committed by `until` is there; answers when (ms), or null. */
async function deliveredAt(scenario, until, deadline) {
  for (;;) {
    const figures = await account(scenario, until).catch(() => null);
    if (figures && figures.lost === 0 && figures.eventsNotFannedOut === 0 && figures.rowsWithoutEvent === 0) return Date.now();
    if (Date.now() > deadline) return null;
    await sleep(250);
  }
}

/** Waits until every immediate e-mail of the scenario's notifications is sent; answers when (ms), or null. */
async function emailsDoneAt(scenario, deadline) {
  for (;;) {
    const figures = await account(scenario).catch(() => null);
    if (figures && figures.emails_sent === figures.emails_due) return Date.now();
    if (Date.now() > deadline) return null;
    await sleep(250);
  }
}

/** A SHARE lock on `notifications`: the fan-out's INSERT waits for it, so fan-out jobs stay in flight while it is held. */
async function holdNotifications() {
  const client = new pg.Client({ connectionString: `${cluster.url}/${DB}`, application_name: 'cg-faults-hold' });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE notifications IN SHARE MODE');
  return {
    /** Statements of a worker that is gone are ended (as the server does with a dead machine's connections). */
    async cutOff() {
      // Only statements waiting on the held table (a write of the API waiting on a case's row lock is left alone).
      await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query ~* '(insert\\s+into|update)\\s+"?notifications"?\\s'`,
      );
    },
    async release() {
      await client.query('COMMIT').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

function fanOutQueue() {
  const queue = new Queue('notifications', { prefix: 'cgfaults', connection: { host: '127.0.0.1', port: REDIS_PORT, maxRetriesPerRequest: 1, enableOfflineQueue: false } });
  queue.on('error', () => undefined);
  return queue;
}

async function activeFanOutJobs(queue) {
  const jobs = await queue.getActive(0, 1000).catch(() => []);
  return jobs.filter((job) => job?.name === 'notifications.fan-out');
}

async function waitFor(what, probe, timeoutMs = 60_000) {
  for (const end = Date.now() + timeoutMs; ; ) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function startWorker() {
  worker.start();
  await worker.ready();
}

// --- scenarios ----------------------------------------------------------------------------------------------------

/**
 * Each fault gets { load: () => start the clients, wait (ms) } and returns { faultStart, faultEnd, notes } (ms); the
 * load is started by the fault (some faults begin before any write) and stopped after it.
 */
const SCENARIOS = [
  {
    name: 'mixed',
    title: 'mixed load (no fault)',
    async run({ begin }) {
      begin();
      await sleep(LOAD_MS * 3);
      return { notes: [] };
    },
  },
  {
    name: 'redis-before',
    title: 'Redis killed before the writes, restarted during them',
    async run({ begin }) {
      const faultStart = Date.now();
      await redis.kill();
      begin();
      await sleep(LOAD_MS * 2);
      await redis.start();
      const faultEnd = Date.now();
      await sleep(LOAD_MS);
      return { faultStart, faultEnd, notes: ['Redis restarted empty (no persistence)'] };
    },
  },
  {
    name: 'redis-during',
    title: 'Redis killed during the writes, restarted',
    async run({ begin }) {
      begin();
      await sleep(LOAD_MS);
      const faultStart = Date.now();
      await redis.kill();
      await sleep(LOAD_MS);
      await redis.start();
      const faultEnd = Date.now();
      await sleep(LOAD_MS);
      return { faultStart, faultEnd, notes: ['queued jobs lost with Redis (no persistence): the reconciler re-queues them'] };
    },
  },
  {
    name: 'worker-once',
    title: 'worker SIGKILLed once during fan-out',
    async run({ begin }) {
      const queue = fanOutQueue();
      begin();
      await sleep(LOAD_MS / 2);
      const hold = await holdNotifications();
      let inFlight;
      let faultStart;
      try {
        inFlight = await waitFor('fan-out jobs in flight', async () => {
          const jobs = await activeFanOutJobs(queue);
          return jobs.length >= 5 && jobs;
        });
        faultStart = Date.now();
        await worker.kill('SIGKILL');
        await hold.cutOff();
        await startWorker();
      } finally {
        await hold.release();
      }
      const faultEnd = Date.now();
      await sleep(LOAD_MS);
      await queue.close();
      return { faultStart, faultEnd, notes: [`${inFlight.length} fan-out jobs in flight when killed`] };
    },
  },
  {
    name: 'worker-twice',
    title: 'worker SIGKILLed twice during the same fan-out jobs',
    async run({ begin, load }) {
      const queue = fanOutQueue();
      begin();
      await sleep(LOAD_MS / 2);
      // The same jobs must be the ones running when the second worker dies: fewer of them than a worker runs at once
      // (64), so that none waits behind newer jobs. Writes pause (reads go on) once a burst of fan-outs is held.
      const hold = await holdNotifications();
      let faultStart;
      let first;
      let again;
      try {
        await waitFor('fan-out jobs in flight', async () => (await activeFanOutJobs(queue)).length >= 5);
        load().pauseWrites();
        first = await waitFor('every event of the burst queued and running', async () => {
          const { rows } = await pool.query('SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL');
          const waiting = await queue.getWaitingCount();
          const active = await activeFanOutJobs(queue);
          return rows[0].n === 0 && waiting === 0 && active;
        });
        faultStart = Date.now();
        await worker.kill('SIGKILL');
        await hold.cutOff();
        const ids = new Set(first.map((job) => job.id));
        worker.start();
        // The second worker takes the same jobs over (stalled once), and is killed while it runs them.
        again = await waitFor('the same jobs taken over by the second worker', async () => {
          const jobs = (await activeFanOutJobs(queue)).filter((job) => ids.has(job.id) && job.stalledCounter >= 1);
          return jobs.length === ids.size && jobs;
        });
        await worker.kill('SIGKILL');
        await hold.cutOff();
        await startWorker();
      } finally {
        await hold.release();
      }
      const faultEnd = Date.now();
      load().resumeWrites();
      await sleep(LOAD_MS);
      const failedAsStalled = (await queue.getFailed(0, 1000).catch(() => [])).filter((job) => job && /stalled/i.test(job.failedReason ?? '')).length;
      await queue.close();
      return {
        faultStart,
        faultEnd,
        notes: [
          `${first.length} fan-out jobs in flight at the first kill, the same ${again.length} running again (stalled once) at the second; writes paused from the burst to the third worker`,
          `${failedAsStalled} failed as stalled (QUEUE_MAX_STALLED=1), left to the reconciler`,
        ],
      };
    },
  },
  {
    name: 'postgres-down',
    title: `PostgreSQL stopped ${PG_DOWN_MS / 1000} s (fan-out retry budget ${RETRY_BUDGET_MS / 1000} s), then started`,
    async run({ begin }) {
      const queue = fanOutQueue();
      begin();
      await sleep(LOAD_MS / 2);
      // Fan-out jobs in flight when PostgreSQL goes: they retry against a dead server until their attempts run out.
      const hold = await holdNotifications();
      const inFlight = await waitFor('fan-out jobs in flight', async () => {
        const jobs = await activeFanOutJobs(queue);
        return jobs.length >= 5 && jobs;
      });
      const faultStart = Date.now();
      cluster.stop();
      await hold.release();
      await sleep(PG_DOWN_MS);
      const failedBefore = (await queue.getFailed(0, 1000).catch(() => [])).filter((job) => job?.name === 'notifications.fan-out' && job.attemptsMade >= FAN_OUT_ATTEMPTS).length;
      cluster.start();
      const faultEnd = Date.now();
      await sleep(LOAD_MS);
      await queue.close();
      return { faultStart, faultEnd, notes: [`${inFlight.length} fan-out jobs in flight when stopped; ${failedBefore} fan-out jobs had used all ${FAN_OUT_ATTEMPTS} attempts while it was down`] };
    },
  },
  {
    name: 'api-sigterm',
    title: 'API SIGTERM under load, then a new API process',
    async run({ begin, ledger }) {
      begin();
      await sleep(LOAD_MS);
      const faultStart = Date.now();
      const inFlight = [...ledger.inFlight];
      const old = api.child;
      const gone = new Promise((resolve) => old.once('exit', (code, signal) => resolve({ code, signal })));
      old.kill('SIGTERM');
      const exit = await gone;
      const exitedAt = Date.now();
      api.start();
      const faultEnd = Date.now();
      await api.ready();
      const readyAt = Date.now();
      await sleep(LOAD_MS);
      await waitFor('the requests in flight at SIGTERM to be answered', async () => inFlight.every((a) => a.answeredAt), 30_000).catch(() => undefined);
      const answered = inFlight.filter((a) => a.result?.ok).length;
      const codes = {};
      for (const a of inFlight.filter((x) => !x.result?.ok)) codes[a.result?.code ?? 'none'] = (codes[a.result?.code ?? 'none'] ?? 0) + 1;
      return {
        faultStart,
        faultEnd,
        inFlightAtSigterm: { total: inFlight.length, ok: answered, other: codes },
        notes: [
          `${inFlight.length} requests in flight at SIGTERM: ${answered} answered OK${Object.keys(codes).length ? `, others ${JSON.stringify(codes)}` : ''}`,
          `old API exited ${exit.signal ?? `code ${exit.code}`} after ${exitedAt - faultStart} ms; new API ready ${readyAt - faultEnd} ms after spawn`,
        ],
      };
    },
  },
];

async function runScenario(scenario, clients) {
  log(`scenario ${scenario.name}: ${scenario.title}`);
  const ledger = new Ledger(scenario.name);
  let load = null;
  const begin = () => {
    load = startLoad({ url: () => `http://127.0.0.1:${api.port}` }, ledger, clients);
    ledger.startedAt = Date.now();
  };
  let outcome;
  try {
    outcome = await scenario.run({ begin, ledger, load: () => load });
  } catch (error) {
    // No client may go on retrying against a platform left half-broken: stop them (briefly) before giving up.
    await load?.stop(1000);
    throw error;
  }
  await load.stop();
  const faultEnd = outcome.faultEnd ?? null;
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  // From the fault's end: the first write answered that was sent after it, and every notification of the rows committed
  // by then; then everything of the scenario.
  const recoveredDelivery = faultEnd ? await deliveredAt(scenario.name, faultEnd, deadline) : null;
  const allDelivered = await deliveredAt(scenario.name, null, deadline);
  // The e-mails of the delivered notifications (IMMEDIATE): every one sent, once (a criterion). E-mail jobs that ran out
  // of attempts during a fault are dispatched again by the reconciler past OUTBOX_RECONCILE_AFTER_MS plus their backoff.
  const emailsSentAt = await emailsDoneAt(scenario.name, deadline);
  const figures = await account(scenario.name);
  // E-mail jobs that BullMQ gave up on during the scenario (the reconciler dispatched their e-mails again: shown).
  const delivery = new Queue('delivery', { prefix: 'cgfaults', connection: { host: '127.0.0.1', port: REDIS_PORT, maxRetriesPerRequest: 1, enableOfflineQueue: false } });
  delivery.on('error', () => undefined);
  const emailFailures = {};
  for (const job of await delivery.getFailed(0, 5000).catch(() => [])) {
    if (job?.name !== 'notifications.email' || (job.finishedOn ?? 0) < ledger.startedAt) continue;
    const reason = /stalled/i.test(job.failedReason ?? '') ? 'stalled' : (job.failedReason ?? 'unknown').slice(0, 60);
    emailFailures[reason] = (emailFailures[reason] ?? 0) + 1;
  }
  await delivery.close();
  const writes = ledger.writes;
  const ok = writes.filter((w) => w.outcome === 'ok');
  const okWithRow = ok.filter((w) => (figures.perTag.get(w.tag) ?? 0) >= 1).length;
  const lostWrites = ok.length - okWithRow;
  const duplicatedWrites = writes.filter((w) => (figures.perTag.get(w.tag) ?? 0) > 1).length;
  const committedUnanswered = writes.filter((w) => w.outcome !== 'ok' && (figures.perTag.get(w.tag) ?? 0) >= 1).length;
  const firstOk = faultEnd ? ledger.firstOkWriteSentAfter(faultEnd) : null;
  const refusedDuringFault = outcome.faultStart ? writes.some((w) => w.attempts > 1 && w.firstSentAt <= faultEnd) : false;
  const attemptCodes = Object.fromEntries([...ledger.attemptCodes].sort());
  const result = {
    name: scenario.name,
    title: scenario.title,
    durationMs: Date.now() - ledger.startedAt,
    writes: {
      logical: writes.length,
      answeredOk: ok.length,
      refused: writes.filter((w) => w.outcome === 'refused').length,
      unanswered: writes.filter((w) => w.outcome === 'unanswered').length,
      retried: writes.filter((w) => w.attempts > 1).length,
      attempts: writes.reduce((n, w) => n + w.attempts, 0),
      rowsForOkWrites: okWithRow,
      rowsInDb: figures.rows,
      lost: lostWrites,
      duplicated: duplicatedWrites,
      committedButUnanswered: committedUnanswered,
      refusedCodes: Object.fromEntries(writes.filter((w) => w.outcome !== 'ok').map((w) => [w.finalCode, writes.filter((x) => x.outcome !== 'ok' && x.finalCode === w.finalCode).length])),
    },
    reads: { ...ledger.reads, codes: Object.fromEntries(ledger.readCodes) },
    attemptCodes,
    notifications: {
      events: figures.rows - figures.rowsWithoutEvent,
      rowsWithoutEvent: figures.rowsWithoutEvent,
      expected: figures.expected,
      delivered: figures.delivered,
      lost: figures.lost,
      duplicated: figures.duplicated,
      unexpected: figures.unexpected,
      eventsNotFannedOut: figures.eventsNotFannedOut,
      eventsRequeuedByReconciler: figures.requeued,
      emailsDue: figures.emails_due,
      emailsSent: figures.emails_sent,
      emailJobsFailed: emailFailures,
      emailsRequeuedEvents: figures.emailsRequeued,
      allEmailsSentWithinCeiling: emailsSentAt !== null,
      allDeliveredWithinCeiling: allDelivered !== null,
    },
    recovery: faultEnd
      ? {
          faultMs: faultEnd - outcome.faultStart,
          toFirstOkWriteMs: firstOk === null ? null : firstOk - faultEnd,
          writesHeldUp: refusedDuringFault,
          toAllNotificationsOfEarlierWritesMs: recoveredDelivery === null ? null : recoveredDelivery - faultEnd,
        }
      : null,
    notes: outcome.notes,
    inFlightAtSigterm: outcome.inFlightAtSigterm,
  };
  const internal = (attemptCodes.INTERNAL_SERVER_ERROR ?? 0) + (ledger.readCodes.get('INTERNAL_SERVER_ERROR') ?? 0);
  result.internalServerErrors = internal;
  result.pass =
    lostWrites === 0 && duplicatedWrites === 0 && figures.lost === 0 && figures.duplicated === 0 && figures.unexpected === 0 && internal === 0 && allDelivered !== null && figures.rowsWithoutEvent === 0 && result.writes.refused === 0 &&
    emailsSentAt !== null && figures.emails_sent === figures.emails_due;
  printScenario(result);
  return result;
}

// --- output -------------------------------------------------------------------------------------------------------

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

const ms = (v) => (v === null || v === undefined ? '—' : `${(v / 1000).toFixed(1)} s`);

function printScenario(r) {
  const w = r.writes;
  const n = r.notifications;
  const codes = Object.entries(r.attemptCodes).filter(([code]) => code !== 'OK').map(([code, count]) => `${code} ${count}`).join(', ') || 'none';
  const readCodes = Object.entries(r.reads.codes).map(([code, count]) => `${code} ${count}`).join(', ') || 'none';
  const rows = [
    ['', 'figure'],
    ['writes answered OK (logical)', `${w.answeredOk} of ${w.logical} (${w.retried} retried, ${w.attempts} attempts; refused ${w.refused}, unanswered ${w.unanswered})`],
    ['rows in the DB for them', `${w.rowsForOkWrites} (rows of the scenario: ${w.rowsInDb}; committed but unanswered: ${w.committedButUnanswered})`],
    ['writes lost / duplicated', `${w.lost} / ${w.duplicated}`],
    ['notifications expected / delivered', `${n.expected} / ${n.delivered} (${n.events} events; ${n.eventsRequeuedByReconciler} re-queued by the reconciler)`],
    ['notifications lost / duplicated', `${n.lost} / ${n.duplicated}${n.unexpected ? ` (unexpected ${n.unexpected})` : ''}`],
    ['e-mails sent / due', `${n.emailsSent} / ${n.emailsDue} (${n.emailsRequeuedEvents} events' e-mails re-dispatched by the reconciler)${Object.keys(n.emailJobsFailed).length ? ` (e-mail jobs failed: ${JSON.stringify(n.emailJobsFailed)})` : ''}`],
    ['write errors by code (attempts)', codes],
    ['reads OK / failed (codes)', `${r.reads.ok} / ${r.reads.failed} (${readCodes})`],
    ['INTERNAL_SERVER_ERROR', String(r.internalServerErrors)],
  ];
  if (r.recovery) {
    rows.push(['fault lasted', ms(r.recovery.faultMs)]);
    rows.push(['recovery: first OK write sent after', `${ms(r.recovery.toFirstOkWriteMs)}${r.recovery.writesHeldUp ? '' : ' (no write was held up by the fault)'}`]);
    rows.push(['recovery: all notifications of earlier writes', ms(r.recovery.toAllNotificationsOfEarlierWritesMs)]);
  }
  for (const note of r.notes ?? []) rows.push(['note', note]);
  rows.push(['verdict', r.pass ? 'PASS' : 'FAIL']);
  process.stdout.write(`\n== ${r.name}: ${r.title}\n${table(rows)}\n\n`);
}

function printSummary(results) {
  const rows = [['scenario', 'OK writes', 'rows', 'lost', 'dup', 'notif. exp/deliv', 'lost', 'dup', 'e-mails due/sent', 'e-mail rep.', 'ISE', '503/SU', 'transport', 'first OK write', 'all delivered', 'verdict']];
  for (const r of results) {
    rows.push([
      r.name,
      r.writes.answeredOk,
      r.writes.rowsForOkWrites,
      r.writes.lost,
      r.writes.duplicated,
      `${r.notifications.expected}/${r.notifications.delivered}`,
      r.notifications.lost,
      r.notifications.duplicated,
      `${r.notifications.emailsDue}/${r.notifications.emailsSent}`,
      String(r.notifications.emailRepeats),
      r.internalServerErrors,
      (r.attemptCodes.SERVICE_UNAVAILABLE ?? 0) + (r.attemptCodes.HTTP_503 ?? 0),
      r.attemptCodes.TRANSPORT ?? 0,
      r.recovery ? ms(r.recovery.toFirstOkWriteMs) : '—',
      r.recovery ? ms(r.recovery.toAllNotificationsOfEarlierWritesMs) : '—',
      r.pass ? 'PASS' : 'FAIL',
    ]);
  }
  process.stdout.write(`${table(rows)}\n`);
}

// --- main ---------------------------------------------------------------------------------------------------------

async function main() {
  if (process.env.BENCH_BUILD === '1' || !existsSync(API_MAIN) || !existsSync(WORKER_MAIN)) {
    log('building api and worker…');
    execSync(`${process.execPath} node_modules/nx/dist/bin/nx.js run-many -t build --projects=api,worker --output-style=static`, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NX_DAEMON: 'false' } });
  }
  loadFanOutRule();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cg-faults-'));
  mkdirSync(path.join(tmp, 'logs'));
  cluster = new PostgresCluster({ dir: tmp, port: PG_PORT });
  redis = new RedisServer({ dir: tmp, port: REDIS_PORT });
  log(`PostgreSQL cluster of its own on 127.0.0.1:${PG_PORT} (${tmp}); Redis of its own on 127.0.0.1:${REDIS_PORT}`);
  cluster.init();
  cluster.start();
  await redis.start();
  const admin = new pg.Client({ connectionString: `${cluster.url}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  for (const cli of ['migrate', 'seed']) {
    log(`${cli}…`);
    // The seed refuses production: the demo is loaded as in development, the servers then run as in production.
    runCli(path.join(CLI, `${cli}.js`), { cwd: root, env: serviceEnv({ NODE_ENV: 'development', LOG_LEVEL: 'warn' }) });
  }
  pool = new pg.Pool({ connectionString: `${cluster.url}/${DB}`, max: 4, application_name: 'cg-faults-accounting' });
  pool.on('error', () => undefined);
  const apiPort = await freePort();
  const workerPort = await freePort();
  api = new Service({ name: 'api', main: API_MAIN, root, port: apiPort, logDir: path.join(tmp, 'logs'), env: serviceEnv({ HTTP_PORT: String(apiPort) }) });
  // The worker's pool is larger than the default 10: while the suite holds `notifications`, blocked e-mail jobs (8 at once)
  // and fan-out batches would otherwise take every connection and starve the relay.
  worker = new Service({ name: 'worker', main: WORKER_MAIN, root, port: workerPort, logDir: path.join(tmp, 'logs'), env: serviceEnv({ WORKER_HEALTH_PORT: String(workerPort), OUTBOX_RELAY: 'on', DATABASE_POOL_SIZE: '30' }) });
  api.start();
  worker.start();
  await Promise.all([api.ready(), worker.ready()]);
  log(`API on 127.0.0.1:${apiPort}, worker health on 127.0.0.1:${workerPort}; settings ${JSON.stringify(SUITE_ENV)}`);

  const target = { url: () => `http://127.0.0.1:${api.port}` };
  const clients = [];
  for (const user of USERS.slice(0, CLIENTS)) {
    const { token } = await signIn(target, user.email, DEMO_PASSWORD);
    const client = { ...user, token, n: 0 };
    client.cases = await chooseCases(target, client);
    if (client.cases.length === 0) throw new Error(`${user.email} may write to none of its cases`);
    clients.push(client);
  }
  log(`${clients.length} clients: ${clients.map((c) => `${c.email.split('@')[0]} (${c.writes.join('+')}, ${c.cases.length} cases)`).join(', ')}`);
  // The demo's own events and the probes are worked off first, so that every scenario starts from a quiet worker.
  await waitFor('the demo events to be fanned out', async () => {
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM outbox_events WHERE fanned_out_at IS NULL');
    return rows[0].n === 0;
  }, 120_000);

  const results = [];
  for (const scenario of SCENARIOS.filter((s) => ONLY.length === 0 || ONLY.includes(s.name))) {
    const result = await runScenario(scenario, clients);
    // E-mail repeats during this scenario (its e-mails are all sent by now): the run's count so far, less the earlier.
    const repeatsSoFar = countMailFiles(path.join(tmp, 'mail')).repeats;
    result.notifications.emailRepeats = repeatsSoFar - results.reduce((sum, r) => sum + r.notifications.emailRepeats, 0);
    results.push(result);
    // Every scenario leaves the platform whole for the next one.
    if (!(await fetch(`${target.url()}/health/ready`).then((r) => r.ok, () => false))) await api.ready();
    await worker.ready();
  }
  const apiErrors = api.errorLines();
  const workerErrors = worker.errorLines();
  process.stdout.write(`\nLoad-and-fault suite${QUICK ? ' (quick)' : ''}: ${clients.length} clients, ${os.cpus().length} CPUs, ${process.version}; PostgreSQL down ${PG_DOWN_MS / 1000} s vs fan-out retry budget ${RETRY_BUDGET_MS / 1000} s\n`);
  printSummary(results);
  process.stdout.write(`error-level log lines: API ${apiErrors.length}, worker ${workerErrors.length}\n`);
  // A repeated e-mail is a second file with the same Message-ID (one per notification, `<notification.<id>@…>`): SMTP
  // cannot join a transaction, so a message accepted just before the worker died or PostgreSQL stopped, its record not
  // committed, is sent again (at least once). Files, distinct notifications among them, and the repeats, on their own.
  const mail = countMailFiles(path.join(tmp, 'mail'));
  const { rows: [mailed] } = await pool.query(`SELECT count(*) FILTER (WHERE email_mode = 'IMMEDIATE')::int AS immediate, count(*) FILTER (WHERE email_mode = 'DIGEST')::int AS digest FROM notifications WHERE emailed_at IS NOT NULL`);
  process.stdout.write(
    `e-mail files written: ${mail.files}; distinct notifications e-mailed in them: ${mail.notifications}; e-mail repeats (a second file for one notification): ${mail.repeats}${mail.withoutId ? `; files without a notification Message-ID: ${mail.withoutId}` : ''}; notifications marked e-mailed in the whole run: ${mailed.immediate} immediate (one file each), ${mailed.digest} in digests\n`,
  );
  if (mail.notifications !== mailed.immediate) process.stdout.write(`note: ${mailed.immediate - mail.notifications} notifications marked e-mailed have no file\n`);
  failed = results.some((r) => !r.pass);
  process.stdout.write(`${failed ? 'FAIL' : 'PASS'}: ${results.filter((r) => r.pass).length} of ${results.length} scenarios with 0 lost, 0 duplicated, 0 INTERNAL_SERVER_ERROR, everything delivered and e-mailed\n`);
  const file = writeResults('faults', started, `${JSON.stringify({ startedAt: new Date(started).toISOString(), quick: QUICK, settings: { ...SUITE_ENV, pgDownMs: PG_DOWN_MS, loadMs: LOAD_MS, clients: clients.length, retryBudgetMs: RETRY_BUDGET_MS }, results, mail: { ...mail, markedEmailed: mailed }, apiErrors: apiErrors.slice(0, 50), workerErrors: workerErrors.slice(0, 50) }, null, 2)}\n`);
  log(`results written to ${path.relative(root, file)}`);
}

/** The .eml files under `dir`: how many, how many notifications they are for (by Message-ID), how many repeat one. */
function countMailFiles(dir) {
  const counts = new Map();
  let files = 0;
  let withoutId = 0;
  for (const name of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')) : []) {
    files++;
    // Headers only: the Message-ID is among them, before the first blank line.
    const head = readFileSync(path.join(dir, name), 'utf8').split(/\r?\n\r?\n/, 1)[0];
    const id = /^Message-ID:\s*<notification\.([0-9a-f-]{36})@/im.exec(head)?.[1];
    if (!id) withoutId++;
    else counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  let repeats = 0;
  for (const n of counts.values()) repeats += n - 1;
  return { files, notifications: counts.size, repeats, withoutId };
}

async function cleanUp() {
  await pool?.end().catch(() => undefined);
  await Promise.all([api?.stop(15_000), worker?.stop(15_000)].filter(Boolean)).catch(() => undefined);
  await redis?.kill().catch(() => undefined);
  cluster?.stopQuietly();
  if (!tmp) return;
  if (failed || process.exitCode) log(`logs kept in ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    failed = true;
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  process.stderr.write(`[faults] failed: ${error?.stack ?? error}\n`);
  failed = true;
} finally {
  await cleanUp();
  // Exit now: a scenario that failed half-way may leave timers or sockets behind.
  process.exit(failed ? 1 : 0);
}
