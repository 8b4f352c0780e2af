#!/usr/bin/env node
// `npm test`: every test, the way CI runs them.
//   build (the migration CLI the tests use, the web app the browser tests open) → type check of every file, tests
//   included (tools/typecheck.mjs; Jest compiles without checking types) → lint (with the module-boundary
//   rule) → the web app's component tests (Vitest) → Jest: unit tests and
//   integration tests against the real PostgreSQL (DATABASE_URL's server, default 127.0.0.1:5432) and Redis
//   (default 127.0.0.1:6379), a fresh database per test file, two workers in parallel.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nx = join(root, 'node_modules/nx/dist/bin/nx.js');
const started = Date.now();

function step(name, args) {
  console.log(`\n→ ${name}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed.`);
    process.exit(result.status ?? 1);
  }
}

step('Build', [nx, 'run-many', '-t', 'build', '--projects=api,worker,web', '--output-style=static']);
// After the build, which generated the web app's GraphQL types the web project's check needs.
step('Type check', [join(root, 'tools/typecheck.mjs')]);
// One repo-wide ESLint run (the same config and rules as `nx lint`), after the build so that Nx has computed the
// project graph the module-boundary rule needs (on a fresh clone the rule would otherwise be skipped).
step('Lint', [join(root, 'node_modules/eslint/bin/eslint.js'), '.', '--max-warnings=0']);
// The web app's component tests (Vitest, jsdom); its browser journeys against the real API run under Jest below.
if (process.argv.length <= 2) step('Web unit tests', [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'apps/web/vite.config.mts']);
step('Tests', [join(root, 'node_modules/jest/bin/jest.js'), '--ci', ...process.argv.slice(2)]);
console.log(`\n✓ All tests passed in ${Math.round((Date.now() - started) / 1000)} s.`);
