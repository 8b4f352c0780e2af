#!/usr/bin/env node
// `npm run bench`: the `cases` list against a hand-written baseline, at 2,000 and at 20,000 cases.
//
//  1. builds the API (`nx run api:build`; BENCH_SKIP_BUILD=1 skips), drops and recreates the database `cg_bench`,
//     migrates it with the built CLI and generates the data set (bench/cases-dataset.mjs) for 2,000 cases;
//  2. starts the real API (dist main.js, NODE_ENV=production, LOG_LEVEL=warn) and the baseline (bench/cases-baseline-server.mjs:
//     bare Fastify + pg), both with bench/cases-count-queries.cjs preloaded (counts SQL statements, answers over IPC);
//  3. signs in as an NGO partner and as a coordinator through the API's `login` mutation; checks that API and baseline
//     answer the same JSON for each (fails loudly if not);
//  4. for each user: a warm-up of each server, then BENCH_DURATION seconds of load for each, in alternating rounds
//     (API, baseline, baseline, API, …) so that other work on the machine weighs on both alike; every response is
//     checked byte-for-byte against the first; latency percentiles over all responses; peak RSS (VmHWM, reset before
//     each round, and RSS polled); the server process's CPU time per request; SQL statements per request (20
//     sequential requests once the load is over);
//  5. `{ __typename }` (no token) on the API against a bare Fastify route of the baseline answering the same JSON, in
//     alternating rounds too (the cost of the GraphQL stack around any operation);
//  6. grows the data set to 20,000 cases, measures again; prints the table and writes bench/results/cases-<time>.json.
//
// A/B in one run: BENCH_BEFORE_ROOT (another checkout, its dist/ built) and/or BENCH_BEFORE_NODE_OPTIONS (other node
// flags) start a second API, `before`, measured in the same alternating rounds as the API and the baseline.
//
// Env: BENCH_DATABASE_URL (server, default postgres://postgres@127.0.0.1:5432), BENCH_DB (cg_bench), BENCH_DURATION (10 s),
// BENCH_WARMUP (3 s), BENCH_ROUNDS (3), BENCH_CONNECTIONS (10), BENCH_SKIP_BUILD, BENCH_API_ROOT (measure another checkout's built API),
// BENCH_API_NODE_OPTIONS (node flags for the API and the baseline instead of tools/node-flags.mjs; '' for none), REDIS_URL,
// BENCH_SIZES (case counts, default 2000,20000; e.g. 2000 for a quick run), BENCH_ONLY_TASKS, BENCH_SKIP_TASKS,
// BENCH_BEFORE_ROOT, BENCH_BEFORE_NODE_OPTIONS (see above).
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { COORDINATOR_USER, NGO_USER, describe, seedCases, seedDirectory } from './cases-dataset.mjs';
import { apiDist, BENCH_PASSWORD, login, runCli, serverEnv as apiEnv, startServer as startNode } from './lib/api.mjs';
import { sleep, startClock } from './lib/clock.mjs';
import { hashPassword, recreateDatabase, SERVER_URL } from './lib/database.mjs';
import { CLOCK_TICKS, cpuTicks, loadAverage, machine } from './lib/machine.mjs';
import { freePort } from './lib/net.mjs';
import { RESULTS_DIR, writeResults } from './lib/results.mjs';
import { percentile } from './lib/stats.mjs';
import { NODE_FLAGS } from '../tools/node-flags.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const DB = process.env.BENCH_DB ?? 'cg_bench';
const DATABASE_URL = `${SERVER_URL}/${DB}`;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** Each server's DURATION is split into this many rounds, alternating with the other server's. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SIZES = (process.env.BENCH_SIZES ?? '2000,20000').split(',').map(Number);
if (SIZES.some((n) => !Number.isInteger(n) || n < 100) || SIZES.some((n, i) => i > 0 && n <= SIZES[i - 1])) throw new Error(`BENCH_SIZES: increasing case counts of 100 or more, not ${process.env.BENCH_SIZES}`);
const STATEMENT_SAMPLES = 20;
/** Another checkout's build can be measured with BENCH_API_ROOT=/path/to/checkout (its dist/ must be built). */
const API_ROOT = process.env.BENCH_API_ROOT ? path.resolve(process.env.BENCH_API_ROOT) : root;
const DIST = apiDist(API_ROOT);
/** The flags the API runs with when deployed (tools/node-flags.mjs); BENCH_API_NODE_OPTIONS replaces them ('' for none). */
const API_NODE_FLAGS = process.env.BENCH_API_NODE_OPTIONS !== undefined ? process.env.BENCH_API_NODE_OPTIONS.split(/\s+/).filter(Boolean) : NODE_FLAGS;
const PRELOAD = path.join(here, 'cases-count-queries.cjs');
/** A second API measured beside the first in the same rounds: another checkout's build, other node flags, or both. */
const BEFORE = process.env.BENCH_BEFORE_ROOT !== undefined || process.env.BENCH_BEFORE_NODE_OPTIONS !== undefined
  ? {
      root: process.env.BENCH_BEFORE_ROOT ? path.resolve(process.env.BENCH_BEFORE_ROOT) : API_ROOT,
      flags: process.env.BENCH_BEFORE_NODE_OPTIONS !== undefined ? process.env.BENCH_BEFORE_NODE_OPTIONS.split(/\s+/).filter(Boolean) : API_NODE_FLAGS,
    }
  : null;
