#!/usr/bin/env node
// `npm start`: brings CommonGround up on this machine in one step.
//   1. installs dependencies when node_modules is missing (npm ci), and builds the API, the worker and the web app;
//   2. picks the datastore: DATABASE_URL and REDIS_URL when set (the production path), otherwise the
//      embedded default (PostgreSQL compiled to WebAssembly on a loopback port, BullMQ on that database);
//   3. creates the database when missing and applies migrations; loads the Legionowo demo data;
//   4. starts the API and the worker, waits until both are ready and the worker has worked off the demo's
//      events (its e-mails, the fan-out), then prints the URL and the demo logins: the banner comes last.
// Logs of the API and the worker are printed as readable lines (pino-pretty) unless NODE_ENV=production (JSON).
//
// Stopping: SIGINT (Ctrl+C), SIGTERM or SIGHUP, to this process or to npm (package.json runs it with `exec`,
// so npm forwards its signal here), stops everything: the API and the worker first (they finish what is in
// hand), then the embedded database; this process exits only once all of them have. If the parent goes
// away without a signal (npm killed), the same happens; the API and the worker also stop by themselves when
// this process disappears (their IPC channel closes), and so does the embedded database.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from './node-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** Generous ceilings for a loaded machine: waits end as soon as their condition holds. */
const READY_TIMEOUT_MS = 180_000;
const DRAIN_TIMEOUT_MS = 180_000;
/** How long the API and the worker get to stop (their own grace, SHUTDOWN_GRACE_MS, plus a margin) before SIGKILL. */
const STOP_TIMEOUT_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000) + 20_000;

/** Every process started here and still running: build steps, the database, the API, the worker. */
const running = new Set();
const services = [];
let database = null;
let stopping = null;

const exited = (child) =>
  new Promise((resolveExit) => (child.exitCode !== null || child.signalCode !== null ? resolveExit() : child.once('exit', () => resolveExit())));

function track(child) {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Runs one step to its end (output shown as is); stops everything when it fails. */
async function run(command, args, env = process.env) {
  const child = track(spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env }));
  const [code, signal] = await new Promise((resolveRun) => child.once('exit', (...result) => resolveRun(result)));
  if (stopping) await stopping;
  if (code !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}).`);
    await shutdown(code ?? 1);
  }
}

/** Prints a child's output line by line: pino's JSON as readable lines in development, anything else as is. */
function printer(name, env) {
  const pretty =
    env.NODE_ENV === 'production'
      ? null
      : require('pino-pretty').prettyFactory({
          colorize: Boolean(process.stdout.isTTY),
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname,service,context',
          singleLine: true,
          messageFormat: '{if context}[{context}] {end}{msg}',
        });
  const label = `${name.padEnd(6)} │ `;
  return (stream, out) => {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      let text = line;
      if (pretty && line.startsWith('{')) {
        try {
          text = pretty(JSON.parse(line)).replace(/\n$/, '');
        } catch {
          // not JSON after all: as is
        }
      }
      out.write(`${label}${text}\n`);
    });
  };
}

function startService(name, script, env) {
  const child = track(spawn(process.execPath, [...NODE_FLAGS, script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }));
  const print = printer(name, env);
  print(child.stdout, process.stdout);
  print(child.stderr, process.stderr);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n✗ ${name} stopped (${signal ?? `exit ${code}`}). Stopping everything.`);
      void shutdown(1);
    }
  });
  services.push({ name, child });
  return child;
}

/** Stops everything, in order, and exits once every process started here has exited. */
function shutdown(code = 0) {
  stopping ??= (async () => {
    console.log('\n→ Stopping…');
    const stop = async (children) => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const all = Promise.all(children.map(exited));
      let timer;
      const late = new Promise((resolveLate) => (timer = setTimeout(resolveLate, STOP_TIMEOUT_MS)));
      await Promise.race([all, late]);
      clearTimeout(timer);
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null) {
          console.error(`✗ process ${child.pid} did not stop within ${STOP_TIMEOUT_MS / 1000} s: killed.`);
          child.kill('SIGKILL');
        }
      }
      await all;
    };
    // Build steps and the services first (the API drains its requests, the worker finishes the job in hand)…
    await stop([...running].filter((child) => child !== database?.process));
    // …then the database they were using.
    if (database) await database.stop().catch((error) => console.error(`✗ stopping the embedded database: ${error.message}`));
    await stop([...running]);
    console.log(code === 0 ? '✓ Stopped.' : '✗ Stopped after an error.');
    process.exit(code);
  })();
  return stopping;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(0));
