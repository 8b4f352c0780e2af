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
import { execSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { apiDist, BENCH_PASSWORD, gql as request, gqlBody as body, login, runCli, serverEnv as apiEnv, startServer } from './lib/api.mjs';
import { startClock } from './lib/clock.mjs';
import { hashPassword, recreateDatabase, SERVER_URL } from './lib/database.mjs';
import { loadAverage, machine } from './lib/machine.mjs';
import { freePort } from './lib/net.mjs';
import { writeResults } from './lib/results.mjs';
import { median, percentile } from './lib/stats.mjs';
import { NODE_FLAGS } from '../tools/node-flags.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const DB = process.env.BENCH_DB ?? 'cg_bench_import';
const DATABASE_URL = `${SERVER_URL}/${DB}`;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const UPDATES = Math.max(1, Number(process.env.BENCH_UPDATES ?? 20));
const DIST = apiDist(root);
const EMAIL = 'koordynator@bench-import.test';
/** The default HTTP_BODY_LIMIT_BYTES (libs/server/config/src/config.schema.ts). */
const DEFAULT_BODY_LIMIT = 102_400;
/** SURVEY_MAX_ROWS (libs/server/indicators/src/csv.ts). */
const SURVEY_MAX_ROWS = 5000;
const HEADER = 'indicator_code,area,positive_percent,sample_size,measured_on';
const TARGET_IMPORT_MS = 2000;

const { started, log } = startClock('bench');
const ms = (value) => (value === null ? '–' : value.toFixed(0));

let api = null;

async function main() {
  if (!process.env.BENCH_SKIP_BUILD) {
    log('building the API (nx run api:build)…');
    execSync('npx nx run api:build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  log(`recreating database ${DB}…`);
  await recreateDatabase(SERVER_URL, DB);
  log(`migrating ${DB}…`);
  runCli(path.join(DIST, 'cli/migrate.js'), { cwd: root, env: serverEnv(), label: 'migration' });
  await seedCoordinator();
  const port = await freePort();
  api = await startServer({ name: 'the API', args: [...NODE_FLAGS, path.join(DIST, 'main.js')], cwd: root, env: serverEnv({ HTTP_PORT: String(port) }), port, echoStderr: Boolean(process.env.BENCH_API_STDERR) });
  const token = await login(api.url, EMAIL);

  const today = todayInWarsaw();
  const files = [
    { key: 'default-body-limit', label: `largest under the default body limit (${DEFAULT_BODY_LIMIT} B)`, csv: largestUnder(DEFAULT_BODY_LIMIT, today) },
    { key: 'max-rows', label: `the importer's limit (${SURVEY_MAX_ROWS} rows)`, csv: survey(SURVEY_MAX_ROWS, today) },
  ];
  const results = { startedAt: new Date(started).toISOString(), machine: { ...machine(), loadAverageAtStart: loadAverage() }, settings: { rounds: ROUNDS, updates: UPDATES, nodeFlags: NODE_FLAGS }, files: [] };
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
  await api.stop(15_000);
  api = null;

  const text = table(results);
  process.stdout.write(`\n${text}\n`);
  const out = writeResults('import', started, JSON.stringify(results, null, 2));
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

const gql = (token, query, variables) => request(api.url, query, variables, token);

function todayInWarsaw() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The body limit large enough for the importer's own row limit (the largest file under the default is measured too). */
const serverEnv = (extra = {}) => apiEnv({ databaseUrl: DATABASE_URL, queuePrefix: 'cgbench-import' }, { HTTP_BODY_LIMIT_BYTES: String(2 * 1024 * 1024), ...extra });

async function seedCoordinator() {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await client.query(`INSERT INTO organisations (id, name, code, kind, area) VALUES (md5('bench-import')::uuid, 'Komenda Powiatowa Policji (benchmark)', 'BIMP', 'POLICE_UNIT', 'powiat')`);
  await client.query(
    `INSERT INTO users (organisation_id, email, display_name, password_hash, roles, locale) VALUES (md5('bench-import')::uuid, $1, 'Koordynator (benchmark)', $2, '{COORDINATOR,STAFF}', 'pl')`,
    [EMAIL, passwordHash],
  );
  await client.end();
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
  await api?.stop(15_000);
  process.exit(1);
});
