#!/usr/bin/env node
// `npm run bench:import`: the survey import (`importSurveyResults`) of the largest allowed file, and what it does to a
// one-line update of the same case sent while it runs, beside the same update's latency with no import (the baseline,
// measured in the same run, in alternating rounds). Issue 10, item 14: the largest file imports in well under 2 s and
// never holds other writes to its case for more than a moment.
//
//  1. builds the API (`nx run api:build`; BENCH_SKIP_BUILD=1 skips), drops and recreates the database `cg_bench_import`,
//     migrates it with the built CLI, creates a police unit and its coordinator (SQL), and starts the real API (dist
//     main.js, NODE_ENV=production, LOG_LEVEL=warn, the node flags of tools/node-flags.mjs) with a body limit large enough
//     for the importer's own row limit (HTTP_BODY_LIMIT_BYTES=2 MiB).
//  2. two files: the largest that passes the default body limit (102,400 bytes of request, realistic rows: area names
//     with Polish letters, two percent indicators, past days), and the importer's limit (SURVEY_MAX_ROWS = 5,000 rows).
//  3. for each file, BENCH_ROUNDS rounds, each on a fresh case (openCase, two defineIndicator; not timed):
//       baseline  BENCH_UPDATES sequential `updateCase` calls (a new title, the version just read: the update takes
//                 the case's row lock, the strictest of the one-line writes), no import running;
//       import    the import alone (request sent → answer received);
//       together  the import sent, and `updateCase` calls sent one after another on the same case for as long as the
//                 import runs (the first leaves with the import); every update that started before the import answered
//                 counts. Reported: import time, the updates' p50 and max, and how many overlapped.
//     Each answer is checked (no GraphQL errors, `imported` = rows of the file, every update applied).
//  4. prints the table (medians over rounds of each figure; max = the largest over all rounds) and writes
//     bench/results/import-<time>.json.
//
// Env: BENCH_DATABASE_URL (server, default postgres://postgres@127.0.0.1:5432), BENCH_DB (cg_bench_import), BENCH_ROUNDS (5),
// BENCH_UPDATES (20), BENCH_SKIP_BUILD, BENCH_API_STDERR (copy the API's stderr to the bench's), REDIS_URL (redis://127.0.0.1:6379).
import { execSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Algorithm, hash } from '@node-rs/argon2';
import { NODE_FLAGS } from '../tools/node-flags.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SERVER_URL = (process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const DB = process.env.BENCH_DB ?? 'cg_bench_import';
const DATABASE_URL = `${SERVER_URL}/${DB}`;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const UPDATES = Math.max(1, Number(process.env.BENCH_UPDATES ?? 20));
const DIST = path.join(root, 'dist/apps/api/apps/api/src');
const PASSWORD = 'bench-Haslo-do-pomiarow-2026';
const EMAIL = 'koordynator@bench-import.test';
const JWT_SECRET = 'bench-jwt-secret-0123456789-abcdefghijkl';
/** The default HTTP_BODY_LIMIT_BYTES (libs/server/config/src/config.schema.ts). */
const DEFAULT_BODY_LIMIT = 102_400;
/** SURVEY_MAX_ROWS (libs/server/indicators/src/csv.ts). */
const SURVEY_MAX_ROWS = 5000;
const HEADER = 'indicator_code,area,positive_percent,sample_size,measured_on';
const TARGET_IMPORT_MS = 2000;

