import { OutputRouter, SessionMultiplexer, type RawSession } from './multiplexer';
import { buildStartup, queryMessage, TYPE } from './wire';

const messageOf = (type: number, body: Buffer) => {
  const message = Buffer.alloc(5 + body.length);
  message[0] = type;
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
};
const ready = (status: 'I' | 'T' | 'E') => messageOf(TYPE.ReadyForQuery, Buffer.from(status));
const complete = (tag: string) => messageOf(0x43, Buffer.from(`${tag}\0`));
const notification = (channel: string, payload: string) => {
  const pid = Buffer.alloc(4);
  pid.writeInt32BE(42);
  return messageOf(TYPE.Notification, Buffer.concat([pid, Buffer.from(`${channel}\0${payload}\0`)]));
};

/**
 * A stand-in for PGlite's one session: it records every SQL text it receives (and every bare Sync), keeps a
 * transaction status, and answers as PostgreSQL would — BEGIN leaves the session in a transaction ('T'), COMMIT
 * and ROLLBACK end it, `NOTIFY ch, 'x'` sends a notification to the session after the command.
 */
class FakeSession implements RawSession {
  readonly received: string[] = [];
  private status: 'I' | 'T' = 'I';

  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async execProtocolRawStream(message: Uint8Array, { onRawData }: { onRawData: (chunk: Uint8Array) => void }): Promise<unknown> {
    const buffer = Buffer.from(message);
    if (buffer[0] === 0) {
      onRawData(ready('I'));
      return;
    }
    if (buffer[0] === TYPE.Sync) {
      this.received.push('<sync>');
      onRawData(ready(this.status));
      return;
    }
    const sql = buffer.toString('utf8', 5, buffer.length - 1);
    this.received.push(sql);
    if (/^BEGIN/i.test(sql)) this.status = 'T';
    if (/^(COMMIT|ROLLBACK)/i.test(sql)) this.status = 'I';
    const notify = /^NOTIFY (\w+), '(\w*)'/i.exec(sql);
    // The answer in two chunks split inside a message, as a socket may deliver it.
    const answer = Buffer.concat([complete('OK'), ...(notify ? [notification(notify[1]!, notify[2]!)] : []), ready(this.status)]);
    onRawData(answer.subarray(0, 3));
    onRawData(answer.subarray(3));
  }
}

/** Bytes each connection received, as a list of message types and the ReadyForQuery statuses. */
function recorder() {
  const seen: string[] = [];
  const write = (data: Uint8Array) => {
    const buffer = Buffer.from(data);
    for (let at = 0; at + 5 <= buffer.length; at += 1 + buffer.readInt32BE(at + 1)) {
      const type = buffer[at]!;
      seen.push(type === TYPE.ReadyForQuery ? `ready:${String.fromCharCode(buffer[at + 5]!)}` : type === TYPE.Notification ? `notify:${buffer.toString('utf8', at + 9, buffer.indexOf(0, at + 9))}` : String.fromCharCode(type));
    }
  };
  return { seen, write };
}

describe('OutputRouter', () => {
  it('forwards whole messages however the chunks are cut, diverts notifications, and remembers the status', () => {
    const forwarded: Buffer[] = [];
    const notifications: Buffer[] = [];
    const router = new OutputRouter((data) => forwarded.push(Buffer.from(data)), (n) => notifications.push(n));
    const stream = Buffer.concat([complete('SELECT 1'), notification('jobs', 'x'), ready('T')]);
    for (let i = 0; i < stream.length; i += 4) router.push(stream.subarray(i, i + 4));
    router.end();
    expect(Buffer.concat(forwarded)).toEqual(Buffer.concat([complete('SELECT 1'), ready('T')]));
    expect(notifications).toEqual([notification('jobs', 'x')]);
    expect(router.status).toBe('T');
  });
});

