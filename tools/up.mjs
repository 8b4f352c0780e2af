#!/usr/bin/env node
// `npm start`: brings CommonGround up on this machine in one step.
//   1. installs dependencies when node_modules is missing (npm ci), and builds the API and the worker;
//   2. picks the datastore: DATABASE_URL and REDIS_URL when set (the production path), otherwise the
//      embedded default (PostgreSQL compiled to WebAssembly on a loopback port, BullMQ on that database);
//   3. creates the database when missing and applies migrations; loads the Legionowo demo data;
//   4. starts the API and the worker, waits until both are ready, prints the URL and the demo logins.
// Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from './node-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const children = [];

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

function start(name, script, env) {
  const child = spawn(process.execPath, [...NODE_FLAGS, script], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n✗ ${name} stopped (${signal ?? `exit ${code}`}). Stopping everything.`);
      shutdown(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children.reverse()) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

async function waitReady(url, name, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} did not become ready at ${url}`);
}

async function main() {
  if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
    console.log('→ Installing dependencies (npm ci)…');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  console.log('→ Building the API and the worker…');
  run(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', '--projects=api,worker', '--output-style=static']);

  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  const embedded = !process.env.DATABASE_URL && !process.env.REDIS_URL;
  if (embedded) {
    const { startEmbeddedPostgres } = await import('./embedded-postgres.mjs');
    const db = await startEmbeddedPostgres({ dataDir: join(root, '.data', 'pglite') });
    children.push(db.process);
    env.DATABASE_URL = db.url;
    env.QUEUE_BACKEND = 'postgres';
    env.DATABASE_POOL_SIZE = env.DATABASE_POOL_SIZE ?? '4';
    console.log(`→ Embedded PostgreSQL (PGlite) on ${db.url} — data kept in .data/pglite; queues on the same database.`);
  } else if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    console.error('✗ Set both DATABASE_URL and REDIS_URL to use your own servers, or neither for the embedded default.');
    process.exit(1);
  }

  console.log('→ Applying migrations…');
  run(process.execPath, ['dist/apps/api/apps/api/src/cli/migrate.js'], env);
  console.log('→ Loading demo data…');
  run(process.execPath, ['dist/apps/api/apps/api/src/cli/seed.js'], env);

  const host = env.HTTP_HOST ?? '127.0.0.1';
  const port = env.HTTP_PORT ?? '3000';
  const workerPort = env.WORKER_HEALTH_PORT ?? '3001';
  start('API', 'dist/apps/api/apps/api/src/main.js', env);
  start('worker', 'dist/apps/worker/apps/worker/src/main.js', env);
  await waitReady(`http://${host}:${port}/health/ready`, 'API');
  await waitReady(`http://${host}:${workerPort}/health/ready`, 'worker');

  const { printWelcome } = await import('./welcome.mjs');
  printWelcome({ root, url: `http://${host}:${port}/graphql`, workerHealth: `http://${host}:${workerPort}/health/ready`, embedded });
}

main().catch((error) => {
  console.error(`✗ ${error.message}`);
  shutdown(1);
});