const log = (message) => process.stdout.write(`[bench] ${elapsed()} ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const started = Date.now();
const elapsed = () => `${String(Math.round((Date.now() - started) / 1000)).padStart(3)}s`;
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.floor((sorted.length - 1) / 2)];
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value) => (value === null ? '–' : value.toFixed(0));

let api = null;

async function main() {
  if (!process.env.BENCH_SKIP_BUILD) {
    log('building the API (nx run api:build)…');
    execSync('npx nx run api:build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  await recreateDatabase();
  log(`migrating ${DB}…`);
  const migrate = spawnSync(process.execPath, [path.join(DIST, 'cli/migrate.js')], { cwd: root, env: serverEnv(), encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`migration failed:\n${migrate.stdout}\n${migrate.stderr}`);
  await seedCoordinator();
  api = await startApi();
  const token = await login();

  const today = todayInWarsaw();
  const files = [
    { key: 'default-body-limit', label: `largest under the default body limit (${DEFAULT_BODY_LIMIT} B)`, csv: largestUnder(DEFAULT_BODY_LIMIT, today) },
    { key: 'max-rows', label: `the importer's limit (${SURVEY_MAX_ROWS} rows)`, csv: survey(SURVEY_MAX_ROWS, today) },
  ];
  const results = { startedAt: new Date(started).toISOString(), machine: machine(), settings: { rounds: ROUNDS, updates: UPDATES, nodeFlags: NODE_FLAGS }, files: [] };
  for (const file of files) {
    const rows = file.csv.trimEnd().split('\n').length - 1;
    const bytes = Buffer.byteLength(body(IMPORT, { input: { caseId: '00000000-0000-0000-0000-000000000000', csv: file.csv, sourceNote: '' } }));
    log(`file ${file.label}: ${rows} rows, request ${bytes} bytes`);
    const rounds = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate the order of baseline and import so that whatever else the machine does weighs on both alike.
      const measured = {};
      const order = round % 2 ? ['baseline', 'import', 'together'] : ['together', 'import', 'baseline'];
      for (const what of order) measured[what] = await MEASURE[what](token, file.csv, rows);
      rounds.push({ round, loadAverage: loadAverage(), ...measured });
      log(`  round ${round}: import ${ms(measured.import.importMs)} ms; update alone p50 ${ms(measured.baseline.p50)} max ${ms(measured.baseline.max)} ms; ` +
        `update during import p50 ${ms(measured.together.p50)} max ${ms(measured.together.max)} ms (${measured.together.overlapped} overlapped, import ${ms(measured.together.importMs)} ms)`);
    }
    results.files.push({ key: file.key, label: file.label, rows, requestBytes: bytes, rounds, summary: summariseFile(rounds) });
  }
  await api.stop();
  api = null;

  const text = table(results);
  process.stdout.write(`\n${text}\n`);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  const out = path.join(here, 'results', `import-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify(results, null, 2));
  log(`results written to ${path.relative(root, out)}`);
}

// --- what is measured ----------------------------------------------------------------------------------------------

const IMPORT = 'mutation Import($input: ImportSurveyInput!) { importSurveyResults(input: $input) { imported indicators { id latestValue } } }';
const UPDATE = 'mutation Update($input: UpdateCaseInput!) { updateCase(input: $input) { id version } }';

const MEASURE = {
  /** BENCH_UPDATES one-line updates of a case, one after another, with no import running. */
  async baseline(token) {
    const kase = await freshCase(token);
    const latencies = [];
    for (let i = 0; i < UPDATES; i++) latencies.push(await updateOnce(token, kase, i));
    return { updates: latencies.length, p50: percentile(latencies, 50), max: Math.max(...latencies), latencies };
  },
  /** The import alone. */
  async import(token, csv, rows) {
    const kase = await freshCase(token);
    const t = performance.now();
    await importFile(token, kase.id, csv, rows);
    return { importMs: performance.now() - t };
  },
  /** The import, and updates of the same case one after another for as long as it runs. */
  async together(token, csv, rows) {
    const kase = await freshCase(token);
    let importDone = false;
    const t = performance.now();
    const importing = importFile(token, kase.id, csv, rows).then(() => {
      importDone = true;
      return performance.now() - t;
    });
    const latencies = [];
    // The first update leaves together with the import; each next one as soon as the previous answered.
    for (let i = 0; !importDone; i++) {
      const startedBeforeEnd = !importDone;
      const latency = await updateOnce(token, kase, i);
      if (startedBeforeEnd) latencies.push(latency);
    }
    const importMs = await importing;
    return { importMs, overlapped: latencies.length, p50: percentile(latencies, 50), max: latencies.length ? Math.max(...latencies) : null, latencies };
  },
};

async function freshCase(token) {
  const opened = await gql(token, 'mutation Open($input: OpenCaseInput!) { openCase(input: $input) { id version } }', {
    input: { title: 'Sondaż mieszkańców osiedla Piaski', type: 'SOCIAL_TENSION', area: { district: 'Piaski' }, diagnosis: { what: 'poczucie bezpieczeństwa' } },
  });
  const kase = opened.openCase;
  for (const code of ['SAFE_AFTER_DARK', 'POLICE_CONFIDENCE']) {
    await gql(token, 'mutation Define($input: DefineIndicatorInput!) { defineIndicator(input: $input) { id } }', {
      input: { caseId: kase.id, catalogueCode: code, baselineValue: 35, baselineDate: addDays(todayInWarsaw(), -400), targetValue: 60, targetDate: addDays(todayInWarsaw(), 200) },
    });
  }
  return kase;
}

async function updateOnce(token, kase, i) {
  const t = performance.now();
  const data = await gql(token, UPDATE, { input: { id: kase.id, version: kase.version, title: `Sondaż mieszkańców osiedla Piaski (${i})` } });
  const latency = performance.now() - t;
  if (data.updateCase.version !== kase.version + 1) throw new Error(`updateCase answered version ${data.updateCase.version} after ${kase.version}`);
  kase.version = data.updateCase.version;
  return latency;
}

async function importFile(token, caseId, csv, rows) {
  const data = await gql(token, IMPORT, { input: { caseId, csv, sourceNote: 'Sondaż 2026' } });
  if (data.importSurveyResults.imported !== rows) throw new Error(`imported ${data.importSurveyResults.imported} of ${rows} rows`);
}

// --- the files -------------------------------------------------------------------------------------------------------

const AREAS = ['Piaski – bloki 40–48', 'Piaski – ul. Jagiellońska', 'Osiedle Młodych – garaże', 'Centrum – dworzec', 'Bukowiec – szkoła', 'Przy Lesie – plac zabaw'];

function row(i, today) {
  return `${i % 2 ? 'POLICE_CONFIDENCE' : 'SAFE_AFTER_DARK'},${AREAS[i % AREAS.length]} ${1 + (i % 60)},${(10 + (i % 900) / 10).toFixed(1)},${100 + (i % 400)},${addDays(today, -(i % 365))}`;
}

function survey(rows, today) {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) lines.push(row(i, today));
  return `${lines.join('\n')}\n`;
}

/** The most rows whose whole request (JSON, as the client sends it) stays within `limit` bytes. */
function largestUnder(limit, today) {
  let low = 1;
  let high = SURVEY_MAX_ROWS;
  const size = (n) => Buffer.byteLength(body(IMPORT, { input: { caseId: '00000000-0000-0000-0000-000000000000', csv: survey(n, today), sourceNote: 'Sondaż 2026' } }));
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (size(mid) <= limit) low = mid;
    else high = mid - 1;
  }
  return survey(low, today);
}

// --- plumbing --------------------------------------------------------------------------------------------------------

function body(query, variables) {
  return JSON.stringify({ query, variables });
}

async function gql(token, query, variables) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body(query, variables),
  });
  const answer = await response.json();
  if (answer.errors) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors).slice(0, 2000)}`);
  return answer.data;
}

