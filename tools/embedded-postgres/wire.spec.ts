import { buildStartup, isStartupMessage, listenCommands, parseOptions, parseStartup, queryMessage, quoteIdent, quoteLiteral, sqlOf, TYPE } from './wire';

/** A Parse message as `pg` sends it: name, SQL, no parameter types. */
function parseMessage(name: string, sql: string): Uint8Array {
  const body = Buffer.concat([Buffer.from(`${name}\0${sql}\0`), Buffer.from([0, 0])]);
  const message = Buffer.alloc(5 + body.length);
  message[0] = TYPE.Parse;
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return new Uint8Array(message);
}

describe('the embedded server’s wire helpers', () => {
  it('reads back the parameters of a startup packet it built, and knows it from other messages', () => {
    const params = { user: 'postgres', database: 'cg', application_name: 'BullMQ', options: '-c search_path=bull' };
    const startup = buildStartup(params);
    expect(isStartupMessage(startup)).toBe(true);
    expect(parseStartup(startup)).toEqual(params);
    expect(isStartupMessage(queryMessage('SELECT 1'))).toBe(false);
  });

  it('splits startup options as the server does: -c, --name, backslash escapes, dashes in names', () => {
    const settings = parseOptions('-c search_path=bull\\ queue,public  -cstatement_timeout=5s --work-mem=4MB -c bogus -c 1bad=x');
    expect(Object.fromEntries(settings)).toEqual({ search_path: 'bull queue,public', statement_timeout: '5s', work_mem: '4MB' });
    expect(parseOptions('').size).toBe(0);
  });

  it('finds the SQL of a simple query and of a Parse message, and none in others', () => {
    expect(sqlOf(queryMessage('SELECT 1'))).toBe('SELECT 1');
    expect(sqlOf(parseMessage('s1', 'SELECT $1::int'))).toBe('SELECT $1::int');
    expect(sqlOf(parseMessage('', 'LISTEN jobs'))).toBe('LISTEN jobs');
    expect(sqlOf(new Uint8Array([TYPE.Sync, 0, 0, 0, 4]))).toBeNull();
  });

  it('finds LISTEN and UNLISTEN commands, not words inside strings or comments', () => {
    expect(listenCommands('LISTEN Jobs; listen "Mixed ""Case"""; UNLISTEN *')).toEqual([
      ['LISTEN', 'jobs'],
      ['LISTEN', 'Mixed "Case"'],
      ['UNLISTEN', '*'],
    ]);
    expect(listenCommands("SELECT 'LISTEN x' -- LISTEN y\n/* UNLISTEN z */")).toEqual([]);
    expect(listenCommands('SELECT pg_notify($1, $2)')).toEqual([]);
  });

  it('quotes identifiers and literals with their quotes doubled', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });
});