const TYPENAME_BODY = JSON.stringify({ query: '{ __typename }' });

const QUERY = `query Cases {
  cases(first: 50) {
    totalCount
    edges { cursor node {
      id reference title phase escalation priority lastActivityAt
      leadOrganisation { id name } coordinator { displayName }
      participants { role organisation { id name kind } }
      participantCount updateCount
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const BODY = JSON.stringify({ query: QUERY, operationName: 'Cases' });
const USERS = [
  { key: 'ngo', label: 'NGO partner', email: NGO_USER.email },
  { key: 'coordinator', label: 'coordinator', email: COORDINATOR_USER.email },
];

// `log` leaves the elapsed time to its callers (most lines start with it, unpadded).
const { started, elapsed, log } = startClock('bench', { width: 0, stamp: false });

async function main() {
  if (!process.env.BENCH_SKIP_BUILD && API_ROOT === root) {
    log('building the API (nx run api:build)…');
    execSync('npx nx run api:build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  log(`recreating database ${DB}…`);
  await recreateDatabase(SERVER_URL, DB);
  log(`migrating ${DB}…`);
  runCli(path.join(DIST, 'cli/migrate.js'), { cwd: API_ROOT, env: serverEnv(), label: 'migration' });

  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await seedDirectory(client, passwordHash);

  const results = {
    startedAt: new Date(started).toISOString(),
    machine: machine(),
    settings: { duration: DURATION, rounds: ROUNDS, warmup: WARMUP, connections: CONNECTIONS, apiRoot: API_ROOT, apiNodeFlags: API_NODE_FLAGS, before: BEFORE, query: QUERY },
    sizes: [],
  };
  let loaded = 0;
  for (const size of SIZES) {
    const t = Date.now();
    await seedCases(client, loaded + 1, size);
    loaded = size;
    await client.query('VACUUM (ANALYZE)');
    const dataset = await describe(client);
    log(`${elapsed()} data set: ${dataset.cases} cases, ${dataset.organisations} organisations (${dataset.ngos} NGO), ${dataset.users} users, ${dataset.updates} updates, ` +
      `${dataset.participants} participants, ${dataset.partner_inputs} inputs, ${dataset.risks} risks; NGO partner sees ${dataset.ngo_visible}, coordinator ${dataset.coordinator_visible} (${Date.now() - t} ms)`);
    results.sizes.push({ cases: size, dataset, ...(process.env.BENCH_ONLY_TASKS ? { runs: [] } : await measure(size)) });
  }
  // Issue 4: myTasks and workload on the large data set (100,000 tasks), printed beside the cases figures.
  if (!process.env.BENCH_SKIP_TASKS) {
    await seedTasks(client, passwordHash);
    await client.query('VACUUM (ANALYZE)');
    results.tasks = await measureTasks(client);
  }
  await client.end();

  const report = process.env.BENCH_ONLY_TASKS ? { summary: null, text: '(cases not measured: BENCH_ONLY_TASKS)' } : summarise(results);
  results.summary = report.summary;
  process.stdout.write(`\n${report.text}\n`);
  if (results.tasks) process.stdout.write(`\n${tasksTable(results.tasks)}\n`);
  const file = writeResults('cases', started, JSON.stringify(results, null, 2));
  log(`${elapsed()} results written to ${path.relative(root, file)}`);
}

const serverEnv = (extra = {}) => apiEnv({ databaseUrl: DATABASE_URL, queuePrefix: 'cgbench-cases' }, extra);

// ---------------------------------------------------------------------------------------------------------------------

async function measure(size) {
  const api = await startServer('api', path.join(DIST, 'main.js'), API_NODE_FLAGS, API_ROOT);
  const before = BEFORE ? await startServer('before', path.join(apiDist(BEFORE.root), 'main.js'), BEFORE.flags, BEFORE.root) : null;
  // The baseline runs with the same Node flags, so that the two differ only in their code.
  const baseline = await startServer('baseline', path.join(here, 'cases-baseline-server.mjs'), API_NODE_FLAGS);
  const apis = before ? [api, before] : [api];
  const runs = [];
  let typename;
  try {
    for (const user of USERS) {
      const token = await login(api.url, user.email);
      const baselineBody = await request(baseline, token);
      const bodies = { baseline: baselineBody };
      for (const server of apis) {
        const apiBody = await request(server, server === api ? token : await login(server.url, user.email));
        const fromApi = JSON.parse(apiBody);
        if (fromApi.errors) throw new Error(`${server.name} answered errors for ${user.label}: ${JSON.stringify(fromApi.errors)}`);
        if (!isDeepStrictEqual(fromApi, JSON.parse(baselineBody))) {
          mkdirSync(RESULTS_DIR, { recursive: true });
          writeFileSync(path.join(RESULTS_DIR, `mismatch-${user.key}-${server.name}.json`), JSON.stringify(fromApi, null, 2));
          writeFileSync(path.join(RESULTS_DIR, `mismatch-${user.key}-baseline.json`), JSON.stringify(JSON.parse(baselineBody), null, 2));
          throw new Error(`${server.name} and baseline disagree for ${user.label} at ${size} cases (see bench/results/mismatch-${user.key}-*.json)`);
        }
        const edges = fromApi.data.cases.edges.length;
        if (edges !== 50) throw new Error(`the ${user.label}'s page has ${edges} cases, not 50`);
        log(`${elapsed()} ${size} cases, ${user.label}: same JSON from ${server.name} and baseline (${apiBody.length} bytes, totalCount ${fromApi.data.cases.totalCount})`);
        bodies[server.name] = apiBody;
      }
      // Both APIs accept the same token (same secret, same database).
      const measured = await compare([...apis, baseline], token, bodies);
      for (const server of [...apis, baseline]) {
        const run = measured[server.name];
        runs.push({ user: user.key, server: server.name, ...run });
        log(`${elapsed()}   ${server.name.padEnd(8)} ${run.rps.toFixed(0).padStart(6)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  ` +
          `${run.statements} statements/request  peak RSS ${run.peakRssMb} MB  ${run.cpuMsPerRequest} ms CPU/request (load avg ${run.loadAverage.join(', ')})`);
      }
    }
    typename = await measureTypename([...apis, baseline]);
  } finally {
    await Promise.all([...apis, baseline].map((server) => server.stop()));
  }
  return { runs, typename };
}

