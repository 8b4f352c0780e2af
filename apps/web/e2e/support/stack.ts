import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, eventually, TEST_RATE_LIMITS } from '@cg/server/testing';

export const ROOT = join(__dirname, '..', '..', '..', '..');
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const SEED_CLI = join(ROOT, 'dist/apps/api/apps/api/src/cli/seed.js');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');
export const WEB_DIST = join(ROOT, 'dist/apps/web');

/** Ceilings for a loaded 2-core machine, not expectations of speed. */
export const START_CEILING_MS = 120_000;

/**
 * The product as it ships, for the browser journeys: the built API (serving the built web app from WEB_DIST_DIR) and
 * the built worker (relay, fan-out, live signals), as two processes on a fresh database of their own with the
 * Legionowo demo loaded by the built seed CLI, on the real PostgreSQL and Redis, listening on loopback only.
 *
 * Processes rather than Nest modules in the Jest worker: the web app's tests may not import the API's or the
 * worker's code (Nx forbids importing an app), and the journeys then exercise exactly what `npm start` runs.
 */
export interface Stack {
  /** `http://127.0.0.1:<port>`: the web app and its API, one origin. */
  origin: string;
  databaseUrl: string;
  /** A connection to the stack's database, for looking up ids and checking what was written. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** The one row the query finds; fails naming the query when there is none. */
  one<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T>;
  /** What the API and the worker printed (for a failure's message). */
  output(): string;
  stop(): Promise<void>;
}

export function requireBuild(): void {
  const missing = [API_MAIN, SEED_CLI, WORKER_MAIN, join(WEB_DIST, 'index.html')].filter((file) => !existsSync(file));
  if (missing.length) {
    throw new Error(`Build first (npm test does): missing ${missing.map((f) => f.slice(ROOT.length + 1)).join(', ')}. ` +
      'Run: NX_DAEMON=false npx nx run-many -t build --projects=api,worker,web');
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function run(script: string, env: NodeJS.ProcessEnv, log: string[], name: string): ChildProcess {
  const child = spawn(process.execPath, ['--max-old-space-size=512', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log.push(`[${name}] ${line}`);
    // Enough to explain a failure, bounded however long the journeys run.
    if (log.length > 2000) log.splice(0, log.length - 2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exitOf(child);
  clearTimeout(timer);
}

async function ready(url: string, child: ChildProcess, name: string, log: string[]): Promise<void> {
  await eventually(`${name} ready at ${url}`, async () => {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${log.slice(-40).join('\n')}`);
    const response = await fetch(url).catch(() => null);
    return response?.ok ?? false;
  }, START_CEILING_MS).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${log.slice(-40).join('\n')}`);
  });
}

/** Starts the whole stack; `env` adds settings for both processes (a shorter token life, say). */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  requireBuild();
  const database = await createTestDatabase();
  const log: string[] = [];
  const children: ChildProcess[] = [];
  const client = new Client({ connectionString: database.url });
  let started = false;
  try {
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const origin = `http://127.0.0.1:${apiPort}`;
    const common: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '10',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_BACKEND: 'redis',
      QUEUE_PREFIX: `cge-${randomBytes(4).toString('hex')}`,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(apiPort),
      PUBLIC_URL: origin,
      WEB_DIST_DIR: WEB_DIST,
      WORKER_HEALTH_PORT: String(workerPort),
      // E-mails as files in a folder of this run (no SMTP server is asked for anything).
      MAIL_DIR: mkdtempSync(join(tmpdir(), 'cg-e2e-mail-')),
      ATTACHMENTS_DIR: mkdtempSync(join(tmpdir(), 'cg-e2e-attachments-')),
      // Several journeys sign in from one address within a minute.
      ...TEST_RATE_LIMITS,
      SHUTDOWN_GRACE_MS: '2000',
      ...env,
    };
    const seed = run(SEED_CLI, common, log, 'seed');
    const seeded = await exitOf(seed);
    if (seeded !== 0) throw new Error(`the demo seed failed (${seeded}):\n${log.join('\n')}`);

    const api = run(API_MAIN, common, log, 'api');
    children.push(api);
    const worker = run(WORKER_MAIN, common, log, 'worker');
    children.push(worker);
    await Promise.all([ready(`${origin}/health/ready`, api, 'the API', log), ready(`http://127.0.0.1:${workerPort}/health/ready`, worker, 'the worker', log)]);
    await client.connect();
    started = true;
    const sql = async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[];
    return {
      origin,
      databaseUrl: database.url,
      sql,
      one: async <T>(text: string, params: unknown[] = []) => {
        const [row] = await sql<T>(text, params);
        if (row === undefined) throw new Error(`no row for: ${text}`);
        return row;
      },
      output: () => log.join('\n'),
      stop: async () => {
        await client.end().catch(() => undefined);
        await Promise.all(children.map(stopProcess));
        await database.drop();
      },
    };
  } finally {
    if (!started) {
      await client.end().catch(() => undefined);
      await Promise.all(children.map(stopProcess));
      await database.drop();
    }
  }
}
