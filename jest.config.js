// @ts-check
const { readFileSync } = require('node:fs');

/** @type {{ compilerOptions: { paths: Record<string, string[]> } }} */
const tsconfig = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, targets]) => [`^${alias}$`, `<rootDir>/${targets[0]}`]),
);

const transform = {
  // No type check here (each worker would check every file again): `npm test` type-checks everything once before
  // Jest runs, tests included (tools/typecheck.mjs).
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  // ES-module-only dependencies that CommonJS code requires (Node 20 loads them natively, Jest's loader does not):
  // content-disposition 3, under @fastify/static (the API's GraphQL IDE).
  '/node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, diagnostics: false }],
};

/**
 * Three tiers, one run: `*.spec.ts` are pure units; `*.int-spec.ts` talk to the real PostgreSQL and Redis,
 * each test file on a fresh database copied from a template migrated once (see tools/jest/global-setup.js);
 * `apps/web/e2e/*.e2e.ts` are the web app's browser journeys (Chromium against the built API, worker and web app,
 * on a database of their own the same way).
 */
/** @type {import('jest').Config} */
const config = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform,
  moduleNameMapper,
  testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/apps/**/*.int-spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/tools/**/*.spec.ts', '<rootDir>/apps/web/e2e/**/*.e2e.ts'],
  // apps/web has its own runner (Vitest) for its component tests; its browser journeys (*.e2e.ts) run here.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/src/'],
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  globalSetup: '<rootDir>/tools/jest/global-setup.js',
  setupFiles: ['reflect-metadata'],
  // A ceiling for a hung test, not an expectation of speed: the suite must pass on a loaded 2-core machine.
  // Waits inside tests (libs/server/testing/src/wait.ts) end as soon as their condition holds, below this.
  testTimeout: 180_000,
  maxWorkers: 2,
};

module.exports = config;