/**
 * `{ __typename }` without a token: what the API's stack (HTTP, Nest, Apollo, logging, the context) costs around any
 * operation, against the baseline's bare Fastify route answering the same JSON (POST /typename).
 */
async function measureTypename(servers) {
  const bodies = {};
  for (const server of servers) {
    const text = await post(server, null, TYPENAME_BODY, server.name === 'baseline' ? '/typename' : '/graphql');
    if (!isDeepStrictEqual(JSON.parse(text), { data: { __typename: 'Query' } })) throw new Error(`${server.name} answered ${text} to { __typename }`);
    bodies[server.name] = text;
  }
  const measured = await compare(servers, null, bodies, { body: TYPENAME_BODY, paths: { baseline: '/typename' }, statements: false });
  const runs = servers.map((server) => ({ server: server.name, ...measured[server.name] }));
  for (const run of runs) {
    log(`${elapsed()}   { __typename } ${run.server.padEnd(8)} ${run.rps.toFixed(0).padStart(6)} req/s  p50 ${run.p50} ms  ${run.cpuMsPerRequest} ms CPU/request  peak RSS ${run.peakRssMb} MB (load avg ${run.loadAverage.join(', ')})`);
  }
  return runs;
}

/**
 * Measures the servers in alternating rounds (API, baseline, baseline, API, …) so that whatever else runs on the
 * machine weighs on both alike; each server gets DURATION seconds in all. Latency percentiles are computed over every
 * response of every round; every response body is checked against the first one.
 */
