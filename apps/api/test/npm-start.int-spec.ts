import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm start` as a user (or a process manager) runs it, on the embedded default: the output is readable and ends
 * with the banner once the demo's events are worked off; SIGTERM or SIGINT to npm, or to tools/up.mjs, stops every
 * process it started (by pid) and closes every port. Each wait is on an event (output, exit) or a condition, never a
 * fixed delay; the ceilings are jest's.
 */

const ROOT = join(__dirname, '..', '..', '..');
const BANNER_END = 'Ctrl+C stops everything.';

jest.setTimeout(420_000);

interface Started {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  banner: Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function startNpm(env: NodeJS.ProcessEnv): Started {
  // Its own process group, so that whatever is left can be cleaned up by group id if an assertion fails.
  const npm = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const keep = (data: Buffer) => {
    text += data.toString('utf8');
    for (const listener of listeners) listener();
  };
  npm.stdout?.on('data', keep);
  npm.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm.once('exit', (code, signal) => resolve({ code, signal })));
  const banner = new Promise<void>((resolve, reject) => {
    const check = () => text.includes(BANNER_END) && resolve();
    listeners.add(check);
    void exited.then(({ code, signal }) => reject(new Error(`npm start ended before its banner (${signal ?? `exit ${code}`}):\n${text.slice(-20_000)}`)));
  });
  return { npm, output: () => text, exited, banner };
}

/** Every process below `pid`, with its command line. */
function descendants(pid: number): { pid: number; command: string }[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), command: m[3] ?? '' }));
  const found: { pid: number; command: string }[] = [];
  const walk = (parent: number) => {
    for (const row of table.filter((r) => r.ppid === parent)) {
      found.push({ pid: row.pid, command: row.command });
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

/** Running: exists and is not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  let tempDir: string;
  let env: NodeJS.ProcessEnv;
  let ports: { http: number; worker: number };
  const started: Started[] = [];

  beforeAll(async () => {
    tempDir = mkdtempSync(join(tmpdir(), 'cg-npm-start-'));
    ports = { http: await freePort(), worker: await freePort() };
    env = { ...process.env };
    // Whatever earlier test files of this Jest worker set: npm start must choose the embedded default itself.
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'QUEUE_BACKEND', 'QUEUE_PREFIX', 'DATABASE_POOL_SIZE', 'NODE_ENV', 'LOG_LEVEL', 'JWT_SECRET', 'PUBLIC_URL', 'SMTP_URL']) delete env[key];
    Object.assign(env, {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(ports.http),
      WORKER_HEALTH_PORT: String(ports.worker),
      PGLITE_DATA_DIR: join(tempDir, 'pglite'),
      MAIL_DIR: join(tempDir, 'mail'),
      NX_DAEMON: 'false',
      // npm test built it; a rebuild here would rewrite dist/ under the other test files running the built API.
      START_SKIP_BUILD: '1',
    });
  });

  afterAll(() => {
    // Whatever a failed run left behind, by the process group npm start was given (orphans keep it).
    for (const run of started) {
      try {
        if (run.npm.pid) process.kill(-run.npm.pid, 'SIGKILL');
      } catch {
        // the group is empty: everything stopped
      }
    }
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });

  /** Starts npm start, waits for the banner, sends `signal` to `target`, and checks that everything is gone. */
  async function startAndStop(target: 'npm' | 'up.mjs', signal: NodeJS.Signals, onBanner?: (run: Started) => Promise<void>): Promise<void> {
    const run = startNpm(env);
    started.push(run);
    await run.banner;
    const npmPid = run.npm.pid!;
    const processes = descendants(npmPid);
    const up = processes.find((p) => /node tools\/up\.mjs/.test(p.command));
    const api = processes.find((p) => /apps\/api\/src\/main\.js/.test(p.command));
    const worker = processes.find((p) => /apps\/worker\/src\/main\.js/.test(p.command));
    const database = processes.find((p) => /embedded-postgres-server\.mjs/.test(p.command));
    expect({ up: !!up, api: !!api, worker: !!worker, database: !!database }).toEqual({ up: true, api: true, worker: true, database: true });
    const databasePort = Number(/PGlite\) on postgres:\/\/postgres@127\.0\.0\.1:(\d+)\//.exec(run.output())?.[1]);
    expect(databasePort).toBeGreaterThan(0);
    for (const port of [ports.http, ports.worker, databasePort]) expect(await portOpen(port)).toBe(true);
    await onBanner?.(run);

    process.kill(target === 'npm' ? npmPid : up!.pid, signal);
    const { code, signal: killedBy } = await run.exited;
    const left = [{ pid: npmPid, command: 'npm start' }, ...processes].filter((p) => alive(p.pid));
    expect(left).toEqual([]);
    for (const port of [ports.http, ports.worker, databasePort]) expect(await portOpen(port)).toBe(false);
    expect(run.output()).toContain('✓ Stopped.');
    expect(killedBy === null ? code : 0).toBe(0);
  }

  it('prints readable log lines and ends with the banner once the demo’s events are worked off; SIGTERM to npm stops everything', async () => {
    await startAndStop('npm', 'SIGTERM', async (run) => {
      const output = run.output();
      const banner = output.lastIndexOf('CommonGround is up.');
      expect(banner).toBeGreaterThan(0);
      const before = output.slice(0, banner);
      const after = output.slice(banner);
      // The banner is the end of the output: nothing was printed after it…
      expect(after.trimEnd().endsWith(BANNER_END)).toBe(true);
      expect(after).not.toMatch(/^(api|worker) +│/m);
      // The web app's address comes first, and it answers the web app (the page, then its script).
      const web = `http://127.0.0.1:${ports.http}/`;
      expect(after.indexOf(`Open:          ${web}`)).toBeGreaterThan(0);
      expect(after.indexOf(`Open:          ${web}`)).toBeLessThan(after.indexOf('GraphQL API:'));
      const page = await fetch(web);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      const script = html.match(/<script type="module"[^>]*src="([^"]+)"/)?.[1];
      expect(script).toMatch(/^\/assets\/.+\.js$/);
      expect((await fetch(new URL(script!, web))).status).toBe(200);
      // …and nothing more is coming from the demo: every event relayed, no job waiting or running.
      const ready = (await (await fetch(`http://127.0.0.1:${ports.worker}/health/ready`)).json()) as {
        outboxBacklog: number;
        queues: Record<string, { waiting: number; active: number }>;
      };
      expect(ready.outboxBacklog).toBe(0);
      expect(Object.entries(ready.queues).filter(([, q]) => q.waiting + q.active > 0)).toEqual([]);
      // The demo's e-mails were written before the banner, without a log line each.
      expect(readdirSync(join(tempDir, 'mail')).filter((f) => f.endsWith('.eml')).length).toBeGreaterThan(0);
      expect(before).not.toContain('e-mail written to');
      // Readable lines from both services, no JSON.
      const serviceLines = before.split('\n').filter((line) => /^(api|worker) +│ /.test(line));
      expect(serviceLines.some((line) => /^worker +│ .*INFO.*Workers running/.test(line))).toBe(true);
      expect(serviceLines.some((line) => /^api +│ .*INFO.*listening on/.test(line))).toBe(true);
      expect(serviceLines.filter((line) => /│ \{"level"/.test(line))).toEqual([]);
      expect(before).not.toMatch(/^\{"level"/m);
    });
  });

  it('SIGINT to npm stops everything', async () => {
    await startAndStop('npm', 'SIGINT');
  });

  it('SIGTERM to tools/up.mjs stops everything', async () => {
    await startAndStop('up.mjs', 'SIGTERM');
  });
});