describe('SessionMultiplexer: many connections, one PGlite session', () => {
  let db: FakeSession;
  let mux: SessionMultiplexer;
  beforeEach(() => {
    db = new FakeSession();
    mux = new SessionMultiplexer(db, { log: () => undefined });
  });
  afterEach(() => mux.stop());

  it('keeps another connection’s query out of an open transaction until it commits', async () => {
    const a = recorder();
    const b = recorder();
    await mux.enqueue(1, queryMessage('BEGIN'), a.write);
    expect(mux.owner).toBe(1);
    const waiting = mux.enqueue(2, queryMessage('SELECT 2'), b.write);
    await mux.enqueue(1, queryMessage('UPDATE t SET x = 1'), a.write);
    expect(db.received).toEqual(['BEGIN', 'UPDATE t SET x = 1']);
    await mux.enqueue(1, queryMessage('COMMIT'), a.write);
    await waiting;
    expect(db.received).toEqual(['BEGIN', 'UPDATE t SET x = 1', 'COMMIT', 'SELECT 2']);
    expect(b.seen).toEqual(['C', 'ready:I']);
    expect(mux.owner).toBeNull();
  });

  it('applies each connection’s startup settings when it takes the session, and resets them for the others', async () => {
    const bull = recorder();
    const api = recorder();
    await mux.enqueue(1, buildStartup({ user: 'postgres', database: 'cg', options: '-c search_path=bull' }), bull.write);
    await mux.enqueue(2, buildStartup({ user: 'postgres', database: 'cg' }), api.write);
    await mux.enqueue(1, queryMessage('SELECT 1'), bull.write);
    await mux.enqueue(2, queryMessage('SELECT 2'), api.write);
    await mux.enqueue(2, queryMessage('SELECT 3'), api.write);
    expect(db.received).toEqual([`SELECT pg_catalog.set_config('search_path', 'bull', false)`, 'SELECT 1', 'RESET "search_path"', 'SELECT 2', 'SELECT 3']);
  });

  it('delivers a notification to the connections that listen on its channel, not to the one that caused it', async () => {
    const listener = recorder();
    const other = recorder();
    const sender = recorder();
    await mux.enqueue(1, queryMessage('LISTEN jobs'), listener.write);
    await mux.enqueue(2, queryMessage('LISTEN other'), other.write);
    await mux.enqueue(3, queryMessage("NOTIFY jobs, 'x'"), sender.write);
    expect(listener.seen).toEqual(['C', 'ready:I', 'notify:jobs']);
    expect(other.seen).toEqual(['C', 'ready:I']);
    expect(sender.seen).toEqual(['C', 'ready:I']);
  });

  it('subscribes again to what others still listen to after one connection’s UNLISTEN *', async () => {
    const a = recorder();
    const b = recorder();
    await mux.enqueue(1, queryMessage('LISTEN jobs'), a.write);
    await mux.enqueue(2, queryMessage('LISTEN jobs'), b.write);
    await mux.enqueue(2, queryMessage('UNLISTEN *'), b.write);
    expect(db.received.at(-1)).toBe('LISTEN "jobs"');
    await mux.enqueue(3, queryMessage("NOTIFY jobs, 'y'"), () => undefined);
    expect(a.seen.filter((s) => s.startsWith('notify'))).toEqual(['notify:jobs']);
    expect(b.seen.filter((s) => s.startsWith('notify'))).toEqual([]);
  });

  it('rolls back the transaction of a connection that went away holding it, then serves the others', async () => {
    const a = recorder();
    const b = recorder();
    await mux.enqueue(1, queryMessage('BEGIN'), a.write);
    const waiting = mux.enqueue(2, queryMessage('SELECT 2'), b.write);
    await mux.clearTransactionIfNeeded(1);
    await waiting;
    expect(db.received).toEqual(['BEGIN', '<sync>', 'ROLLBACK', 'SELECT 2']);
    expect(mux.owner).toBeNull();
  });

  it('refuses new requests once stopped, and fails the ones still queued', async () => {
    await mux.enqueue(1, queryMessage('BEGIN'), () => undefined);
    const queued = mux.enqueue(2, queryMessage('SELECT 2'), () => undefined);
    mux.stop();
    await expect(queued).rejects.toThrow('shutting down');
    await expect(mux.enqueue(3, queryMessage('SELECT 3'), () => undefined)).rejects.toThrow('shutting down');
  });
});
