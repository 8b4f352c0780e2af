import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPostgresBackend, Queue, type PostgresConnectionOptions, type PostgresQueueBackend } from 'bullmq';
import { Client } from 'pg';

/**
 * The embedded default of `npm start`, end to end and out of process: PGlite served by tools/embedded-postgres.mjs,
 * the built migration and seed CLIs, the built API and worker with BullMQ on PostgreSQL (no Redis: REDIS_URL points
 * nowhere), a login over real HTTP, and one job through BullMQ's PostgreSQL backend.
 */

const ROOT = join(__dirname, '..', '..', '..');
const DIST_API = join(ROOT, 'dist/apps/api/apps/api/src');
const DIST_WORKER = join(ROOT, 'dist/apps/worker/apps/worker/src');
const DEMO_LOGIN = { email: 'k.nowak@kpp-legionowo.test', password: 'Legionowo-demo-2026' };
const QUEUE_PREFIX = 'cg';
/** Ceilings, not expectations: PGlite on a loaded 2-core machine migrates, seeds and starts slowly. */
const SETUP_TIMEOUT = 300_000;
const WAIT_CEILING = 150_000;

jest.setTimeout(SETUP_TIMEOUT);

/** A started program whose output is kept, to be shown when something fails. */
interface Program {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startProgram(name: string, args: string[], env: NodeJS.ProcessEnv, ipc = false): Program {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  let size = 0;
  const keep = (data: Buffer) => {
    chunks.push(data.toString('utf8'));
    size += data.length;
    while (size > 200_000 && chunks.length > 1) size -= chunks.shift()?.length ?? 0;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, output: () => chunks.join(''), exited };
}

async function runToEnd(name: string, script: string, env: NodeJS.ProcessEnv): Promise<string> {
  const program = startProgram(name, [script], env);
  const code = await program.exited;
  if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${program.output()}`);
  return program.output();
}

async function stopProgram(program: Program | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!program || program.child.exitCode !== null || program.child.signalCode !== null) return;
  program.child.kill(signal);
  const timer = setTimeout(() => program.child.kill('SIGKILL'), 90_000);
  await program.exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = WAIT_CEILING, abort?: () => string | null): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const reason = abort?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts the embedded PostgreSQL with tools/embedded-postgres.mjs, in a small host process: the module is an
 * ES module, which Jest's module loader (CommonJS, .ts transform only) cannot load. The host passes the URL back
 * and stops the database (module's `stop()`) when told to or when the test process goes away.
 */
async function startEmbedded(dataDir: string): Promise<{ url: string; host: Program; stop: () => Promise<void> }> {
  const moduleUrl = pathToFileURL(join(ROOT, 'tools/embedded-postgres.mjs')).href;
  const script = `
    import { startEmbeddedPostgres } from ${JSON.stringify(moduleUrl)};
    const db = await startEmbeddedPostgres({ dataDir: process.env.CG_EMBEDDED_DATA_DIR, port: 0 });
    let stopping = false;
    const stop = async () => { if (stopping) return; stopping = true; await db.stop(); process.exit(db.process.exitCode === 0 ? 0 : 3); };
    process.on('message', (message) => message === 'stop' && stop());
    process.on('disconnect', stop);
    process.send({ url: db.url });
  `;
  const host = startProgram('embedded PostgreSQL', ['--input-type=module', '-e', script], { ...process.env, CG_EMBEDDED_DATA_DIR: dataDir }, true);
  const url = await new Promise<string>((resolve, reject) => {
    host.child.once('message', (message: { url?: string }) => (message?.url ? resolve(message.url) : reject(new Error('no url'))));
    void host.exited.then((code) => reject(new Error(`embedded PostgreSQL exited (${code}):\n${host.output()}`)));
  });
  const stop = async () => {
    if (host.child.exitCode !== null) return;
    host.child.send('stop');
    const timer = setTimeout(() => host.child.kill('SIGKILL'), 120_000);
    const code = await host.exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`embedded PostgreSQL did not stop cleanly (exit ${code}):\n${host.output()}`);
  };
  return { url, host, stop };
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: T; errors?: { message: string }[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: { message: string }[] };
}

describe('the embedded default (PGlite + BullMQ on PostgreSQL), out of process', () => {
  let tempDir: string;
  let embedded: Awaited<ReturnType<typeof startEmbedded>> | undefined;
  let api: Program | undefined;
  let worker: Program | undefined;
  let queue: Queue<unknown, unknown, string, unknown, unknown, string, PostgresQueueBackend, PostgresConnectionOptions> | undefined;
  let db: Client | undefined;
  let env: NodeJS.ProcessEnv;
  let apiUrl: string;
  let workerUrl: string;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const started = Date.now();
    const lap = (name: string) => (timings[name] = Date.now() - started);
    tempDir = mkdtempSync(join(tmpdir(), 'cg-embedded-'));
    embedded = await startEmbedded(join(tempDir, 'pglite'));
    lap('database');
    const [httpPort, healthPort] = [await freePort(), await freePort()];
    apiUrl = `http://127.0.0.1:${httpPort}`;
    workerUrl = `http://127.0.0.1:${healthPort}`;
    env = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: embedded.url,
      DATABASE_POOL_SIZE: '4',
      QUEUE_BACKEND: 'postgres',
      QUEUE_PREFIX,
      // Nothing listens there: proves the embedded default needs no Redis.
      REDIS_URL: 'redis://127.0.0.1:1',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      WORKER_HEALTH_PORT: String(healthPort),
    };
    const migrated = await runToEnd('migrate', join(DIST_API, 'cli/migrate.js'), env);
    expect(migrated).toMatch(/Applied migrations: /);
    lap('migrate');
    const seeded = await runToEnd('seed', join(DIST_API, 'cli/seed.js'), env);
    expect(seeded).toMatch(/Demo data loaded/);
    lap('seed');

