// @ts-check
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
// The rule alone, from the entry Nx itself uses for it: the main entry ('@nx/eslint-plugin' or '/nx') also
// tries to compile `tools/eslint-rules` as an Nx "workspace rules" TypeScript project (needs a tsconfig.json
// there and ts-node or swc), which our plain .mjs plugin is not, and would print an error on every run.
import { enforceModuleBoundaries } from '@nx/eslint-plugin/internal';
import local from './tools/eslint-rules/index.mjs';

/**
 * Nx tags are real constraints (STYLE.md, Layout): type × scope. Projects declare their tags in project.json.
 * A project with no tag matching a constraint may import no project at all.
 */
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:infra', 'type:shared', 'type:testing'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:infra', 'type:shared'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:shared'] },
  { sourceTag: 'type:shared', onlyDependOnLibsWithTags: ['type:shared'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:infra', 'type:shared', 'type:feature'] },
  // The api never imports the worker nor the other way (directly or through a lib that carries the scope).
  { sourceTag: 'scope:api', notDependOnLibsWithTags: ['scope:worker'] },
  { sourceTag: 'scope:worker', notDependOnLibsWithTags: ['scope:api'] },
  // The web app is a browser bundle: no server library, ever (shared framework-free types at most).
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['type:shared'] },
];

/** Test files (STYLE.md rule 12) may also use the testing library; nothing else changes for them. */
const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', 'apps/web/e2e/**/*.ts'];
const testDepConstraints = depConstraints.map((constraint) =>
  constraint.onlyDependOnLibsWithTags && !constraint.onlyDependOnLibsWithTags.includes('type:testing')
    ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
    : constraint,
);

/** @param {typeof depConstraints} constraints */
const moduleBoundaries = (constraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: constraints,
    // Only test files import the testing library, and it imports the libraries it sets up (db, ...), so a
    // library whose tests use it forms a cycle through it in the project graph. Those cycles are expected.
    // (Not ['tag:type:testing', '*']: '*' includes the testing library itself, and Nx then checks its own
    // relative imports against the tag constraints.)
    ignoredCircularDependencies: [
      ['tag:type:testing', 'tag:type:infra'],
      ['tag:type:testing', 'tag:type:feature'],
      ['tag:type:testing', 'tag:type:shared'],
    ],
    // Nx's "static import of a lazy-loaded library" check is about browser bundles; a server test that does
    // `await import('@cg/server/db')` must not forbid the static imports everywhere else in its project.
    checkDynamicDependenciesExceptions: ['@cg/**'],
  },
];

export default defineConfig(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', '**/coverage/**', '.nx/**', 'bench/results/**', 'apps/web/src/**/gql/**', 'test-output/**'],
  },

  ...tseslint.configs.recommended,

  // package.json has no "type": "module", so .js and .cjs files are CommonJS (jest.config.js, tools/jest/*).
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // Type-aware rules (STYLE.md rule 13): the root tsconfig.json includes apps, libs, bench and tools.
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // Root-level files outside the tsconfig include globs (e.g. a jest.config.ts) get a default project.
        projectService: { allowDefaultProject: ['*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },

  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    plugins: {
      '@nx': { rules: { 'enforce-module-boundaries': enforceModuleBoundaries } },
      local,
    },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(depConstraints),
      // Each library is imported only through its src/index.ts. Nx refuses relative and `libs/...` paths into
      // another project, but it resolves only the exact alias ('@cg/server/db') and lets '@cg/server/db/src/…'
      // through, so deep imports under an alias are refused here.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@cg/[^/]+/[^/]+/.+',
              message: "Import a library only through its alias (e.g. '@cg/server/db'), which maps to its src/index.ts.",
            },
          ],
        },
      ],
    },
  },

  {
    files: testFiles,
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(testDepConstraints),
    },
  },

  // The web app: type-aware rules on its own tsconfig (DOM, JSX); a feature imports another feature only through
  // its index (features/<name>/index.ts), never its files; pages compose features.
  {
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    // The browser journeys run in Node under Jest, against the built API (their own tsconfig, Node types).
    ignores: ['apps/web/e2e/**'],
    languageOptions: {
      parserOptions: { projectService: false, project: ['apps/web/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'local/web-feature-boundaries': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@cg/server/', message: 'The web app never imports a server library.' },
          ],
        },
      ],
    },
  },

  // One way to write SQL (docs/decisions/006): the sql tagged template of @cg/server/db, values always parameters.
  // Migrations are a fixed history of DDL; tests set up rows as they need.
  {
    files: ['libs/server/**/*.ts', 'apps/api/src/**/*.ts', 'apps/worker/src/**/*.ts'],
    ignores: ['libs/server/db/src/migrations/**', 'libs/server/db/src/sql.ts', '**/*.spec.ts', '**/*.int-spec.ts', 'libs/server/testing/**'],
    rules: { 'local/sql-through-helper': 'error' },
  },

  // STYLE.md rule 6: the environment is read once, by the configuration library, and validated there. Exempt, and only
  // these: tools and benchmarks (they start the processes and hand them their environment), tests and their support
  // (the testing library, the apps' test helpers, the web app's browser journeys), which set up that environment.
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: ['libs/server/config/**', 'tools/**', 'bench/**', ...testFiles, 'libs/server/testing/**', 'apps/*/test/**'],
    rules: { 'local/no-process-env': 'error' },
  },

  // STYLE.md rule 1: every resolver says who may call it.
  {
    files: ['**/*.ts'],
    rules: {
      'local/resolver-needs-policy': 'error',
    },
  },
);
