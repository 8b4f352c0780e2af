// The processes of the load-and-fault suite (bench/faults.bench.mjs): its own PostgreSQL cluster (initdb in a temporary
// directory, run as the `postgres` OS user when this runs as root), its own Redis (no persistence: a killed Redis loses
// every queued job), and the built API and worker as child processes. Loopback only; never the shared 5432/6379.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sleep } from './lib/clock.mjs';
import { portAnswers } from './lib/net.mjs';
import { exited, killChild, stopChild, tail as tailOf, waitUntilAnswers } from './lib/processes.mjs';
import { NODE_FLAGS } from '../tools/node-flags.mjs';

/** The error messages of this suite quote the last 30 lines of a log. */
const tail = (file, lines = 30) => tailOf(file, lines);

/** The PostgreSQL server binaries (initdb, pg_ctl): PG_BIN, else the newest /usr/lib/postgresql/<n>/bin, else PATH. */
function pgBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(base, versions[0], 'bin');
  }
  return '';
}

/** Runs a PostgreSQL binary as the `postgres` OS user when we are root (initdb and postgres refuse to run as root). */
function pgCommand(binary, args) {
  const file = pgBin() ? path.join(pgBin(), binary) : binary;
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

function runPg(binary, args) {
  const [command, argv] = pgCommand(binary, args);
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A temporary PostgreSQL cluster on a loopback port; `stop()` (fast: connections cut) and `start()` again at will. */
export class PostgresCluster {
  constructor({ dir, port }) {
    this.dir = dir;
    this.port = port;
    this.data = path.join(dir, 'pg');
    this.logFile = path.join(dir, 'postgres.log');
    this.url = `postgres://postgres@127.0.0.1:${port}`;
  }

  init() {
    mkdirSync(this.data, { recursive: true });
    if (process.getuid?.() === 0) {
      const { uid, gid } = postgresUser();
      chownSync(this.dir, uid, gid);
      chownSync(this.data, uid, gid);
    }
    runPg('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    // A throwaway cluster: durability off for speed. client_connection_check_interval: a backend whose client died (a
    // SIGKILLed worker) notices within a second even while it waits for a lock, as a server notices a dead machine.
    const conf = [
      `port = ${this.port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${this.dir}'`,
      'max_connections = 200',
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'client_connection_check_interval = 1000',
      `timezone = 'UTC'`,
    ];
    writeFileSync(path.join(this.data, 'postgresql.conf'), `${readFileSync(path.join(this.data, 'postgresql.conf'), 'utf8')}\n# bench/faults\n${conf.join('\n')}\n`);
  }

  start() {
    runPg('pg_ctl', ['-D', this.data, '-l', this.logFile, '-w', '-t', '60', 'start']);
  }

  /** Fast shutdown: every connection is cut, nothing waits for clients. */
  stop() {
    runPg('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  running() {
    const [command, argv] = pgCommand('pg_ctl', ['-D', this.data, 'status']);
    return spawnSync(command, argv, { encoding: 'utf8' }).status === 0;
  }

  stopQuietly() {
    try {
      if (this.running()) this.stop();
    } catch {
      // already stopped
    }
  }

  logTail(lines) {
    return tail(this.logFile, lines);
  }
}

function postgresUser() {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no `postgres` OS user to run the temporary cluster as (we are root; initdb refuses root)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A Redis of our own with no persistence: SIGKILL loses every key (queued jobs included). */
export class RedisServer {
  constructor({ dir, port }) {
    this.dir = dir;
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
    this.logFile = path.join(dir, 'redis.log');
    this.child = null;
  }

  async start() {
    const fd = openSync(this.logFile, 'a');
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    for (const end = Date.now() + 20_000; !(await portAnswers(this.port)); ) {
      if (exited(this.child)) throw new Error(`redis-server exited:\n${tail(this.logFile)}`);
      if (Date.now() > end) throw new Error(`redis-server did not answer within 20 s:\n${tail(this.logFile)}`);
      await sleep(50);
    }
  }

  async kill() {
    await killChild(this.child, 'SIGKILL');
  }
}

/**
 * The built API or worker (dist main.js) as a child process with the suite's environment. `ready()` waits for
 * `/health/ready` to answer (200, or 200 degraded); its log (JSON, warn and above) goes to a file.
 */
export class Service {
  constructor({ name, main, root, env, port, logDir }) {
    Object.assign(this, { name, main, root, env, port, logDir });
    this.child = null;
    this.generation = 0;
  }

  start() {
    this.generation += 1;
    this.logFile = path.join(this.logDir, `${this.name}-${this.generation}.log`);
    const fd = openSync(this.logFile, 'a');
    this.child = spawn(process.execPath, [...NODE_FLAGS, this.main], { cwd: this.root, env: this.env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.spawnedAt = Date.now();
    return this.child;
  }

  async ready(timeoutMs = 90_000) {
    const logFile = this.logFile;
    return waitUntilAnswers(`http://127.0.0.1:${this.port}/health/ready`, { child: this.child, name: this.name, timeoutMs, intervalMs: 100, output: () => tail(logFile) });
  }

  async kill(signal = 'SIGKILL') {
    await killChild(this.child, signal);
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 20_000) {
    await stopChild(this.child, graceMs);
  }

  logTail(lines) {
    return tail(this.logFile, lines);
  }

  /** Log lines of every generation of this process that pino wrote at level error or fatal (50+). */
  errorLines() {
    const lines = [];
    for (let g = 1; g <= this.generation; g++) {
      const file = path.join(this.logDir, `${this.name}-${g}.log`);
      for (const line of tail(file, 1_000_000).split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          if (JSON.parse(line).level >= 50) lines.push(line);
        } catch {
          // not JSON
        }
      }
    }
    return lines;
  }
}