    api = startProgram('API', [join(DIST_API, 'main.js')], env);
    worker = startProgram('worker', [join(DIST_WORKER, 'main.js')], env);
    const died = () => {
      for (const program of [api, worker]) {
        if (program && program.child.exitCode !== null) return `${program.name} exited (${program.child.exitCode}):\n${program.output()}`;
      }
      return null;
    };
    await until('the API to be ready', async () => (await fetch(`${apiUrl}/health/ready`)).ok, WAIT_CEILING, died);
    await until('the worker to be ready', async () => (await fetch(`${workerUrl}/health/ready`)).ok, WAIT_CEILING, died);
    lap('api and worker ready');

    db = new Client({ connectionString: embedded.url });
    await db.connect();
    // The producer, with the connection settings the worker uses (libs/server/jobs/src/queue-connection.ts).
    queue = new Queue(
      'maintenance',
      { connection: { connectionString: embedded.url, schema: `bullmq_${QUEUE_PREFIX}`, max: 2, migrate: true } },
      createPostgresBackend,
    );
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await queue?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await Promise.all([stopProgram(api), stopProgram(worker)]);
    try {
      await embedded?.stop();
    } finally {
      if (embedded && embedded.host.child.exitCode === null) embedded.host.child.kill('SIGKILL');
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      console.log(`embedded smoke test timings (ms since start): ${JSON.stringify(timings)}`);
    }
  }, SETUP_TIMEOUT);

  it('serves the migrated schema from PGlite, through the socket, under PGlite’s own `postgres` database', async () => {
    const { rows } = await db!.query<{ version: string; db: string; tables: number }>(
      `SELECT version(), current_database() AS db, (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public') AS tables`,
    );
    expect(rows[0]?.version).toMatch(/PGlite/);
    expect(rows[0]?.db).toBe('postgres');
    expect(rows[0]?.tables).toBeGreaterThan(5);
    const again = await runToEnd('migrate', join(DIST_API, 'cli/migrate.js'), env);
    expect(again).toMatch(/up to date/);
    const reseeded = await runToEnd('seed', join(DIST_API, 'cli/seed.js'), env);
    expect(reseeded).toMatch(/already present/);
  });

  it('signs in a demo user over HTTP, and `me` answers with the bearer token', async () => {
    const login = await gql<{ login: { accessToken: string; user: { displayName: string } } }>(
      `${apiUrl}/graphql`,
      'mutation($input: LoginInput!) { login(input: $input) { accessToken user { displayName } } }',
      { input: DEMO_LOGIN },
    );
    expect(login.errors).toBeUndefined();
    const token = login.data?.login.accessToken;
    expect(token).toBeTruthy();
    const me = await gql<{ me: { displayName: string } }>(`${apiUrl}/graphql`, '{ me { displayName } }', {}, token);
    expect(me.errors).toBeUndefined();
    expect(me.data?.me.displayName).toBe(login.data?.login.user.displayName);
    expect(me.data?.me.displayName).toMatch(/Nowak/);
  });

  it('answers the map and its hotspot grid on PGlite, with the location index usable there too', async () => {
    const signIn = async (email: string) =>
      (await gql<{ login: { accessToken: string } }>(`${apiUrl}/graphql`, 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { email, password: DEMO_LOGIN.password } })).data?.login.accessToken;
    const bounds = { south: 52.3, west: 20.8, north: 52.5, east: 21.1 };
    const map = await gql<{ caseMap: { located: number; points: { latitude: number }[] } }>(`${apiUrl}/graphql`, '{ caseMap { located points { latitude } } }', {}, await signIn(DEMO_LOGIN.email));
    expect(map.errors).toBeUndefined();
    expect(map.data?.caseMap.points.length).toBe(map.data?.caseMap.located);
    expect(map.data?.caseMap.located).toBeGreaterThan(0);
    const grid = await gql<{ caseHotspots: { suppressedBelow: number; cells: { cases: number | null; suppressed: boolean }[] } }>(
      `${apiUrl}/graphql`,
      'query($input: CaseHotspotsInput!) { caseHotspots(input: $input) { suppressedBelow cells { cases suppressed } } }',
      { input: { bounds, zoom: 12, period: 'MONTH' } },
      await signIn('analityk@kpp-legionowo.test'),
    );
    expect(grid.errors).toBeUndefined();
    expect(grid.data?.caseHotspots.suppressedBelow).toBe(5);
    expect(grid.data?.caseHotspots.cells.length).toBeGreaterThan(0);
    expect(grid.data?.caseHotspots.cells.every((c) => c.suppressed && c.cases === null)).toBe(true);
    // Four demo cases make a sequential scan the cheaper plan; with it ruled out, PGlite's planner takes the index.
    await db!.query('SET enable_seqscan = off');
    const { rows } = await db!.query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT id FROM cases c WHERE c.latitude BETWEEN 52.3 AND 52.5 AND c.longitude BETWEEN 20.8 AND 21.1');
    await db!.query('RESET enable_seqscan');
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/ix_cases_location/);
  });

  it('delivers NOTIFY to the connection that listens, whichever connection sends it', async () => {
    const listener = new Client({ connectionString: embedded!.url, options: `-c search_path=bullmq_${QUEUE_PREFIX}` });
    await listener.connect();
    try {
      const channel = `cg_probe_${randomBytes(4).toString('hex')}`;
      const received = new Promise<string | undefined>((resolve) => listener.on('notification', (message) => message.channel === channel && resolve(message.payload)));
      await listener.query(`LISTEN ${channel}`);
      await db!.query('SELECT pg_notify($1, $2)', [channel, 'hello']);
      // Awaited as such: a notification that never comes fails the test at Jest's ceiling, a slow one does not.
      await expect(received).resolves.toBe('hello');
      // Each connection keeps its own startup settings, though PGlite is one session.
      expect((await listener.query('SHOW search_path')).rows[0].search_path).toBe(`bullmq_${QUEUE_PREFIX}`);
      expect((await db!.query('SHOW search_path')).rows[0].search_path).toBe('public');
    } finally {
      await listener.end();
    }
  });

  it('runs a queued job end to end through BullMQ’s PostgreSQL backend', async () => {
    // Let the clean-up the worker schedules at start run first, so that the row below is ours to delete.
    await until('the scheduled clean-up to finish', async () => {
      const counts = await queue!.getJobCounts('waiting', 'active', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    });
    const { rows: users } = await db!.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [DEMO_LOGIN.email]);
    const userId = users[0]?.id;
    expect(userId).toBeTruthy();
    const { rows: inserted } = await db!.query<{ id: string }>(
      `INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at) VALUES (gen_random_uuid(), $1, $2, now() - interval '2 days') RETURNING id`,
      [userId, randomBytes(32).toString('hex')],
    );
    const expiredId = inserted[0]?.id;
    const live = await db!.query(`SELECT 1 FROM refresh_tokens WHERE user_id = $1 AND expires_at > now()`, [userId]);

    const enqueuedAt = Date.now();
    const added = await queue!.add('identity.purge-expired-refresh-tokens', { requestedAt: 'test' });
    const job = await until('the job to complete', async () => {
      const found = await queue!.getJob(added.id ?? '');
      return found && (await found.isCompleted()) ? found : null;
    }, WAIT_CEILING, () => (worker!.child.exitCode !== null ? `worker exited:\n${worker!.output()}` : null));
    timings['job round trip'] = Date.now() - enqueuedAt;

    expect(job.returnvalue).toEqual({ deleted: 1 });
    expect((await db!.query('SELECT 1 FROM refresh_tokens WHERE id = $1', [expiredId])).rowCount).toBe(0);
    // Tokens that have not expired stay (the login above issued one).
    expect((await db!.query(`SELECT 1 FROM refresh_tokens WHERE user_id = $1 AND expires_at > now()`, [userId])).rowCount).toBe(live.rowCount);
    expect(live.rowCount).toBeGreaterThan(0);
  });
});
