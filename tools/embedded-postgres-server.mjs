#!/usr/bin/env node
// The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served on a loopback TCP port, so `pg`,
// TypeORM and BullMQ's PostgreSQL backend connect to it as to any server. Started by tools/embedded-postgres.mjs
// as a child process; can also be run by hand:
//   node tools/embedded-postgres-server.mjs --data-dir .data/pglite [--port 5433] [--strict-port]
//
// PGlite is ONE PostgreSQL session. @electric-sql/pglite-socket frames the wire protocol of each TCP connection
// (PGLiteSocketHandler); the SessionMultiplexer below decides which connection talks to that one session, so
// that many connections (the API's TypeORM pool, BullMQ's pools and LISTEN clients, in several processes) behave
// like separate sessions as far as these programs need:
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
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

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
// Wire-protocol helpers
// ---------------------------------------------------------------------------------------------------------------

const TYPE = { Query: 0x51, Parse: 0x50, Sync: 0x53, Terminate: 0x58, Notification: 0x41, ReadyForQuery: 0x5a };

function queryMessage(sql) {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = TYPE.Query;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}

const SYNC = new Uint8Array([TYPE.Sync, 0, 0, 0, 4]);

function isStartupMessage(message) {
  return message.length >= 8 && message[0] === 0 && Buffer.from(message.buffer, message.byteOffset, message.length).readInt32BE(4) === 196608;
}

function readCString(buffer, offset) {
  const end = buffer.indexOf(0, offset);
  return end < 0 ? [buffer.toString('utf8', offset), buffer.length] : [buffer.toString('utf8', offset, end), end + 1];
}

/** Startup packet → its parameters (user, database, options, application_name, …). */
function parseStartup(message) {
  const buffer = Buffer.from(message.buffer, message.byteOffset, message.length);
  const params = {};
  let offset = 8;
  while (offset < buffer.length && buffer[offset] !== 0) {
    const [key, next] = readCString(buffer, offset);
    const [value, after] = readCString(buffer, next);
    params[key] = value;
    offset = after;
  }
  return params;
}

function buildStartup(params) {
  const body = Buffer.concat([...Object.entries(params).flatMap(([k, v]) => [Buffer.from(`${k}\0`), Buffer.from(`${v}\0`)]), Buffer.from([0])]);
  const message = Buffer.alloc(8 + body.length);
  message.writeInt32BE(message.length, 0);
  message.writeInt32BE(196608, 4);
  body.copy(message, 8);
  return new Uint8Array(message);
}

