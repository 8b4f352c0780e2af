#!/usr/bin/env node
// `npm run bench:web`: the web app's budgets (issue 12), measured in Chromium on loopback against the built API.
//
//  1. builds nothing: the API, its CLIs and the web app must be built (it says how when they are not);
//  2. drops and recreates the database `cg_bench_web`, migrates it with the built CLI, loads the Legionowo demo with
//     the built seed CLI, and starts the built API (NODE_ENV=production, serving dist/apps/web) on a free loopback port;
//  3. posts 200 updates to one demo case through the API (`postCaseUpdate`, as the coordinator);
//  4. in headless Chromium (/usr/bin/chromium; every request to another host refused), BENCH_RUNS times, each run in
//     a fresh browser context (empty cache, no cookies), measures with the page's own performance API:
//       - JavaScript for the first page: the compressed bytes of every script the sign-in page loads, and of every
//         script the start page loads on a fresh load after sign-in (HTTP cache cleared first); budget 200 kB each;
//       - case list visible: from the click on "Cases" in the menu (in-app navigation) and from a full load of
//         /cases, to the list's rows rendered; budget 1 s each;
//       - case page with 200 updates interactive: from the click on the case in the list (and from a full load of
//         /cases/<id>) to its main controls rendered and enabled with no long task (≥ 50 ms) running or following
//         within 500 ms; budget 1 s each;
//  5. prints each figure per run, the medians with PASS/FAIL, and writes bench/results/web-<time>.json.
//
// Env: BENCH_DATABASE_URL (server, default postgres://postgres@127.0.0.1:5432), BENCH_WEB_DB (cg_bench_web),
// BENCH_RUNS (5), REDIS_URL, BENCH_CPU_SLOWDOWN (Chromium CPU throttling factor, default 1: none).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { apiDist, gql, login, runCli, serverEnv, startServer } from './lib/api.mjs';
import { startClock } from './lib/clock.mjs';
import { recreateDatabase, SERVER_URL } from './lib/database.mjs';
import { freePort } from './lib/net.mjs';
import { writeResults } from './lib/results.mjs';
import { median as medianOf } from './lib/stats.mjs';
import { NODE_FLAGS } from '../tools/node-flags.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const DB = process.env.BENCH_WEB_DB ?? 'cg_bench_web';
const DATABASE_URL = `${SERVER_URL}/${DB}`;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CPU_SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 1);
const DIST = apiDist(root);
const WEB_DIST = path.join(root, 'dist/apps/web');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const JWT_SECRET = 'bench-web-jwt-secret-0123456789-abcdefgh';
const PASSWORD = 'Legionowo-demo-2026';
const COORDINATOR = 'k.nowak@kpp-legionowo.test';
const UPDATES = 200;
/** The demo case the 200 updates go to (the coordinator leads it). */
const CASE_TITLE_PREFIX = 'Napięcia';
const UI_TIMEOUT = 60_000;

const BUDGETS = {
  firstPageJsKb: 200,
  caseListMs: 1000,
  casePageMs: 1000,
};

const { started, log } = startClock('bench:web', { stamp: false });
/** Medians of an even number of runs are the mean of the middle two. */
const median = (values) => medianOf(values, { even: 'mean' });

function requireBuild() {
  const needed = [path.join(DIST, 'main.js'), path.join(DIST, 'cli/migrate.js'), path.join(DIST, 'cli/seed.js'), path.join(WEB_DIST, 'index.html')];
  const missing = needed.filter((file) => !existsSync(file));
  if (missing.length) {
    process.stderr.write(
      `[bench:web] nothing to measure yet: ${missing.map((f) => path.relative(root, f)).join(', ')} missing.\n` +
        '[bench:web] build first: NX_DAEMON=false npx nx run-many -t build --projects=api,web\n',
    );
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`[bench:web] Chromium is missing at ${CHROMIUM} (apt-get install -y chromium).\n`);
    process.exit(2);
  }
}

// One browser, one address, a few hundred writes: the rate limits are out of the way (lib/api.mjs). The API's own
// access-token lifetime, as this benchmark has always run (NODE_ENV is given by each caller).
const env = (extra = {}) => serverEnv({ databaseUrl: DATABASE_URL, queuePrefix: 'cgbench-web', jwtSecret: JWT_SECRET }, { JWT_ACCESS_TTL_SECONDS: undefined, WEB_DIST_DIR: WEB_DIST, ...extra });

