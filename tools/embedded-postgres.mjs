// The embedded default datastore: PGlite (PostgreSQL compiled to WebAssembly) on a loopback port, in a child
// process (tools/embedded-postgres-server.mjs), so the API, the worker, the migration CLI and BullMQ's PostgreSQL
// backend all connect to it with plain `pg` and a postgres:// URL — the same code as against a real server.
//
//   const db = await startEmbeddedPostgres({ dataDir: '.data/pglite' });
//   db.url      // postgres://postgres@127.0.0.1:5433/postgres
//   await db.stop();
//
// The database is PGlite's own `postgres` database (PGlite has one database; the migration CLI finds it and
// creates nothing). Data are kept in `dataDir` between runs; `${dataDir}.lock` stops two servers sharing it.
// PGlite is a single session: the child multiplexes the connections onto it, one request (or transaction) at a
// time — ample for one developer's machine, not a production server.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SERVER = join(here, 'embedded-postgres-server.mjs');
const DEFAULT_PORT = 5433;

/**
 * Starts PGlite on 127.0.0.1 and waits until it answers a query.
 * @param {{ dataDir: string, port?: number, host?: string, timeoutMs?: number }} options
 *   port: the port to use, failing when taken; without it 5433, or a free port when 5433 is taken (0: any free port).
 * @returns {Promise<{ url: string, port: number, process: import('node:child_process').ChildProcess, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port, host = '127.0.0.1', timeoutMs = 180_000 } = {}) {
  if (!dataDir) throw new Error('startEmbeddedPostgres: dataDir is required');
  const strict = port !== undefined && port !== 0;
  const child = spawn(
    process.execPath,
    [SERVER, '--data-dir', resolve(dataDir), '--host', host, '--port', String(port ?? DEFAULT_PORT), ...(strict ? ['--strict-port'] : [])],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );

  const exited = new Promise((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) resolveExit();
    else child.once('exit', () => resolveExit());
  });

  let actualPort;
  try {
    actualPort = await new Promise((resolveReady, rejectReady) => {
      const timer = setTimeout(() => rejectReady(new Error(`embedded PostgreSQL did not start within ${timeoutMs / 1000} s`)), timeoutMs);
      const done = (fn, value) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
        fn(value);
      };
      const onMessage = (message) => {
        if (message?.type === 'ready') done(resolveReady, message.port);
        else if (message?.type === 'error') done(rejectReady, new Error(`embedded PostgreSQL: ${message.error}`));
      };
      const onExit = (code, signal) => done(rejectReady, new Error(`embedded PostgreSQL exited during start (${signal ?? `exit ${code}`})`));
      const onError = (error) => done(rejectReady, error);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.once('error', onError);
    });
    await waitForQuery(`postgres://postgres@${host}:${actualPort}/postgres`, timeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // A last resort: PGlite writes its files on close, which takes a while on a loaded machine.
        const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        await exited;
        clearTimeout(killer);
      }
      if (child.connected) child.disconnect();
    })();
    return stopping;
  };

  return { url: `postgres://postgres@${host}:${actualPort}/postgres`, port: actualPort, process: child, stop };
}

/** Connects and runs `SELECT 1` until it works: the port is open and PGlite answers. */
async function waitForQuery(url, timeoutMs) {
  const { Client } = createRequire(import.meta.url)('pg');
  const until = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > until) throw new Error(`embedded PostgreSQL does not answer on ${url}: ${error.message}`);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