/** The GUCs in a startup `options` string, split as the server does (whitespace, backslash escapes). */
function parseOptions(options) {
  const tokens = [];
  let current = '';
  let inToken = false;
  for (let i = 0; i < options.length; i++) {
    const ch = options[i];
    if (ch === '\\' && i + 1 < options.length) {
      current += options[++i];
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  const settings = new Map();
  for (let i = 0; i < tokens.length; i++) {
    let assignment = null;
    if (tokens[i] === '-c') assignment = tokens[++i];
    else if (tokens[i].startsWith('-c')) assignment = tokens[i].slice(2);
    else if (tokens[i].startsWith('--')) assignment = tokens[i].slice(2);
    if (!assignment || !assignment.includes('=')) continue;
    const name = assignment.slice(0, assignment.indexOf('=')).replace(/-/g, '_').toLowerCase();
    if (/^[a-z_][a-z0-9_.]*$/.test(name)) settings.set(name, assignment.slice(assignment.indexOf('=') + 1));
  }
  return settings;
}

/** SQL text of a Query or Parse message, or null. */
function sqlOf(message) {
  const buffer = Buffer.from(message.buffer, message.byteOffset, message.length);
  if (message[0] === TYPE.Query) return readCString(buffer, 5)[0];
  if (message[0] === TYPE.Parse) return readCString(buffer, readCString(buffer, 5)[1])[0];
  return null;
}

/** LISTEN / UNLISTEN commands in a piece of SQL, as [command, channel] with channel normalised ('*' for all). */
function listenCommands(sql) {
  if (!/listen/i.test(sql)) return [];
  const code = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^']|'')*'/g, "''");
  const found = [];
  for (const match of code.matchAll(/(?:^|[\s;(])(UNLISTEN|LISTEN)\s+(\*|"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)/gi)) {
    const raw = match[2];
    const channel = raw === '*' ? '*' : raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase();
    found.push([match[1].toUpperCase(), channel]);
  }
  return found;
}

function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
function quoteLiteral(value) {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Splits PGlite's output into whole protocol messages: forwards them to the connection, diverts notifications
 * (to the listeners) and remembers the transaction status of the last ReadyForQuery ('I', 'T' or 'E').
 */
class OutputRouter {
  constructor(write, onNotification) {
    this.write = write;
    this.onNotification = onNotification;
    this.pending = null;
    this.status = null;
  }

  push(chunk) {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let position = 0;
    let forwardFrom = 0;
    while (position + 5 <= data.length) {
      const end = position + 1 + data.readInt32BE(position + 1);
      if (end > data.length) break;
      const type = data[position];
      if (type === TYPE.Notification) {
        if (position > forwardFrom) this.write(data.subarray(forwardFrom, position));
        this.onNotification(Buffer.from(data.subarray(position, end)));
        forwardFrom = end;
      } else if (type === TYPE.ReadyForQuery) {
        this.status = String.fromCharCode(data[position + 5]);
      }
      position = end;
    }
    if (position > forwardFrom) this.write(data.subarray(forwardFrom, position));
    // PGlite may reuse the chunk's memory: keep a copy of an incomplete tail.
    this.pending = position < data.length ? Buffer.from(data.subarray(position)) : null;
  }

  end() {
    if (this.pending) this.write(this.pending);
    this.pending = null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The multiplexer: implements the queryQueue interface PGLiteSocketHandler calls (enqueue, clearQueueForHandler,
// clearTransactionIfNeeded), with the connection's id on every call.
// ---------------------------------------------------------------------------------------------------------------

class SessionMultiplexer {
  constructor(db) {
    this.db = db;
    this.queue = [];
    this.sessions = new Map();
    this.owner = null;
    this.ownerSince = 0;
    this.running = false;
    this.closed = false;
    this.applied = new Map(); // settings currently SET on the PGlite session (absent = server default)
    this.relisten = false;
    this.watchdog = setInterval(() => this.checkStarvation(), 5000);
    this.watchdog.unref();
    this.warnedOwner = null;
  }

  session(id) {
    let session = this.sessions.get(id);
    if (!session) {
      session = { id, settings: new Map(), channels: new Set(), write: null, closed: false };
      this.sessions.set(id, session);
    }
    return session;
  }

  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('PGlite is shutting down'));
      const session = this.session(handlerId);
      session.write = onData;
      if (message[0] === TYPE.Terminate) return resolve(0); // the socket closes next; clearTransactionIfNeeded cleans up
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.pump();
    });
  }

  clearQueueForHandler(handlerId) {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('connection closed'));
      return false;
    });
  }

  async clearTransactionIfNeeded(handlerId) {
    const session = this.sessions.get(handlerId);
    if (!session) return;
    session.closed = true;
    session.write = null;
    if (session.channels.size > 0) this.relisten = true;
    if (this.owner !== handlerId) this.sessions.delete(handlerId);
    void this.pump(); // when the connection owned the session, the pump ends its request and rolls back
  }

  async pump() {
    if (this.running || this.closed) return;
    this.running = true;
    try {
      for (;;) {
        if (this.closed) break;
        if (this.owner !== null) {
          const owner = this.sessions.get(this.owner);
          if (!owner || owner.closed) {
            const abandoned = this.owner;
            await this.db.runExclusive(() => this.releaseAbandoned(abandoned));
            continue;
          }
        }
        let item;
        if (this.owner === null) item = this.queue.shift();
        else {
          const index = this.queue.findIndex((entry) => entry.handlerId === this.owner);
          item = index < 0 ? undefined : this.queue.splice(index, 1)[0];
        }
        if (!item) break;
        try {
          const bytes = await this.db.runExclusive(() => this.execute(item));
          item.resolve(bytes);
        } catch (error) {
          log('query failed:', error);
          item.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  async execute(item) {
    const session = this.session(item.handlerId);
    let message = item.message;
    if (isStartupMessage(message)) {
      const params = parseStartup(message);
      session.settings = params.options ? parseOptions(params.options) : new Map();
      delete params.options; // PGlite would ignore it; we apply the settings ourselves
      message = buildStartup(params);
      trace(`#${item.handlerId} connected`, params.application_name ?? '', Object.fromEntries(session.settings));
    } else if (this.owner === null) {
      await this.applySettings(session);
    }
    const sql = sqlOf(message);
    if (sql) {
      for (const [command, channel] of listenCommands(sql)) {
        if (command === 'LISTEN') session.channels.add(channel);
        else {
          if (channel === '*') session.channels.clear();
          else session.channels.delete(channel);
          this.relisten = true;
        }
      }
    }
    let bytes = 0;
    const router = new OutputRouter(
      (data) => {
        bytes += data.length;
        item.onData(data);
      },
      (notification) => this.deliver(notification),
    );
    await this.db.execProtocolRawStream(message, { onRawData: (chunk) => router.push(chunk) });
    router.end();
    // Without a ReadyForQuery the connection is mid-request (Parse/Bind/… before Sync, COPY): it keeps the session.
    const owns = router.status === null ? !isStartupMessage(message) : router.status !== 'I';
    if (owns && this.owner !== item.handlerId) this.ownerSince = Date.now();
    this.owner = owns ? item.handlerId : null;
    if (this.owner === null && this.relisten) await this.restoreListeners();
    return bytes;
  }

  /** The owner went away mid-request or mid-transaction: finish its request and roll back. */
  async releaseAbandoned(id) {
    trace(`#${id} closed while owning the session: rolling back`);
    const status = await this.raw(SYNC);
    if (status !== 'I') await this.raw(queryMessage('ROLLBACK'));
    this.owner = null;
    this.sessions.delete(id);
    if (this.relisten) await this.restoreListeners();
  }

  /** Applies the connection's startup settings to the shared session (only between requests, never mid-transaction). */
  async applySettings(session) {
    const statements = [];
    for (const name of new Set([...this.applied.keys(), ...session.settings.keys()])) {
      const wanted = session.settings.get(name);
      if (wanted === this.applied.get(name)) continue;
      statements.push(wanted === undefined ? `RESET ${quoteIdent(name)}` : `SELECT pg_catalog.set_config(${quoteLiteral(name)}, ${quoteLiteral(wanted)}, false)`);
    }
    if (statements.length === 0) return;
    await this.raw(queryMessage(statements.join('; ')));
    this.applied = new Map(session.settings);
  }

  /** UNLISTEN by one connection unsubscribes the shared session: subscribe again to what others still listen to. */
  async restoreListeners() {
    this.relisten = false;
    const channels = new Set();
    for (const session of this.sessions.values()) if (!session.closed) for (const channel of session.channels) channels.add(channel);
    if (channels.size === 0) return;
    await this.raw(queryMessage([...channels].map((channel) => `LISTEN ${quoteIdent(channel)}`).join('; ')));
  }

  deliver(notification) {
    const [channel] = readCString(notification, 9); // type, length, sender pid, then the channel
    let delivered = 0;
    for (const session of this.sessions.values()) {
      if (session.closed || !session.write || !session.channels.has(channel)) continue;
      session.write(notification);
      delivered++;
    }
    trace(`notification on ${channel} → ${delivered} listener(s)`);
  }

  /** Runs a message for the multiplexer itself; returns the transaction status. Notifications still reach listeners. */
  async raw(message) {
    const router = new OutputRouter(
      () => undefined,
      (notification) => this.deliver(notification),
    );
    await this.db.execProtocolRawStream(message, { onRawData: (chunk) => router.push(chunk) });
    router.end();
    return router.status;
  }

  checkStarvation() {
    if (this.owner === null || this.queue.length === 0 || this.queue.some((item) => item.handlerId === this.owner)) return;
    const held = Date.now() - this.ownerSince;
    if (held > 15_000 && this.warnedOwner !== this.owner) {
      this.warnedOwner = this.owner;
      log(
        `connection #${this.owner} has kept a transaction open for ${Math.round(held / 1000)} s while ${this.queue.length} request(s) ` +
          'from other connections wait (PGlite runs one session: a transaction blocks every other connection).',
      );
    }
  }

  stop() {
    this.closed = true;
    clearInterval(this.watchdog);
    for (const item of this.queue.splice(0)) item.reject(new Error('PGlite is shutting down'));
  }
}

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

  const db = await PGlite.create({ dataDir });
  const mux = new SessionMultiplexer(db);
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