// The parent went away without telling us (npm killed, a closed terminal's shell gone): stop all the same.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void shutdown(0), 500).unref();

function abortIfStopping() {
  if (stopping) throw new Error('stopping');
}

async function poll(what, probe, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    abortIfStopping();
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > until) return null;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function waitReady(url, name) {
  const ok = await poll(name, async () => (await fetch(url)).ok, READY_TIMEOUT_MS);
  if (!ok) throw new Error(`${name} did not become ready at ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}

/**
 * Waits until the worker has relayed every outbox event and no job waits or runs (the readiness answer reports both),
 * twice in a row: the demo's events (fan-out, e-mails) are then done and their log lines printed before the banner.
 */
async function waitDrained(url) {
  let idle = 0;
  const drained = await poll(
    'the worker to work off the demo events',
    async () => {
      const body = await (await fetch(url)).json();
      const queues = Object.values(body.queues ?? {});
      const quiet = body.outboxBacklog === 0 && queues.length > 0 && queues.every((q) => q.waiting === 0 && q.active === 0);
      idle = quiet ? idle + 1 : 0;
      return idle >= 2;
    },
    DRAIN_TIMEOUT_MS,
  );
  if (!drained) console.log(`→ The worker is still busy after ${DRAIN_TIMEOUT_MS / 1000} s; starting anyway.`);
}

async function main() {
  if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
    console.log('→ Installing dependencies (npm ci)…');
    await run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  // START_SKIP_BUILD=1 starts what is built already: the test suite (which built it first) starts the platform
  // beside other tests running the built API, so it must not rewrite dist/ under them.
  if (process.env.START_SKIP_BUILD === '1' && existsSync(join(root, 'dist/apps/api/apps/api/src/main.js'))) {
    console.log('→ Using the API, the worker and the web app built already (START_SKIP_BUILD=1).');
  } else {
    console.log('→ Building the API, the worker and the web app…');
    await run(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', '--projects=api,worker,web', '--output-style=static']);
  }

  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  const embedded = !process.env.DATABASE_URL && !process.env.REDIS_URL;
  if (embedded) {
    const dataDir = resolve(root, process.env.PGLITE_DATA_DIR ?? join('.data', 'pglite'));
    const { startEmbeddedPostgres } = await import('./embedded-postgres.mjs');
    abortIfStopping();
    database = await startEmbeddedPostgres({ dataDir });
    track(database.process);
    database.process.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`\n✗ the embedded database stopped (${signal ?? `exit ${code}`}). Stopping everything.`);
        void shutdown(1);
      }
    });
    abortIfStopping();
    env.DATABASE_URL = database.url;
    env.QUEUE_BACKEND = 'postgres';
    env.DATABASE_POOL_SIZE = env.DATABASE_POOL_SIZE ?? '4';
    console.log(`→ Embedded PostgreSQL (PGlite) on ${database.url} — data kept in ${dataDir}; queues on the same database.`);
  } else if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    console.error('✗ Set both DATABASE_URL and REDIS_URL to use your own servers, or neither for the embedded default.');
    process.exit(1);
  }

  console.log('→ Applying migrations…');
  await run(process.execPath, ['dist/apps/api/apps/api/src/cli/migrate.js'], env);
  console.log('→ Loading demo data…');
  await run(process.execPath, ['dist/apps/api/apps/api/src/cli/seed.js'], env);
  abortIfStopping();

  const host = env.HTTP_HOST ?? '127.0.0.1';
  const port = env.HTTP_PORT ?? '3000';
  const workerPort = env.WORKER_HEALTH_PORT ?? '3001';
  startService('api', 'dist/apps/api/apps/api/src/main.js', env);
  startService('worker', 'dist/apps/worker/apps/worker/src/main.js', env);
  await waitReady(`http://${host}:${port}/health/ready`, 'API');
  await waitReady(`http://${host}:${workerPort}/health/ready`, 'worker');
  await waitDrained(`http://${host}:${workerPort}/health/ready`);
  abortIfStopping();

  const { printWelcome } = await import('./welcome.mjs');
  printWelcome({
    root,
    url: `http://${host}:${port}/`,
    graphqlUrl: `http://${host}:${port}/graphql`,
    workerHealth: `http://${host}:${workerPort}/health/ready`,
    embedded,
    mail: env.SMTP_URL ? null : resolve(root, env.MAIL_DIR ?? '.data/mail'),
  });
}

main().catch(async (error) => {
  if (stopping) return;
  console.error(`✗ ${error.message}`);
  await shutdown(1);
});