const cli = (name, extra) => runCli(path.join(DIST, `cli/${name}.js`), { cwd: root, env: env(extra) });

/** 200 updates on one case, through the API as the coordinator (every visibility, as a real timeline has). */
async function addUpdates(origin, caseId) {
  const token = await login(origin, COORDINATOR, PASSWORD);
  const visibilities = ['PARTNERS', 'AGENCIES', 'LEAD'];
  const kinds = ['NOTE', 'MEETING', 'INCIDENT', 'DECISION'];
  for (let i = 0; i < UPDATES; i++) {
    await gql(
      origin,
      'mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }',
      {
        input: {
          caseId,
          kind: kinds[i % kinds.length],
          visibility: visibilities[i % visibilities.length],
          body: `Wpis ${i + 1} z ${UPDATES}: obchód osiedla, rozmowy z mieszkańcami przy ul. Jagiellońskiej, ustalenia na kolejny tydzień; zgłoszenia z mapy zagrożeń sprawdzone na miejscu.`,
        },
      },
      token,
    );
  }
}

/** Installed before any page script: long tasks, buffered, for the interactivity measure. */
function installObservers() {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: interactivity falls back to the controls rendered.
  }
}

/** Compressed bytes of the scripts this document has loaded so far (Resource Timing: encoded body, i.e. after Content-Encoding). */
async function scriptBytes(page) {
  return page.evaluate(() => {
    const entries = performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || /\.m?js(\?|$)/.test(new URL(e.name).pathname));
    return {
      files: entries.map((e) => ({ path: new URL(e.name).pathname, encoded: e.encodedBodySize, decoded: e.decodedBodySize, transfer: e.transferSize })),
      encoded: entries.reduce((sum, e) => sum + e.encodedBodySize, 0),
      decoded: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
      transfer: entries.reduce((sum, e) => sum + e.transferSize, 0),
    };
  });
}

/**
 * In the page: time from `start` (a click it performs, or the navigation's start) until `ready()` holds, watched on
 * every DOM change and animation frame; then, for interactivity, until no long task runs or follows within `quietMs`.
 */
async function timeUntil(page, { click, ready, quietMs = 0, fromNavigation = false }) {
  return page.evaluate(
    ({ click, ready, quietMs, fromNavigation }) =>
      new Promise((resolve, reject) => {
        const check = new Function(`return (${ready})`);
        const t0 = fromNavigation ? 0 : performance.now();
        const timeout = setTimeout(() => reject(new Error(`not ready within 60 s: ${ready}`)), 60_000);
        const settle = (readyAt) => {
          if (!quietMs) return finish(readyAt, readyAt);
          let lastEnd = readyAt;
          const poll = () => {
            for (const task of window.__longTasks ?? []) if (task.end > lastEnd && task.start < performance.now()) lastEnd = task.end;
            if (performance.now() - Math.max(lastEnd, readyAt) >= quietMs) finish(readyAt, Math.max(lastEnd, readyAt));
            else setTimeout(poll, 50);
          };
          poll();
        };
        const finish = (readyAt, interactiveAt) => {
          clearTimeout(timeout);
          resolve({ visible: readyAt - t0, interactive: interactiveAt - t0 });
        };
        let done = false;
        const probe = () => {
          if (done) return;
          if (check()) {
            done = true;
            observer.disconnect();
            settle(performance.now());
          } else requestAnimationFrame(probe);
        };
        const observer = new MutationObserver(probe);
        observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
        if (click) {
          const target = document.querySelector(click);
          if (!target) return reject(new Error(`nothing to click: ${click}`));
          target.click();
        }
        probe();
      }),
    { click, ready, quietMs, fromNavigation },
  );
}

// What the pages show when ready, by structure rather than by wording (the same in both languages). The start page
// links to cases too, so the list is recognised by its own table (desktop) or cards (phone), and the case page by
// its lifecycle panel and its timeline's entries.
/** The case list's rows. */
const LIST_READY = `document.querySelectorAll('main [data-testid="case-table"] a[href^="/cases/"], main [data-testid="case-cards"] a[href^="/cases/"]').length > 0`;
const listLink = (caseId) => `main [data-testid="case-table"] a[href="/cases/${caseId}"]`;
/** The case page's main controls: the phase panel's buttons enabled, the timeline's entries rendered, nothing loading. */
const CASE_READY = `(() => { const main = document.querySelector('main'); if (!main) return false;
  if (main.querySelector('[data-page="not-found"]')) throw new Error('the case page answered "not found"');
  const lifecycle = main.querySelector('#case-lifecycle');
  return !!lifecycle && [...lifecycle.querySelectorAll('button')].some((b) => !b.disabled)
    && main.querySelectorAll('.cg-timeline-entry').length > 0 && !main.querySelector('.mantine-Loader-root'); })()`;