async function compare(servers, token, bodies, { body, paths = {}, statements: countStatements = true } = {}) {
  const options = (server) => ({
    url: `${server.url}${paths[server.name] ?? '/graphql'}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ?? server.body ?? BODY,
    connections: CONNECTIONS,
  });
  const state = {};
  for (const server of servers) {
    await autocannon({ ...options(server), duration: WARMUP });
    await server.quiet();
    state[server.name] = { latencies: [], requests: 0, seconds: 0, cpuMs: 0, peakRss: 0, loadAverage: [] };
  }
  const round = DURATION / ROUNDS;
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const server of r % 2 === 0 ? servers : [...servers].reverse()) {
      const s = state[server.name];
      s.loadAverage.push(loadAverage()[0]);
      server.resetPeak();
      const poll = server.pollRss();
      const cpuBefore = server.cpuMs();
      const started = process.hrtime.bigint();
      const result = await new Promise((resolve, reject) => {
        const instance = autocannon({ ...options(server), duration: round, expectBody: bodies[server.name] }, (error, value) => (error ? reject(error) : resolve(value)));
        instance.on('response', (client, statusCode, bytes, responseTime) => s.latencies.push(responseTime));
      });
      s.seconds += Number(process.hrtime.bigint() - started) / 1e9;
      s.peakRss = Math.max(s.peakRss, poll.stop(), server.peak());
      await server.quiet();
      s.cpuMs += server.cpuMs() - cpuBefore;
      s.requests += result.requests.total;
      const failures = result.errors + result.timeouts + result.non2xx + (result.mismatches ?? 0);
      if (failures > 0) throw new Error(`${server.name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${result.mismatches} wrong bodies under load`);
    }
  }
  const out = {};
  for (const server of servers) {
    const s = state[server.name];
    // Exact: sequential requests once nothing else is in flight.
    let statements = null;
    if (countStatements) {
      const before = await server.statements();
      for (let i = 0; i < STATEMENT_SAMPLES; i += 1) await request(server, token);
      statements = ((await server.statements()) - before) / STATEMENT_SAMPLES;
    }
    const sorted = Float64Array.from(s.latencies).sort();
    const pct = (p) => Number(percentile(sorted, p, { method: 'above' }).toFixed(1));
    out[server.name] = {
      rps: s.requests / s.seconds,
      requests: s.requests,
      p50: pct(50),
      p90: pct(90),
      p99: pct(99),
      latencyMean: Number((sorted.reduce((a, b) => a + b, 0) / sorted.length).toFixed(1)),
      statements,
      peakRssMb: Math.round(s.peakRss / 1024 / 1024),
      /** CPU time of the server's own process (not PostgreSQL's) per request: less sensitive to other load on the machine. */
      cpuMsPerRequest: Number((s.cpuMs / s.requests).toFixed(2)),
      loadAverage: s.loadAverage,
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Tasks: 5 per case (100,000 at 20,000 cases) for the case's lead organisation, most assigned to one of its staff,
// due from ten days ago to a month ahead; measured on the API alone (there is no hand-written baseline for these).

const TASK_STAFF = { email: 'user3@bench.test' };
const TASKS_QUERY = `query MyTasks { myTasks(first: 50) { totalCount edges { node { id title dueDate status overdue caseReference organisation { name } assignee { displayName } } } pageInfo { hasNextPage endCursor } } }`;
const WORKLOAD_QUERY = `query Workload($org: ID!) { workload(organisationId: $org) {
  summary { openRequests averageAnswerHours overdueCount peopleOverCapacity }
  people(first: 50) { totalCount edges { node { person { displayName } load capacity loadRatio overCapacity overdueCount dueThisWeek } } } } }`;

async function seedTasks(client, passwordHash) {
  const t = Date.now();
  await client.query(`UPDATE users SET password_hash = $1 WHERE email = $2`, [passwordHash, TASK_STAFF.email]);
  await client.query(
    `INSERT INTO tasks (case_id, title, organisation_id, assignee_id, requested_by_id, requester_organisation_id, due_date, priority, effort_points, status)
     SELECT c.id, 'Zadanie ' || k || ' w sprawie ' || c.reference, c.lead_organisation_id,
            CASE WHEN k = 5 THEN NULL ELSE (SELECT u.id FROM users u WHERE u.organisation_id = c.lead_organisation_id AND 'STAFF' = ANY(u.roles)
                                             ORDER BY u.email OFFSET (abs(hashtext(c.id::text)) + k) % 6 LIMIT 1) END,
            c.coordinator_id, c.lead_organisation_id,
            current_date - 10 + (abs(hashtext(c.id::text || k)) % 40),
            (ARRAY['LOW','MEDIUM','HIGH','URGENT'])[1 + k % 4]::case_priority, 1 + k % 5,
            (ARRAY['ACCEPTED','IN_PROGRESS','BLOCKED','DONE','PROPOSED'])[k]::task_status
       FROM cases c CROSS JOIN generate_series(1, 5) k`,
  );
  // The generated ids are md5-derived and not RFC 4122 UUIDs, which the API rightly refuses as arguments: the
  // workload is measured on an organisation with real ids, 12 people, each given the tasks of one staff member of org 1.
  await client.query(`INSERT INTO organisations (id, name, code, kind, area) VALUES (gen_random_uuid(), 'Komenda Bench (obciążenie)', 'BWORK', 'POLICE_UNIT', 'Dzielnica 1')`);
  await client.query(
    `INSERT INTO users (id, organisation_id, email, display_name, password_hash, roles, weekly_capacity)
     SELECT gen_random_uuid(), (SELECT id FROM organisations WHERE code = 'BWORK'), 'work' || i || '@bench.test', 'Funkcjonariusz ' || i, $1,
            CASE WHEN i = 1 THEN ARRAY['COORDINATOR'] ELSE ARRAY['STAFF'] END, 10 + i * 3
       FROM generate_series(1, 12) i`,
    [passwordHash],
  );
  await client.query(
    `INSERT INTO tasks (case_id, title, organisation_id, assignee_id, requested_by_id, requester_organisation_id, due_date, priority, effort_points, status)
     SELECT t.case_id, t.title, w.organisation_id, w.id, t.requested_by_id, t.requester_organisation_id, t.due_date, t.priority, t.effort_points, t.status
       FROM tasks t JOIN users s ON s.id = t.assignee_id
       JOIN LATERAL (SELECT u.id, u.organisation_id FROM users u WHERE u.email = 'work' || (2 + abs(hashtext(t.id::text)) % 11) || '@bench.test') w ON true
      WHERE s.organisation_id = (SELECT organisation_id FROM users WHERE email = $1)`,
    [COORDINATOR_USER.email],
  );
  const [{ n }] = (await client.query('SELECT count(*)::int AS n FROM tasks')).rows;
  log(`${elapsed()} tasks: ${n} (${Date.now() - t} ms)`);
}

async function measureTasks(client) {
  const [{ n: tasks }] = (await client.query('SELECT count(*)::int AS n FROM tasks')).rows;
  const [{ id: org }] = (await client.query(`SELECT id FROM organisations WHERE code = 'BWORK'`)).rows;
  const api = await startServer('api', path.join(DIST, 'main.js'), API_NODE_FLAGS, API_ROOT);
  // With BENCH_BEFORE_ROOT / BENCH_BEFORE_NODE_OPTIONS, the `before` API measured in the same alternating rounds.
  const before = BEFORE ? await startServer('before', path.join(apiDist(BEFORE.root), 'main.js'), BEFORE.flags, BEFORE.root) : null;
  const servers = before ? [api, before] : [api];
  const out = { tasks, runs: [] };
  try {
    const cases = [
      { key: 'myTasks', label: 'myTasks (staff, page of 50)', email: TASK_STAFF.email, body: JSON.stringify({ query: TASKS_QUERY, operationName: 'MyTasks' }) },
      { key: 'workload', label: 'workload (coordinator, 12 people)', email: 'work1@bench.test', body: JSON.stringify({ query: WORKLOAD_QUERY, operationName: 'Workload', variables: { org } }) },
    ];
    for (const item of cases) {
      const token = await login(api.url, item.email);
      const bodies = {};
      for (const server of servers) {
        const first = await post(server, token, item.body);
        if (JSON.parse(first).errors) throw new Error(`${item.key} (${server.name}): ${first.slice(0, 2000)}`);
        server.body = item.body;
        bodies[server.name] = first;
      }
      // The same answer from both, apart from what moves with the clock (none of these fields does within a run).
      if (before && bodies.api !== bodies.before) throw new Error(`${item.key}: api and before answer differently`);
      const measured = await compare(servers, token, bodies);
      for (const server of servers) {
        const m = measured[server.name];
        out.runs.push({ query: item.key, label: server.name === 'api' ? item.label : `${item.label}, before`, server: server.name, ...m });
        log(`${elapsed()} ${item.label} ${server.name.padEnd(6)}: ${m.rps.toFixed(0)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  ${m.statements} statements/request  peak RSS ${m.peakRssMb} MB  ${m.cpuMsPerRequest} ms CPU/request`);
      }
    }
  } finally {
    await api.stop();
    await before?.stop();
  }
  return out;
}

async function post(server, token, body, route = '/graphql') {
  const response = await fetch(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  return response.text();
}

function tasksTable(tasks) {
  const beforeOf = (run) => tasks.runs.find((r) => r.query === run.query && r.server === 'before');
  const rows = tasks.runs.map((r) => {
    const ratio = r.server === 'api' && beforeOf(r) ? (r.rps / beforeOf(r).rps).toFixed(2) : '';
    return `${r.label.padEnd(44)} ${r.rps.toFixed(0).padStart(6)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.statements).padStart(8)} ${String(r.peakRssMb).padStart(12)} ${String(r.cpuMsPerRequest).padStart(11)} ${ratio.padStart(15)}`;
  });
  return [
    `Tasks (${tasks.tasks} tasks, 20,000 cases)`,
    `${'query'.padEnd(44)} ${'req/s'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'SQL/req'.padStart(8)} ${'peak RSS MB'.padStart(12)} ${'CPU ms/req'.padStart(11)} ${'/before req/s'.padStart(15)}`,
    ...rows,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------------

/** The API or the baseline, with bench/cases-count-queries.cjs preloaded (SQL statements counted, asked over IPC). */
async function startServer(name, script, nodeFlags = [], cwd = root) {
  const port = await freePort();
  const server = await startNode({ name, args: [...nodeFlags, '-r', PRELOAD, script], cwd, env: serverEnv({ HTTP_PORT: String(port) }), port, ipc: true });
  const { child, url } = server;
  let asked = 0;
  const pending = new Map();
  child.on('message', (message) => {
    if (message?.type === 'bench:count') pending.get(message.id)?.(message.statements);
  });
  const status = (field) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  };
  return {
    name,
    url,
    pid: child.pid,
    statements() {
      const id = ++asked;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no statement count (is bench/cases-count-queries.cjs preloaded?)`)), 5000);
        pending.set(id, (value) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(value);
        });
        child.send({ type: 'bench:count', id });
      });
    },
    /** Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS. */
    resetPeak() {
      try {
        writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
      } catch {
        // not allowed: VmHWM then covers the life of the process, start-up included
      }
    },
    peak: () => status('VmHWM'),
    /** user + system CPU of the process, in ms. */
    cpuMs() {
      return (cpuTicks(child.pid) * 1000) / CLOCK_TICKS;
    },
    /** Waits until the server has finished what it was doing (its statement count stays still for 300 ms). */
    async quiet() {
      let last = await this.statements();
      for (let i = 0; i < 50; i += 1) {
        await sleep(300);
        const now = await this.statements();
        if (now === last) return;
        last = now;
      }
    },
    pollRss() {
      let max = status('VmRSS');
      const timer = setInterval(() => {
        max = Math.max(max, status('VmRSS'));
      }, 100);
      return {
        stop() {
          clearInterval(timer);
          return Math.max(max, status('VmRSS'));
        },
      };
    },
    stop: () => server.stop(10_000),
  };
}

