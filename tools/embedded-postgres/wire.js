// @ts-check
'use strict';
// PostgreSQL wire-protocol helpers of the embedded server (tools/embedded-postgres-server.mjs): reading the
// startup packet and its `options`, the SQL of a Query or Parse message, LISTEN/UNLISTEN in that SQL, and building
// the few messages the multiplexer sends itself. Plain CommonJS so that the server (ESM) and Jest both load it.

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

/** @param {string} name */
function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
/** @param {string} value */
function quoteLiteral(value) {
  return `'${value.replace(/'/g, "''")}'`;
}

module.exports = { TYPE, SYNC, queryMessage, isStartupMessage, readCString, parseStartup, buildStartup, parseOptions, sqlOf, listenCommands, quoteIdent, quoteLiteral };