async function signIn(page, origin) {
  await page.goto(`${origin}/signin`, { waitUntil: 'load' });
  await page.locator('input[name="email"]').fill(COORDINATOR);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: UI_TIMEOUT });
  await page.locator('main h1').first().waitFor({ timeout: UI_TIMEOUT });
}

async function oneRun(browser, origin, caseId) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pl-PL' });
  context.setDefaultTimeout(UI_TIMEOUT);
  const refused = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    refused.push(url.href);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript(installObservers);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (CPU_SLOWDOWN > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const result = {};
  try {
    // The sign-in page, first visit.
    await page.goto(`${origin}/signin`, { waitUntil: 'networkidle' });
    await page.locator('form button[type="submit"]').waitFor();
    result.signInJs = await scriptBytes(page);

    // The start page after sign-in, on a fresh load with the HTTP cache emptied.
    await signIn(page, origin);
    await cdp.send('Network.clearBrowserCache');
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
    await page.locator('main h1').first().waitFor();
    result.startJs = await scriptBytes(page);

    // The case list, from the menu (in-app navigation; its code not loaded yet in this context).
    result.listFromClick = await timeUntil(page, { click: 'nav a[href="/cases"]', ready: LIST_READY });
    // The case page with 200 updates, from its row in the list.
    await page.locator(listLink(caseId)).first().waitFor();
    result.caseFromClick = await timeUntil(page, { click: listLink(caseId), ready: CASE_READY, quietMs: 500 });

    // Full loads (warm HTTP cache, as for someone coming back): the list, then the case page.
    await page.goto(`${origin}/cases`, { waitUntil: 'commit' });
    result.listFromLoad = await timeUntil(page, { ready: LIST_READY, fromNavigation: true });
    await page.goto(`${origin}/cases/${caseId}`, { waitUntil: 'commit' });
    result.caseFromLoad = await timeUntil(page, { ready: CASE_READY, quietMs: 500, fromNavigation: true });
    result.timelineEntries = await page.locator('main .cg-timeline-entry').count();
  } finally {
    await context.close();
  }
  if (refused.length) throw new Error(`the web app asked other hosts for: ${refused.join(', ')}`);
  return result;
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
const ms = (value) => (value === null ? 'n/a' : `${Math.round(value)} ms`);
const verdict = (value, budget) => (value === null ? 'FAIL (not measured)' : value <= budget ? 'PASS' : 'FAIL');

async function main() {
  requireBuild();
  log(`database ${DB}: recreating, migrating, loading the demo…`);
  await recreateDatabase(SERVER_URL, DB);
  cli('migrate', { NODE_ENV: 'production' });
  cli('seed', { NODE_ENV: 'development' });
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const [target] = (await client.query(`SELECT id, reference, title FROM cases WHERE title LIKE $1 ORDER BY created_at LIMIT 1`, [`${CASE_TITLE_PREFIX}%`])).rows;
  if (!target) throw new Error(`no demo case titled ${CASE_TITLE_PREFIX}…`);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  log(`starting the built API on ${origin} (NODE_ENV=production, serving ${path.relative(root, WEB_DIST)})…`);
  const api = await startServer({
    name: 'the API',
    args: [...NODE_FLAGS, path.join(DIST, 'main.js')],
    cwd: root,
    env: env({ NODE_ENV: 'production', HTTP_PORT: String(port), PUBLIC_URL: origin }),
    port,
    health: '/health/ready',
    timeoutMs: 120_000,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: UI_TIMEOUT });
  try {
    log(`posting ${UPDATES} updates to ${target.reference} through the API…`);
    await addUpdates(origin, target.id);
    const [{ n }] = (await client.query('SELECT count(*)::int AS n FROM case_updates WHERE case_id = $1', [target.id])).rows;
    log(`${target.reference} now has ${n} updates`);
    await client.end();

    // One run to warm the server (its first requests compile queries, fill pools); not counted.
    log('warm-up run (not counted)…');
    await oneRun(browser, origin, target.id);
    const runs = [];
    for (let i = 1; i <= RUNS; i++) {
      const run = await oneRun(browser, origin, target.id);
      runs.push(run);
      log(
        `run ${i}/${RUNS}: sign-in JS ${kb(run.signInJs.encoded)} kB (${run.signInJs.files.length} files), start page JS ${kb(run.startJs.encoded)} kB (${run.startJs.files.length} files); ` +
          `case list ${ms(run.listFromClick.visible)} from the menu, ${ms(run.listFromLoad.visible)} on a full load; ` +
          `case page visible ${ms(run.caseFromClick.visible)} / interactive ${ms(run.caseFromClick.interactive)} from the list, ` +
          `${ms(run.caseFromLoad.visible)} / ${ms(run.caseFromLoad.interactive)} on a full load`,
      );
    }
    const m = {
      signInJsKb: median(runs.map((r) => r.signInJs.encoded / 1024)),
      startJsKb: median(runs.map((r) => r.startJs.encoded / 1024)),
      listFromClick: median(runs.map((r) => r.listFromClick.visible)),
      listFromLoad: median(runs.map((r) => r.listFromLoad.visible)),
      caseFromClick: median(runs.map((r) => r.caseFromClick.interactive)),
      caseFromLoad: median(runs.map((r) => r.caseFromLoad.interactive)),
    };
    const lines = [
      `Web budgets (median of ${RUNS} runs; Chromium ${browser.version()} headless on loopback; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}${CPU_SLOWDOWN > 1 ? `; CPU slowed ${CPU_SLOWDOWN}×` : ''})`,
      `  JavaScript, sign-in page (compressed)             ${kb(m.signInJsKb * 1024).padStart(7)} kB   budget ≤ ${BUDGETS.firstPageJsKb} kB   ${verdict(m.signInJsKb, BUDGETS.firstPageJsKb)}`,
      `  JavaScript, start page after sign-in, fresh load  ${kb(m.startJsKb * 1024).padStart(7)} kB   budget ≤ ${BUDGETS.firstPageJsKb} kB   ${verdict(m.startJsKb, BUDGETS.firstPageJsKb)}`,
      `  Case list rows visible, from the menu              ${ms(m.listFromClick).padStart(8)}   budget ≤ ${BUDGETS.caseListMs} ms   ${verdict(m.listFromClick, BUDGETS.caseListMs)}`,
      `  Case list rows visible, full load of /cases        ${ms(m.listFromLoad).padStart(8)}   budget ≤ ${BUDGETS.caseListMs} ms   ${verdict(m.listFromLoad, BUDGETS.caseListMs)}`,
      `  Case page (${UPDATES} updates) interactive, from the list ${ms(m.caseFromClick).padStart(8)}   budget ≤ ${BUDGETS.casePageMs} ms   ${verdict(m.caseFromClick, BUDGETS.casePageMs)}`,
      `  Case page (${UPDATES} updates) interactive, full load     ${ms(m.caseFromLoad).padStart(8)}   budget ≤ ${BUDGETS.casePageMs} ms   ${verdict(m.caseFromLoad, BUDGETS.casePageMs)}`,
    ];
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
    const last = runs[runs.length - 1];
    if (last) {
      process.stdout.write(`Scripts of the start page (last run): ${last.startJs.files.map((f) => `${f.path} ${kb(f.encoded)} kB`).join(', ')}\n`);
    }
    const file = writeResults('web', started, JSON.stringify({ startedAt: new Date(started).toISOString(), runs: RUNS, cpuSlowdown: CPU_SLOWDOWN, budgets: BUDGETS, medians: m, details: runs }, null, 2));
    log(`results written to ${path.relative(root, file)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    const failed = [
      [m.signInJsKb, BUDGETS.firstPageJsKb],
      [m.startJsKb, BUDGETS.firstPageJsKb],
      [m.listFromClick, BUDGETS.caseListMs],
      [m.listFromLoad, BUDGETS.caseListMs],
      [m.caseFromClick, BUDGETS.casePageMs],
      [m.caseFromLoad, BUDGETS.casePageMs],
    ].some(([value, budget]) => value === null || value > budget);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await browser.close();
    await api.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`[bench:web] ${error.stack ?? error.message}\n`);
  process.exit(1);
});
