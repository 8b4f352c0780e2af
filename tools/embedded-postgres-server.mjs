#!/usr/bin/env node
// The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served on a loopback TCP port, so `pg`,
// TypeORM and BullMQ's PostgreSQL backend connect to it as to any server. Started by tools/embedded-postgres.mjs
// as a child process; can also be run by hand:
//   node tools/embedded-postgres-server.mjs --data-dir .data/pglite [--port 5433] [--strict-port]
//
// PGlite is ONE PostgreSQL session. @electric-sql/pglite-socket frames the wire protocol of each TCP connection
// (PGLiteSocketHandler); the SessionMultiplexer below decides which connection talks to that one session, so
// that many connections (the API's TypeORM pool, BullMQ's pools and LISTEN clients, in several processes) behave
// like separate sessions as far as these programs need (embedded-postgres/multiplexer.js, its wire helpers in
// embedded-postgres/wire.js, both unit-tested beside them):
//   - one connection at a time owns the session from the first message of a request until its ReadyForQuery
//     says the session is idle again: an extended-protocol exchange (Parse…Sync) and a whole transaction
//     (BEGIN…COMMIT) are never interleaved with another connection's messages;
//   - the settings a connection asks for at startup (`options=-c search_path=…`, which BullMQ uses) are applied
//     whenever that connection takes the session, and reset for the others;
//   - notifications (LISTEN/NOTIFY) reach the connections that issued LISTEN, not whichever connection happened
//     to run the query that delivered them.
// Known limits: one query runs at a time; a connection that
// holds a transaction open makes the others wait (a program that, inside a transaction, waits on a query sent
// through another connection would wait for ever); SET commands sent as SQL and session advisory locks are
// shared by all connections; no SSL, no cancel requests.
import { PGlite } from '@electric-sql/pglite';
// pg_trgm: the trigram indexes of likely duplicate cases (migration CaseLinks); PGlite ships it among its contrib extensions.
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SessionMultiplexer } from './embedded-postgres/multiplexer.js';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '5433' },
    'strict-port': { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
  },
});

const debug = args.debug || process.env.EMBEDDED_PG_DEBUG === '1';
const log = (...parts) => console.error('[embedded-postgres]', ...parts);
const trace = (...parts) => debug && log(...parts);

// ---------------------------------------------------------------------------------------------------------------
// Process: lock the data directory, open PGlite, listen, report the port to the parent, shut down cleanly.
// ---------------------------------------------------------------------------------------------------------------

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function lockDataDir(dataDir) {
  const lockFile = `${dataDir}.lock`;
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`${dataDir} is in use by another embedded PostgreSQL (pid ${pid}); stop it first.`);
    }
  }
  writeFileSync(lockFile, `${process.pid}\n`);
  return () => {
    try {
      if (Number(readFileSync(lockFile, 'utf8').trim()) === process.pid) rmSync(lockFile);
    } catch {
      // already gone
    }
  };
}

function listen(server, port, host) {
  return new Promise((resolveListen, rejectListen) => {
    const onError = (error) => {
      server.off('listening', onListening);
      rejectListen(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolveListen(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function report(message) {
  if (process.send) process.send(message);
  else if (message.type === 'ready') console.log(`PGlite listening: ${message.url}`);
  else console.error(message.error);
}

async function main() {
  if (!args['data-dir']) throw new Error('--data-dir is required');
  const dataDir = resolve(args['data-dir']);
  mkdirSync(dirname(dataDir), { recursive: true });
  const unlock = lockDataDir(dataDir);

  const db = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const mux = new SessionMultiplexer(db, { log, trace });
  const handlers = new Set();
  const server = createServer((socket) => {
    if (mux.closed) return socket.destroy();
    const handler = new PGLiteSocketHandler({ queryQueue: mux, closeOnDetach: true, debug: false });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });

  let port;
  try {
    port = await listen(server, Number(args.port), args.host);
  } catch (error) {
    if (error.code !== 'EADDRINUSE' || args['strict-port']) throw error;
    port = await listen(server, 0, args.host);
  }

  let stopping = null;
  const shutdown = (reason) => {
    stopping ??= (async () => {
      trace(`stopping (${reason})`);
      server.close();
      // Give the clients (the API and the worker, stopping at the same time) a moment to finish and disconnect.
      const until = Date.now() + 1500;
      while (handlers.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      mux.stop();
      await Promise.all([...handlers].map((handler) => handler.detach(true).catch(() => undefined)));
      await db.runExclusive(async () => undefined).catch(() => undefined);
      await db.close().catch((error) => log('closing PGlite failed:', error));
      unlock();
      process.exit(0);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('disconnect', () => void shutdown('parent gone'));

  report({ type: 'ready', port, url: `postgres://postgres@${args.host}:${port}/postgres` });
}

main().catch((error) => {
  report({ type: 'error', error: error instanceof Error ? error.message : String(error) });
  log(error instanceof Error ? error.message : error);
  process.exit(1);
});
