#!/usr/bin/env node
// `npm run bench:hotspots`: the map's hotspot grid (`caseHotspots`) on 100,000 cases. Issue 16, item 4: the grid query
// answers in under 100 ms and uses indexes (no PostGIS: `ix_cases_location` on latitude, longitude, created_at, id;
// `ix_case_updates_kind` on kind, created_at, case_id).
//
//  1. builds the API (`nx run api:build`; BENCH_SKIP_BUILD=1 skips), drops and recreates `cg_bench_hotspots`, migrates
//     it with the built CLI, and generates the data set with SQL (generate_series, seconds): 50 police units, each with
//     a coordinator; an analyst; BENCH_CASES cases (100,000), 70 % around ten Polish towns and 30 % spread over Poland,
//     opened over two years, each led by one unit, the measured coordinator's unit a PARTNER on 5 % of them (under an
//     agreement sharing every category); 0–3 INCIDENT updates per case (1.5 on average) of mixed visibility; then
//     VACUUM ANALYZE.
//  2. starts the real API (dist main.js, NODE_ENV=production, LOG_LEVEL=warn) and signs both readers in.
//  3. for each scenario (SCENARIOS: a town and a metropolitan area as the map asks at its usual zoom, for the analyst and
//     the coordinator; the whole country with every case in view, the worst case): BENCH_WARMUP requests, then
//     BENCH_REQUESTS timed `caseHotspots` requests one after another (request sent → answer received, the answer
//     checked); p50, p95, max, and the load average (the machine is shared: read the figures with it).
//  4. the same statements as the API builds them (the built query modules, with each reader's rules) under
//     EXPLAIN (ANALYZE, BUFFERS): the execution time of each and the full plan, printed; and whether the plan reads
//     the location index.
//  5. prints the table and writes bench/results/hotspots-<time>.json. Exit code 1 when a p95 is 100 ms or more, or when
//     the plan of a view narrower than the country does not read `ix_cases_location`.
//
// Env: BENCH_DATABASE_URL (server, default postgres://postgres@127.0.0.1:5432), BENCH_DB (cg_bench_hotspots),
// BENCH_CASES (100000), BENCH_REQUESTS (30), BENCH_WARMUP (3), BENCH_SKIP_BUILD, BENCH_API_STDERR, REDIS_URL.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { apiDist, BENCH_PASSWORD, gql, login, runCli, serverEnv as apiEnv, startServer } from './lib/api.mjs';
import { startClock } from './lib/clock.mjs';
import { hashPassword, recreateDatabase, SERVER_URL } from './lib/database.mjs';
import { loadAverage, machine } from './lib/machine.mjs';
import { freePort } from './lib/net.mjs';
import { writeResults } from './lib/results.mjs';
import { percentile } from './lib/stats.mjs';
import { NODE_FLAGS } from '../tools/node-flags.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const DB = process.env.BENCH_DB ?? 'cg_bench_hotspots';
const DATABASE_URL = `${SERVER_URL}/${DB}`;
const CASES = Math.max(1000, Number(process.env.BENCH_CASES ?? 100_000));
const REQUESTS = Math.max(1, Number(process.env.BENCH_REQUESTS ?? 30));
const WARMUP = Math.max(0, Number(process.env.BENCH_WARMUP ?? 3));
const DIST = apiDist(root);
const TARGET_MS = 100;
const UNITS = 50;
const COORDINATOR = 'koordynator1@bench-hotspots.test';
const ANALYST = 'analityk@bench-hotspots.test';

const { started, log } = startClock('bench');
const serverEnv = (extra = {}) => apiEnv({ databaseUrl: DATABASE_URL, queuePrefix: 'cg-bench-hotspots' }, extra);

const POLAND = { south: 49.0, west: 14.1, north: 54.9, east: 24.2 };
const WARSAW = { south: 52.05, west: 20.75, north: 52.45, east: 21.3 };
const LEGIONOWO = { south: 52.33, west: 20.8, north: 52.47, east: 21.06 };
/**
 * What the map asks: a town at the map's usual zoom, a metropolitan area, and the whole country (every one of the
 * 100,000 cases in view: the worst case, where no index can narrow anything and a sequential scan is the right plan).
 * `index`: whether the plan must read ix_cases_location.
 */
