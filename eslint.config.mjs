// @ts-check
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
// The rule alone, from the entry Nx itself uses for it: the main entry ('@nx/eslint-plugin' or '/nx') also
// tries to compile `tools/eslint-rules` as an Nx "workspace rules" TypeScript project (needs a tsconfig.json
// there and ts-node or swc), which our plain .mjs plugin is not, and would print an error on every run.
import { enforceModuleBoundaries } from '@nx/eslint-plugin/internal';
import cg from './tools/eslint-rules/index.mjs';

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
];

export default defineConfig(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', '**/coverage/**', '.nx/**', 'bench/results/**'],
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
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    plugins: {
      '@nx': { rules: { 'enforce-module-boundaries': enforceModuleBoundaries } },
      cg,
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints,
        },
      ],
    },
  },

  // STYLE.md rule 1: every resolver says who may call it.
  {
    files: ['**/*.ts'],
    rules: {
      'cg/graphql-resolvers-should-be-guarded': 'error',
    },
  },
);
