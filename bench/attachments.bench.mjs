#!/usr/bin/env node
// `npm run bench:attachments`: uploading and downloading a 20 MB file through the built API keeps its memory flat
// (issue 16, item 1). Prints the API process's resident memory (RSS, sampled every 10 ms from /proc) before, during
// and after a small upload (100 kB, the reference), a 20 MB upload and download, and the same at 100 MB, with
// throughput. V8 frees a stream's chunks lazily, so any streamed transfer grows RSS by a bounded working set (some
// tens of MB, whatever the size); a file held whole would grow it by its size. Exit code 1 when the peak of the
// 100 MB transfers exceeds that of the 20 MB ones by more than BENCH_FLAT_MB (16 MB; holding the file would add 80).
//
//  1. builds api when dist/ is missing (BENCH_BUILD=1 always builds); a fresh database on the shared PostgreSQL
//     (BENCH_DATABASE_URL), migrated and seeded with the demo by the built CLIs; attachments in a temporary directory.
//  2. starts the built API (NODE_ENV=production) and signs in as the demo's neighbourhood officer, who attaches to her
//     own update on the Piaski case.
//  3. the client streams too (multipart body generated chunk by chunk, download read and hashed as it arrives), so
//     that the figures are the API's; the download's sha256 must equal the upload's.
//
// Env: BENCH_SIZE_MB (20), BENCH_FLAT_MB (16), BENCH_BUILD, BENCH_DATABASE_URL.
import { execSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { apiDist, runCli, serverEnv, startServer } from './lib/api.mjs';
import { recreateDatabase, SERVER_URL } from './lib/database.mjs';
import { freePort } from './lib/net.mjs';
import { sleep } from './lib/clock.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SIZE_MB = Number(process.env.BENCH_SIZE_MB ?? 20);
const FLAT_MB = Number(process.env.BENCH_FLAT_MB ?? 16);
const DEMO_PASSWORD = 'Legionowo-demo-2026';
const OFFICER = 'a.wisniewska@kpp-legionowo.test';

if (process.env.BENCH_BUILD === '1' || !existsSync(path.join(apiDist(root), 'main.js'))) {
  execSync('node node_modules/nx/dist/bin/nx.js run api:build --output-style=static', { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
}

const rssOf = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Samples the RSS of `pid` while `fn` runs: RSS before, peak during, RSS after (MB). */
async function measured(pid, fn) {
  const before = rssOf(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 10);
  const started = performance.now();
  try {
    const result = await fn();
    await sleep(50);
    peak = Math.max(peak, rssOf(pid));
    return { before, peak, after: rssOf(pid), ms: performance.now() - started, result };
  } finally {
    clearInterval(timer);
  }
}

/** A streamed multipart upload of `size` bytes (a PDF header, then random bytes), generated as it is sent. */
function upload(base, token, updateId, size) {
  const boundary = `----cgbench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-${size}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/attachments?parent=UPDATE&parentId=${updateId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length },
    });
    request.on('response', (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (response.statusCode !== 201) reject(new Error(`upload answered ${response.statusCode}: ${JSON.stringify(body)}`));
        else resolve({ ...body, sent: hash.digest('hex') });
      });
    });
    request.on('error', reject);
    request.write(head);
    let left = size;
    const first = Buffer.from('%PDF-1.7\n');
    const write = () => {
      while (left > 0) {
        const chunk = left === size ? Buffer.concat([first, randomBytes(Math.min(64 * 1024, left) - first.length)]) : randomBytes(Math.min(64 * 1024, left));
        left -= chunk.length;
        hash.update(chunk);
        if (!request.write(chunk)) return void request.once('drain', write);
      }
      request.end(tail);
    };
    write();
  });
}

/** Downloads through the signed link (with the bearer token of the session it was made for), hashing as it arrives. */
function download(base, token, url) {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`download answered ${response.statusCode}`));
        const hash = createHash('sha256');
        let bytes = 0;
        response.on('data', (chunk) => {
          bytes += chunk.length;
          hash.update(chunk);
        });
        response.on('end', () => resolve({ bytes, sha256: hash.digest('hex') }));
      })
      .on('error', reject);
  });
}

const db = 'cg_bench_attachments';
await recreateDatabase(SERVER_URL, db);
const databaseUrl = `${SERVER_URL}/${db}`;
const files = mkdtempSync(path.join(os.tmpdir(), 'cg-bench-attachments-'));
const port = await freePort();
const env = serverEnv(
  { databaseUrl, queuePrefix: `cgba-${randomBytes(3).toString('hex')}` },
  { HTTP_PORT: String(port), ATTACHMENTS_DIR: files, ATTACHMENTS_MAX_BYTES: String((SIZE_MB * 5 + 5) * 1024 * 1024), OUTBOX_RELAY: 'off', DEMO: undefined },
);
runCli(path.join(apiDist(root), 'cli/migrate.js'), { cwd: root, env });
runCli(path.join(apiDist(root), 'cli/seed.js'), { cwd: root, env: { ...env, NODE_ENV: 'development' } });
const api = await startServer({ name: 'api', args: [path.join(apiDist(root), 'main.js')], cwd: root, env, port });
const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
try {
  const login = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }', variables: { input: { email: OFFICER, password: DEMO_PASSWORD } } }),
  }).then((r) => r.json());
  const token = login.data.login.accessToken;
  const {
    rows: [update],
  } = await client.query(`SELECT u.id FROM case_updates u JOIN users a ON a.id = u.author_id WHERE a.email = $1 AND u.visibility = 'PARTNERS' ORDER BY u.created_at LIMIT 1`, [OFFICER]);
  const pid = api.child.pid;
  // Warm-up (first requests load code), then let the heap settle.
  await upload(api.url, token, update.id, 100 * 1024);
  await sleep(1000);
  const idle = await measured(pid, () => sleep(500));
  const small = await measured(pid, () => upload(api.url, token, update.id, 100 * 1024));
  const smallDown = await measured(pid, () => download(api.url, token, small.result.downloadUrl));
  /** Upload then download of `mb` MB, the download checked against the upload. */
  const transfer = async (mb) => {
    const size = mb * 1024 * 1024;
    const up = await measured(pid, () => upload(api.url, token, update.id, size));
    const down = await measured(pid, () => download(api.url, token, up.result.downloadUrl));
    if (down.result.sha256 !== up.result.sent || down.result.bytes !== size) throw new Error('the download is not the file uploaded');
    return { mb, up, down, peak: Math.max(up.peak, down.peak) };
  };
  const big = await transfer(SIZE_MB);
  // The same at five times the size: a file held whole (or a buffer growing with it) would show here as ~4 × SIZE_MB more.
  const huge = await transfer(SIZE_MB * 5);
  await sleep(500);
  const after = rssOf(pid);
  const mb = (value) => value.toFixed(1).padStart(8);
  const rate = (m, size) => (m.ms > 0 ? `${(size / (m.ms / 1000)).toFixed(1)} MB/s` : '');
  console.log(`\nAPI RSS (MB), sampled every 10 ms; files streamed both ways, sha256 checked\n`);
  console.log('phase                      before    peak   after    time');
  const row = (name, m, extra = '') => console.log(`${name.padEnd(24)}${mb(m.before)}${mb(m.peak)}${mb(m.after)}  ${String(Math.round(m.ms)).padStart(6)} ms ${extra}`);
  row('idle', idle);
  row('upload 100 kB', small);
  row('download 100 kB', smallDown);
  for (const t of [big, huge]) {
    row(`upload ${t.mb} MB`, t.up, rate(t.up, t.mb));
    row(`download ${t.mb} MB`, t.down, rate(t.down, t.mb));
  }
  console.log(`after                   ${mb(after)}`);
  const reference = Math.max(small.peak, smallDown.peak);
  console.log(`\npeak during the ${SIZE_MB} MB transfers − peak during the 100 kB ones: ${(big.peak - reference).toFixed(1)} MB`);
  console.log(`peak during the ${SIZE_MB * 5} MB transfers − peak during the 100 kB ones: ${(huge.peak - reference).toFixed(1)} MB`);
  console.log('(V8 frees the 64 kB chunks of a stream lazily, after some tens of MB of them: the growth is a bounded working set)');
  const scaling = huge.peak - big.peak;
  const flat = scaling <= FLAT_MB;
  console.log(`growth from ${SIZE_MB} MB to ${SIZE_MB * 5} MB files: ${scaling.toFixed(1)} MB (limit ${FLAT_MB} MB; a file held whole would add ${SIZE_MB * 4} MB): ${flat ? 'flat' : 'NOT flat'}`);
  process.exitCode = flat ? 0 : 1;
} finally {
  await client.end();
  await api.stop();
  rmSync(files, { recursive: true, force: true });
}