const SCENARIOS = [
  { key: 'analyst-town', label: 'analyst, Legionowo, zoom 13', who: 'analyst', index: true, input: { bounds: LEGIONOWO, zoom: 13, period: 'ALL' } },
  { key: 'analyst-warsaw', label: 'analyst, Warsaw area, zoom 11, last year by quarter', who: 'analyst', index: true, input: { bounds: WARSAW, zoom: 11, period: 'QUARTER', from: '2025-12-01', to: '2026-11-30' } },
  { key: 'coordinator-warsaw', label: 'coordinator (5 % of cases), Warsaw area, zoom 11', who: 'coordinator', index: true, input: { bounds: WARSAW, zoom: 11, period: 'ALL' } },
  { key: 'coordinator-country', label: 'coordinator (5 % of cases), the whole country, zoom 7', who: 'coordinator', index: false, input: { bounds: POLAND, zoom: 7, period: 'ALL' } },
  { key: 'analyst-country', label: 'analyst, the whole country (all 100,000 cases in view), zoom 7', who: 'analyst', index: false, input: { bounds: POLAND, zoom: 7, period: 'ALL' } },
  { key: 'analyst-country-months', label: 'analyst, the whole country, zoom 7, by month', who: 'analyst', index: false, input: { bounds: POLAND, zoom: 7, period: 'MONTH' } },
];

const HOTSPOTS = `query Hotspots($input: CaseHotspotsInput!) { caseHotspots(input: $input) { cellSize suppressedBelow truncated cells { south west period cases incidents suppressed } } }`;

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
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const ids = await seed(client);

  const port = await freePort();
  api = await startServer({ name: 'the API', args: [...NODE_FLAGS, path.join(DIST, 'main.js')], cwd: root, env: serverEnv({ HTTP_PORT: String(port) }), port, echoStderr: Boolean(process.env.BENCH_API_STDERR) });
  const tokens = { analyst: await login(api.url, ANALYST), coordinator: await login(api.url, COORDINATOR) };

  const results = { startedAt: new Date(started).toISOString(), machine: { ...machine(), loadAverageAtStart: loadAverage() }, settings: { cases: CASES, requests: REQUESTS, warmup: WARMUP, nodeFlags: NODE_FLAGS }, data: ids.data, scenarios: [] };
  for (const scenario of SCENARIOS) {
    for (let i = 0; i < WARMUP; i++) await hotspots(tokens[scenario.who], scenario.input);
    const latencies = [];
    let answer = null;
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      answer = await hotspots(tokens[scenario.who], scenario.input);
      latencies.push(performance.now() - t);
    }
    const counted = answer.cells.reduce((n, c) => n + (c.cases ?? 0), 0);
    const suppressed = answer.cells.filter((c) => c.suppressed).length;
    const plan = await explain(client, scenario, ids);
    const row = {
      key: scenario.key,
      label: scenario.label,
      cellSize: answer.cellSize,
      cells: answer.cells.length,
      suppressedCells: suppressed,
      casesCounted: counted,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      max: Math.max(...latencies),
      sqlExecutionMs: plan.executionMs,
      sqlPlanningMs: plan.planningMs,
      usesLocationIndex: plan.usesLocationIndex,
      index: scenario.index,
      loadAverage: loadAverage(),
      plan: plan.text,
      latencies,
    };
    results.scenarios.push(row);
    log(`${scenario.label}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, max ${row.max.toFixed(1)} ms; SQL ${row.sqlExecutionMs.toFixed(1)} ms; ${row.cells} cells (${suppressed} suppressed), ${counted} cases counted`);
  }
  await api.stop(15_000);
  api = null;
  await client.end();

  for (const row of results.scenarios) process.stdout.write(`\n--- EXPLAIN (ANALYZE, BUFFERS): ${row.label}\n${row.plan}\n`);
  process.stdout.write(`\n${table(results)}\n`);
  const out = writeResults('hotspots', started, JSON.stringify(results, null, 2));
  log(`results written to ${path.relative(root, out)}`);
  const failed = results.scenarios.filter((r) => r.p95 >= TARGET_MS || (r.index && !r.usesLocationIndex));
  if (failed.length) {
    process.stderr.write(`target missed (p95 < ${TARGET_MS} ms; views narrower than the country on ix_cases_location): ${failed.map((r) => r.key).join(', ')}\n`);
    process.exitCode = 1;
  }
}

async function hotspots(token, input) {
  const data = await gql(api.url, HOTSPOTS, { input }, token);
  if (!data?.caseHotspots || data.caseHotspots.truncated) throw new Error(`unexpected answer: ${JSON.stringify(data).slice(0, 500)}`);
  return data.caseHotspots;
}

// --- the data set ----------------------------------------------------------------------------------------------------

/** Ten towns the clustered cases gather around (latitude, longitude). */
const TOWNS = [
  [52.23, 21.01], [52.4, 20.93], [50.06, 19.94], [51.11, 17.03], [54.35, 18.65],
  [52.41, 16.93], [51.76, 19.46], [53.13, 23.16], [50.26, 19.02], [51.25, 22.57],
];

