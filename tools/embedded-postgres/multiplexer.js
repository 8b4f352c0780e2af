// @ts-check
'use strict';
// The session multiplexer of the embedded server (tools/embedded-postgres-server.mjs): many TCP connections, one
// PGlite session. See that file's header for what it guarantees and its known limits.
const { TYPE, SYNC, queryMessage, isStartupMessage, readCString, parseStartup, buildStartup, parseOptions, sqlOf, listenCommands, quoteIdent, quoteLiteral } = require('./wire');

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
  /**
   * @param {{ runExclusive<T>(fn: () => Promise<T>): Promise<T>; execProtocolRawStream(message: Uint8Array, options: { onRawData: (chunk: Uint8Array) => void }): Promise<unknown> }} db PGlite (or a stand-in in tests)
   * @param {{ log?: (...parts: unknown[]) => void; trace?: (...parts: unknown[]) => void; watchdogMs?: number }} [options]
   */
  constructor(db, options = {}) {
    this.db = db;
    this.log = options.log ?? ((...parts) => console.error('[embedded-postgres]', ...parts));
    this.trace = options.trace ?? (() => undefined);
    this.queue = [];
    this.sessions = new Map();
    this.owner = null;
    this.ownerSince = 0;
    this.running = false;
    this.closed = false;
    this.applied = new Map(); // settings currently SET on the PGlite session (absent = server default)
    this.relisten = false;
    this.watchdog = setInterval(() => this.checkStarvation(), options.watchdogMs ?? 5000);
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
          this.log('query failed:', error);
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
      this.trace(`#${item.handlerId} connected`, params.application_name ?? '', Object.fromEntries(session.settings));
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
    this.trace(`#${id} closed while owning the session: rolling back`);
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
    this.trace(`notification on ${channel} → ${delivered} listener(s)`);
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
      this.log(
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

module.exports = { OutputRouter, SessionMultiplexer };