async function request(server, token) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: server.body ?? BODY,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${server.name} answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

// ---------------------------------------------------------------------------------------------------------------------

const TARGETS = { ratioMin: 0.35, ratioAim: 0.5, cpuRatioMax: 3, typenameRatioMin: 0.4, statementsMax: 5, peakRssMbMax: 250, growthMax: 1.3 };

function summarise(results) {
  const find = (size, user, server) => results.sizes.find((s) => s.cases === size).runs.find((r) => r.user === user && r.server === server);
  const apis = BEFORE ? ['api', 'before'] : ['api'];
  const label = { api: 'API', before: 'API before', baseline: 'baseline' };
  const lines = [];
  const header = ['cases', 'user', 'server', 'req/s', 'p50 ms', 'p99 ms', 'SQL/req', 'peak RSS MB', 'CPU ms/req', '/baseline req/s', '/baseline CPU'];
  const rows = [];
  for (const { cases } of results.sizes) {
    for (const user of USERS) {
      const b = find(cases, user.key, 'baseline');
      for (const name of apis) {
        const a = find(cases, user.key, name);
        rows.push([cases, user.label, label[name], a.rps.toFixed(0), a.p50, a.p99, a.statements, a.peakRssMb, a.cpuMsPerRequest, (a.rps / b.rps).toFixed(2), (a.cpuMsPerRequest / b.cpuMsPerRequest).toFixed(2)]);
      }
      rows.push([cases, user.label, 'baseline', b.rps.toFixed(0), b.p50, b.p99, b.statements, b.peakRssMb, b.cpuMsPerRequest, '', '']);
    }
    const typename = results.sizes.find((s) => s.cases === cases).typename ?? [];
    const bare = typename.find((r) => r.server === 'baseline');
    for (const run of typename) {
      const name = run.server === 'baseline' ? 'bare Fastify' : label[run.server];
      const vs = run.server === 'baseline' ? ['', ''] : [(run.rps / bare.rps).toFixed(2), (run.cpuMsPerRequest / bare.cpuMsPerRequest).toFixed(2)];
      rows.push([cases, '{ __typename }', name, run.rps.toFixed(0), run.p50, run.p99, '', run.peakRssMb, run.cpuMsPerRequest, ...vs]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < 3 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  lines.push(line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line));

  const small = SIZES[0];
  const large = SIZES[SIZES.length - 1];
  const summary = { targets: TARGETS, users: {} };
  if (SIZES.length > 1) lines.push('', `growth p50(${large})/p50(${small}):`);
  for (const user of USERS) {
    const growth = {};
    for (const server of ['api', 'baseline']) growth[server] = find(large, user.key, server).p50 / find(small, user.key, server).p50;
    if (SIZES.length > 1) lines.push(`  ${user.label.padEnd(12)} API ${growth.api.toFixed(2)}   baseline ${growth.baseline.toFixed(2)}`);
    summary.users[user.key] = {
      ratio: Object.fromEntries(SIZES.map((s) => [s, find(s, user.key, 'api').rps / find(s, user.key, 'baseline').rps])),
      cpuRatio: Object.fromEntries(SIZES.map((s) => [s, find(s, user.key, 'api').cpuMsPerRequest / find(s, user.key, 'baseline').cpuMsPerRequest])),
      p50Growth: growth,
      statements: Math.max(...SIZES.map((s) => find(s, user.key, 'api').statements)),
      peakRssMb: Math.max(...SIZES.map((s) => find(s, user.key, 'api').peakRssMb)),
    };
  }
  const ngo = summary.users.ngo;
  const all = Object.values(summary.users);
  const worstRatio = Math.min(...Object.values(ngo.ratio));
  const worstCpu = Math.max(...all.flatMap((u) => Object.values(u.cpuRatio)));
  const typenameRatios = results.sizes.map((size) => {
    const api = size.typename?.find((r) => r.server === 'api');
    const bare = size.typename?.find((r) => r.server === 'baseline');
    return api && bare ? api.rps / bare.rps : NaN;
  });
  const worstTypename = Math.min(...typenameRatios);
  const checks = [
    [`NGO partner API/baseline req/s ≥ ${TARGETS.ratioMin} (aim ${TARGETS.ratioAim})`, worstRatio >= TARGETS.ratioMin, `min ${worstRatio.toFixed(2)} (${SIZES.map((s) => `${s}: ${ngo.ratio[s].toFixed(2)}`).join(', ')})`],
    [`API CPU per request ≤ ${TARGETS.cpuRatioMax} × the baseline's`, worstCpu <= TARGETS.cpuRatioMax, `max ${worstCpu.toFixed(2)} ×`],
    [`{ __typename } API/bare Fastify req/s ≥ ${TARGETS.typenameRatioMin}`, worstTypename >= TARGETS.typenameRatioMin, `min ${worstTypename.toFixed(2)}`],
    [`SQL statements per request ≤ ${TARGETS.statementsMax}`, all.every((u) => u.statements <= TARGETS.statementsMax), `max ${Math.max(...all.map((u) => u.statements))}`],
    [`API peak RSS under load ≤ ${TARGETS.peakRssMbMax} MB`, all.every((u) => u.peakRssMb <= TARGETS.peakRssMbMax), `max ${Math.max(...all.map((u) => u.peakRssMb))} MB`],
    ...(SIZES.length > 1
      ? [[`API p50(${large})/p50(${small}) ≤ ${TARGETS.growthMax}`, all.every((u) => u.p50Growth.api <= TARGETS.growthMax), USERS.map((u) => `${u.label} ${summary.users[u.key].p50Growth.api.toFixed(2)}`).join(', ')]]
      : []),
  ];
  summary.checks = checks.map(([target, met, value]) => ({ target, met, value }));
  const busiest = Math.max(...results.sizes.flatMap((size) => [...size.runs, ...(size.typename ?? [])].flatMap((run) => run.loadAverage)));
  summary.maxLoadAverage = busiest;
  if (busiest > results.machine.cpus) {
    lines.push('', `note: the 1-minute load average reached ${busiest} on ${results.machine.cpus} CPUs: other work was running; req/s and latency are noisy (CPU ms/req much less so).`);
  }
  lines.push('', 'targets:');
  for (const [target, met, value] of checks) lines.push(`  ${met ? 'MET    ' : 'MISSED '} ${target}: ${value}`);
  return { text: lines.join('\n'), summary };
}

main().catch((error) => {
  process.stderr.write(`\n[bench] FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