async function seed(client) {
  const t = performance.now();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  log(`generating ${CASES} cases…`);
  await client.query(
    `INSERT INTO organisations (id, name, code, kind, area)
     SELECT md5('org:' || n)::uuid, 'Komisariat Policji nr ' || n, 'H' || lpad(n::text, 3, '0'), 'POLICE_UNIT', 'Rejon ' || n FROM generate_series(1, ${UNITS + 1}) n`,
  );
  // One coordinator per unit (the first one's signs in); the analyst in the last organisation, which leads nothing.
  await client.query(
    `INSERT INTO users (id, organisation_id, email, display_name, password_hash, roles, locale)
     SELECT md5('user:' || n)::uuid, md5('org:' || n)::uuid, 'koordynator' || n || '@bench-hotspots.test', 'Koordynator ' || n,
            CASE WHEN n = 1 THEN $1 ELSE 'x-no-login' END, ARRAY['COORDINATOR'], 'pl' FROM generate_series(1, ${UNITS}) n`,
    [passwordHash],
  );
  await client.query(
    `INSERT INTO users (id, organisation_id, email, display_name, password_hash, roles, locale) VALUES (md5('user:analyst')::uuid, md5('org:' || ${UNITS + 1})::uuid, $1, 'Analityk', $2, ARRAY['ANALYST'], 'pl')`,
    [ANALYST, passwordHash],
  );
  await client.query(
    `INSERT INTO partnership_agreements (organisation_a_id, organisation_b_id, purpose, data_categories, valid_from, status, created_by_id)
     SELECT md5('org:1')::uuid, md5('org:' || n)::uuid, 'Porozumienie', ARRAY['CASE_CONTENT','INCIDENT_DATA','INDICATORS','TASKS','STAKEHOLDER_CONTACTS'], date '2024-01-01', 'ACTIVE', md5('user:1')::uuid
       FROM generate_series(2, ${UNITS}) n`,
  );
  const towns = { lat: TOWNS.map((c) => c[0]), lng: TOWNS.map((c) => c[1]) };
  // Deterministic pseudo-random numbers from the case number (no random(): every run measures the same data).
  const r = (salt) => `(('x' || substr(md5('${salt}' || g), 1, 8))::bit(32)::bigint / 4294967295.0)`;
  await client.query(
    `INSERT INTO cases (id, reference, title, type, phase, district, latitude, longitude, lead_organisation_id, coordinator_id, created_at, last_activity_at)
     SELECT md5('case:' || g)::uuid, 'H/' || g, 'Sprawa ' || g,
            (ARRAY['SOCIAL_TENSION','LOCAL_CONFLICT','CRISIS','PUBLIC_NUISANCE','PRIORITY_PLAN'])[1 + g % 5]::case_type,
            (ARRAY['SCANNING','ANALYSIS','RESPONSE','ASSESSMENT','CLOSED'])[1 + g % 5]::case_phase,
            'Dzielnica ' || (g % 40),
            CASE WHEN g % 10 < 7 THEN ($1::float8[])[1 + g % 10] + (${r('a')} - 0.5) * 0.3 ELSE 49.0 + ${r('a')} * 5.8 END,
            CASE WHEN g % 10 < 7 THEN ($2::float8[])[1 + g % 10] + (${r('b')} - 0.5) * 0.45 ELSE 14.2 + ${r('b')} * 9.9 END,
            md5('org:' || (1 + g % ${UNITS}))::uuid, md5('user:' || (1 + g % ${UNITS}))::uuid,
            timestamptz '2024-12-01 00:00+01' + ${r('c')} * interval '730 days', now()
       FROM generate_series(1, ${CASES}) g`,
    [towns.lat, towns.lng],
  );
  await client.query(`INSERT INTO case_participants (case_id, organisation_id, role) SELECT id, lead_organisation_id, 'LEAD' FROM cases`);
  await client.query(
    `INSERT INTO case_participants (case_id, organisation_id, role)
     SELECT md5('case:' || g)::uuid, md5('org:1')::uuid, 'PARTNER' FROM generate_series(1, ${CASES}) g WHERE g % 20 = 13 AND 1 + g % ${UNITS} <> 1`,
  );
  await client.query(
    `INSERT INTO case_updates (case_id, kind, visibility, body, created_at)
     SELECT c.id, 'INCIDENT', (ARRAY['PARTNERS','AGENCIES','LEAD'])[1 + (k + g) % 3]::case_update_visibility, 'Zdarzenie', c.created_at + k * interval '9 days'
       FROM generate_series(1, ${CASES}) g JOIN cases c ON c.id = md5('case:' || g)::uuid
       CROSS JOIN LATERAL generate_series(1, g % 4) k`,
  );
  await client.query(`INSERT INTO case_updates (case_id, kind, visibility, body, created_at) SELECT id, 'NOTE', 'PARTNERS', 'Notatka', created_at + interval '1 day' FROM cases`);
  log('VACUUM ANALYZE…');
  await client.query('VACUUM ANALYZE');
  const [data] = (await client.query(`SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM case_updates WHERE kind = 'INCIDENT') AS incidents,
      (SELECT count(*)::int FROM case_updates) AS updates, (SELECT count(*)::int FROM case_participants) AS participants`)).rows;
  log(`data set in ${((performance.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(data)}`);
  const [coordinator] = (await client.query(`SELECT id, organisation_id FROM users WHERE email = $1`, [COORDINATOR])).rows;
  const [analyst] = (await client.query(`SELECT id, organisation_id FROM users WHERE email = $1`, [ANALYST])).rows;
  return { data, coordinator, analyst };
}