async function login() {
  const data = await gql(null, 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { email: EMAIL, password: PASSWORD } });
  return data.login.accessToken;
}

function todayInWarsaw() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function serverEnv(extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    JWT_SECRET,
    JWT_ACCESS_TTL_SECONDS: '3600',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: 'cgbench-import',
    HTTP_HOST: '127.0.0.1',
    HTTP_BODY_LIMIT_BYTES: String(2 * 1024 * 1024),
    // The benchmark measures imports and updates, not refusals: rate limits out of the way (as in cases.bench.mjs).
    RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000',
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '1000000',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
    ...extra,
  };
}

async function recreateDatabase() {
  const admin = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await admin.connect();
  log(`recreating database ${DB}…`);
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
}

async function seedCoordinator() {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const passwordHash = await hash(PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  await client.query(`INSERT INTO organisations (id, name, code, kind, area) VALUES (md5('bench-import')::uuid, 'Komenda Powiatowa Policji (benchmark)', 'BIMP', 'POLICE_UNIT', 'powiat')`);
  await client.query(
    `INSERT INTO users (organisation_id, email, display_name, password_hash, roles, locale) VALUES (md5('bench-import')::uuid, $1, 'Koordynator (benchmark)', $2, '{COORDINATOR,STAFF}', 'pl')`,
    [EMAIL, passwordHash],
  );
  await client.end();
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startApi() {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, path.join(DIST, 'main.js')], { cwd: root, env: serverEnv({ HTTP_PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  if (process.env.BENCH_API_STDERR) child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  process.on('exit', () => {
    if (!exited) child.kill('SIGKILL');
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`the API exited while starting:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the API did not start in 60 s:\n${output}`);
    try {
      const response = await fetch(`${url}/health/live`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return {
    url,
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([done, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return { node: process.version, cpus: (cpuinfo.match(/^processor/gm) ?? []).length, cpu: cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1], psql: spawnSync('psql', ['--version'], { encoding: 'utf8' }).stdout?.trim(), loadAverageAtStart: loadAverage() };
}

function summariseFile(rounds) {
  const all = (what, field) => rounds.map((r) => r[what][field]).filter((v) => v !== null);
  return {
    importMs: median(all('import', 'importMs')),
    importWithUpdatesMs: median(all('together', 'importMs')),
    updateAloneP50Ms: median(all('baseline', 'p50')),
    updateAloneMaxMs: Math.max(...all('baseline', 'max')),
    updateDuringImportP50Ms: median(all('together', 'p50')),
    updateDuringImportMaxMs: Math.max(...all('together', 'max')),
    updatesOverlapped: all('together', 'overlapped').reduce((a, b) => a + b, 0),
  };
}

function table(results) {
  const header = ['file', 'rows', 'import ms', 'import ms (with updates)', 'update alone p50 / max ms', 'update during import p50 / max ms', 'overlapped', 'import < 2 s'];
  const rows = results.files.map((f) => [
    f.label,
    String(f.rows),
    ms(f.summary.importMs),
    ms(f.summary.importWithUpdatesMs),
    `${ms(f.summary.updateAloneP50Ms)} / ${ms(f.summary.updateAloneMaxMs)}`,
    `${ms(f.summary.updateDuringImportP50Ms)} / ${ms(f.summary.updateDuringImportMaxMs)}`,
    String(f.summary.updatesOverlapped),
    f.summary.importMs < TARGET_IMPORT_MS && f.summary.importWithUpdatesMs < TARGET_IMPORT_MS ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [
    `Survey import (medians of ${ROUNDS} rounds; max over all rounds; updateCase on the same case, ${UPDATES} sequential for the baseline)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `load average at start ${results.machine.loadAverageAtStart.join(', ')}; ${results.machine.cpus} CPUs (${results.machine.cpu}); ${results.machine.node}`,
  ].join('\n');
}

main().catch(async (error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  await api?.stop();
  process.exit(1);
});
