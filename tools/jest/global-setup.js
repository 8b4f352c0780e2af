// Migrates the template database once per run, with the built migration CLI (the same code production runs);
// every integration test file copies the template (createTestDatabase, libs/server/testing/src/test-database.ts).
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { createHash } = require('node:crypto');
const { Client } = require('pg');

module.exports = async function globalSetup() {
  const root = join(__dirname, '..', '..');
  // One template per checkout: two clones (or worktrees) running their suites on one server never drop each other's.
  const TEMPLATE = `cg_test_template_${createHash('sha256').update(root).digest('hex').slice(0, 8)}`;
  process.env.CG_TEST_TEMPLATE = TEMPLATE;
  const cli = join(root, 'dist/apps/api/apps/api/src/cli/migrate.js');
  if (!existsSync(cli)) throw new Error('Build first: npx nx run api:build (npm test does it for you)');
  const admin = new URL(process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const url = new URL(admin.toString());
  url.pathname = `/${TEMPLATE}`;
  execFileSync(process.execPath, [cli], { cwd: root, env: { ...process.env, DATABASE_URL: url.toString() }, stdio: 'pipe' });
};