// --- the plans -------------------------------------------------------------------------------------------------------

/**
 * The scenario's statement exactly as the API builds it: the built query modules (dist), the reader's rules compiled by
 * the built authz library, the service's cell size; run under EXPLAIN (ANALYZE, BUFFERS).
 */
async function explain(client, scenario, ids) {
  const require = createRequire(import.meta.url);
  const lib = (p) => require(path.join(root, 'dist/apps/api/libs/server', p));
  const { hotspotGrid } = lib('cases/src/case-map.queries.js');
  const { casesWhere } = lib('cases/src/cases.queries.js');
  const { MAX_HOTSPOT_ROWS } = lib('cases/src/case-map.service.js');
  const { sql, toQuery } = lib('db/src/sql.js');
  const authz = lib('authz/src/index.js');
  const { hotspotCellForZoom } = require(path.join(root, 'dist/apps/api/libs/shared/domain/src/index.js'));
  const user = scenario.who === 'analyst' ? ids.analyst : ids.coordinator;
  const request = {
    requestId: 'bench',
    actor: { userId: user.id, organisationId: user.organisation_id, organisationKind: 'POLICE_UNIT', roles: [scenario.who === 'analyst' ? 'ANALYST' : 'COORDINATOR'], locale: 'pl', sessionId: 'bench' },
  };
  const analyst = scenario.who === 'analyst';
  const ability = authz.abilityOf(request);
  const reader = {
    read: analyst ? sql.true : authz.caseCondition(request, 'read'),
    content: authz.caseCondition(request, 'readContent'),
    activity: authz.caseActivity(request),
    reviewableInput: authz.rulesToSql(ability, 'review', 'PartnerInput', authz.caseChildFields('fi')),
  };
  const statement = hotspotGrid({
    where: casesWhere(reader, {}),
    incidentVisible: analyst ? sql.true : authz.rulesToSql(ability, 'read', 'CaseUpdate', authz.perCaseFields('l', 'u')),
    bounds: scenario.input.bounds,
    cellSize: hotspotCellForZoom(scenario.input.zoom),
    from: scenario.input.from ?? null,
    to: scenario.input.to ?? null,
    period: scenario.input.period,
    limit: MAX_HOTSPOT_ROWS,
  });
  const [text, values] = toQuery(statement);
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  return {
    text: plan,
    executionMs: Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? NaN),
    planningMs: Number(/Planning Time: ([\d.]+)/.exec(plan)?.[1] ?? NaN),
    usesLocationIndex: /ix_cases_location/.test(plan),
  };
}

function table(results) {
  const lines = [
    `Hotspot grid on ${results.data.cases.toLocaleString('en')} cases (${results.data.incidents.toLocaleString('en')} incidents), ${REQUESTS} requests each, through the API (ms):`,
    '',
    '| scenario | cell ° | cells (suppressed) | cases counted | p50 | p95 | max | SQL execution (EXPLAIN ANALYZE) | plan on ix_cases_location | load average |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.scenarios.map((r) => `| ${r.label} | ${r.cellSize} | ${r.cells} (${r.suppressedCells}) | ${r.casesCounted} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.sqlExecutionMs.toFixed(1)} | ${r.usesLocationIndex ? 'yes' : r.index ? 'NO' : 'no (all rows in view)'} | ${r.loadAverage[0]} |`),
    '',
    `Target: p95 under ${TARGET_MS} ms; views narrower than the country read ix_cases_location. Machine: ${results.machine.cpus ?? '?'} CPUs, load average at start ${results.machine.loadAverageAtStart.join(' ')}.`,
  ];
  return lines.join('\n');
}

main().catch(async (error) => {
  process.stderr.write(`${error.stack ?? error}\n${api ? api.output() : ''}\n`);
  if (api) await api.stop(5000);
  process.exit(1);
});
