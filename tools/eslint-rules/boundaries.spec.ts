/**
 * Proves that the root eslint.config.mjs really enforces the Nx tag constraints and STYLE.md rule 1.
 *
 * The workspace has only one `type:feature` library, so "a feature may not import another feature" cannot be
 * shown on the real project graph. Instead the test builds a tiny throw-away Nx workspace in the OS temp
 * directory (two feature libs, an infra lib scoped to the worker, a testing lib, an api app, a resolver),
 * copies the *real* root `eslint.config.mjs` and `tools/eslint-rules` into it byte for byte, links
 * `node_modules`, and lints its files with ESLint's Node API (`new ESLint(...).lintText(code, { filePath })`).
 * Turning a rule off, or loosening a constraint, in the root config makes this test fail. Nothing is written
 * inside the repository.
 *
 * The linting runs in a child Node process: the Nx rule finds the workspace and its cached project graph
 * from the process's working directory, and ESLint loads the flat config with a native `import()`, which
 * Jest refuses without --experimental-vm-modules ("A dynamic import callback was invoked without ...").
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// A ceiling for a loaded machine (it lints a whole throw-away workspace in a child process), not an expectation.
jest.setTimeout(240_000);

const repoRoot = join(__dirname, '..', '..');

interface LintMessage {
  ruleId: string | null;
  messageId?: string;
  message: string;
}
type LintResults = Record<string, LintMessage[]>;

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'cg-lint-fixture', private: true }),
  'nx.json': JSON.stringify({ useDaemonProcess: false, analytics: false }),
  'tsconfig.base.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      moduleResolution: 'node10',
      strict: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      skipLibCheck: true,
      ignoreDeprecations: '6.0',
      baseUrl: '.',
      types: ['node'],
      paths: {
        '@cg/shared/domain': ['libs/shared/domain/src/index.ts'],
        '@cg/server/identity': ['libs/server/identity/src/index.ts'],
        '@cg/server/cases': ['libs/server/cases/src/index.ts'],
        '@cg/server/schedules': ['libs/server/schedules/src/index.ts'],
        '@cg/server/testing': ['libs/server/testing/src/index.ts'],
      },
    },
  }),
  'tsconfig.json': JSON.stringify({
    extends: './tsconfig.base.json',
    compilerOptions: { noEmit: true },
    include: ['apps/**/*.ts', 'libs/**/*.ts'],
  }),

  'libs/shared/domain/project.json': JSON.stringify({ name: 'shared-domain', tags: ['type:shared'] }),
  'libs/shared/domain/src/index.ts': `export const ROLES = ['admin'] as const;\n`,

  'libs/server/cases/project.json': JSON.stringify({ name: 'server-cases', tags: ['type:feature'] }),
  'libs/server/cases/src/index.ts': `export class CasesService {}\n`,
  'libs/server/cases/src/cases.model.ts': `export class CaseModel {}\n`,

  'libs/server/schedules/project.json': JSON.stringify({ name: 'server-schedules', tags: ['type:infra', 'scope:worker'] }),
  'libs/server/schedules/src/index.ts': `export const NIGHTLY = '0 3 * * *';\n`,

  // the testing library sets up what it tests, so a library whose tests use it forms a cycle through it
  'libs/server/testing/project.json': JSON.stringify({ name: 'server-testing', tags: ['type:testing'] }),
  'libs/server/testing/src/index.ts': `import { UsersService } from '@cg/server/identity';\nexport const makeUsers = () => new UsersService();\n`,

  'libs/server/identity/project.json': JSON.stringify({ name: 'server-identity', tags: ['type:feature'] }),
  'libs/server/identity/src/index.ts': `export class UsersService {}\n`,
  // allowed: a feature may use shared code
  'libs/server/identity/src/uses-shared.ts': `import { ROLES } from '@cg/shared/domain';\nexport const roles = ROLES;\n`,
  // refused: a feature never imports another feature
  'libs/server/identity/src/uses-cases.ts': `import { CasesService } from '@cg/server/cases';\nexport const cases = new CasesService();\n`,
  // allowed in a test file only: the testing library
  'libs/server/identity/src/users.service.spec.ts': `import { makeUsers } from '@cg/server/testing';\nexport const users = makeUsers();\n`,
  'libs/server/identity/src/uses-testing.ts': `import { makeUsers } from '@cg/server/testing';\nexport const users = makeUsers();\n`,
  // refused: no deep imports, neither by a relative path across projects nor under a library's alias
  'libs/server/identity/src/deep-import.ts': `import { CaseModel } from '../../cases/src/cases.model';\nexport const model = CaseModel;\n`,
  'libs/server/identity/src/deep-alias-import.ts': `import { CaseModel } from '@cg/server/cases/src/cases.model';\nexport const model = CaseModel;\n`,
  'libs/server/identity/src/users.resolver.ts': [
    `import { Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';`,
    `declare function Policy(action: string, subject: string): MethodDecorator;`,
    `declare function Public(): MethodDecorator;`,
    ``,
    `@Resolver()`,
    `export class UsersResolver {`,
    `  @Query(() => Boolean)`,
    `  unguardedQuery() { return true; }`,
    ``,
    `  @Query(() => Boolean)`,
    `  @Policy('read', 'User')`,
    `  guardedQuery() { return true; }`,
    ``,
    `  @Mutation(() => Boolean)`,
    `  @Public()`,
    `  publicMutation() { return true; }`,
    ``,
    `  @ResolveField(() => Boolean)`,
    `  exemptField() { return true; }`,
    `}`,
    ``,
  ].join('\n'),

  'apps/api/project.json': JSON.stringify({ name: 'api', projectType: 'application', tags: ['type:app', 'scope:api'] }),
  // allowed: an app may use a feature
  'apps/api/src/main.ts': `import { UsersService } from '@cg/server/identity';\nexport const users = new UsersService();\n`,
  // refused: the api never depends on something scoped to the worker
  'apps/api/src/uses-worker-lib.ts': `import { NIGHTLY } from '@cg/server/schedules';\nexport const cron = NIGHTLY;\n`,
};

/** Runs in the fixture workspace: builds its Nx project graph, then lints every .ts file with the Node API. */
const lintScript = `
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';

const cwd = process.cwd();
await createProjectGraphAsync({ exitOnError: true });
const eslint = new ESLint({ cwd, overrideConfigFile: join(cwd, 'eslint.config.mjs') });
const out = {};
for (const filePath of JSON.parse(process.argv[2])) {
  const [result] = await eslint.lintText(readFileSync(join(cwd, filePath), 'utf8'), { filePath });
  out[filePath] = result.messages.map(({ ruleId, messageId, message }) => ({ ruleId, messageId, message }));
}
process.stdout.write('\\n@@RESULTS@@' + JSON.stringify(out));
`;

let fixture: string;
let results: LintResults;

const boundaryErrors = (file: string) => (results[file] ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries');

beforeAll(() => {
  fixture = mkdtempSync(join(tmpdir(), 'cg-lint-fixture-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), content);
  }
  // The configuration under test, unchanged.
  cpSync(join(repoRoot, 'eslint.config.mjs'), join(fixture, 'eslint.config.mjs'));
  cpSync(join(repoRoot, 'tools/eslint-rules'), join(fixture, 'tools/eslint-rules'), {
    recursive: true,
    filter: (source) => !source.endsWith('.ts'),
  });
  symlinkSync(join(repoRoot, 'node_modules'), join(fixture, 'node_modules'), 'dir');
  writeFileSync(join(fixture, 'lint.mjs'), lintScript);

  const toLint = Object.keys(files).filter((path) => path.endsWith('.ts'));
  const stdout = execFileSync(process.execPath, [join(fixture, 'lint.mjs'), JSON.stringify(toLint)], {
    cwd: fixture,
    encoding: 'utf8',
    env: { ...process.env, NX_WORKSPACE_ROOT_PATH: fixture, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_VERBOSE_LOGGING: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const marker = stdout.lastIndexOf('@@RESULTS@@');
  if (marker < 0) throw new Error(`the fixture lint printed no results:\n${stdout}`);
  results = JSON.parse(stdout.slice(marker + '@@RESULTS@@'.length)) as LintResults;
});

afterAll(() => {
  if (fixture) rmSync(fixture, { recursive: true, force: true });
});

describe('module boundaries in eslint.config.mjs', () => {
  it('parses every fixture file (no parser or configuration errors)', () => {
    const fatal = Object.entries(results).flatMap(([file, messages]) =>
      messages.filter((m) => m.ruleId === null).map((m) => `${file}: ${m.message}`),
    );
    expect(fatal).toEqual([]);
  });

  it('allows what the tags allow (feature → shared, app → feature)', () => {
    expect(boundaryErrors('libs/server/identity/src/uses-shared.ts')).toEqual([]);
    expect(boundaryErrors('apps/api/src/main.ts')).toEqual([]);
  });

  it('lets test files, and only them, use the testing library (and its cycle back)', () => {
    expect(boundaryErrors('libs/server/identity/src/users.service.spec.ts')).toEqual([]);
    expect(boundaryErrors('libs/server/testing/src/index.ts')).toEqual([]);
    expect(boundaryErrors('libs/server/identity/src/uses-testing.ts')).toEqual([
      expect.objectContaining({ messageId: 'onlyTagsConstraintViolation' }),
    ]);
  });

  it('refuses a feature importing another feature', () => {
    const errors = boundaryErrors('libs/server/identity/src/uses-cases.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ messageId: 'onlyTagsConstraintViolation' });
    expect(errors[0]?.message).toContain('type:feature');
  });

  it('refuses the api depending on a project scoped to the worker', () => {
    const errors = boundaryErrors('apps/api/src/uses-worker-lib.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ messageId: 'notTagsConstraintViolation' });
    expect(errors[0]?.message).toContain('scope:worker');
  });

  it('refuses a deep import into another project by a relative path', () => {
    expect(boundaryErrors('libs/server/identity/src/deep-import.ts')).toEqual([
      expect.objectContaining({ messageId: 'noRelativeOrAbsoluteImportsAcrossLibraries' }),
    ]);
  });

  // Nx resolves only the exact alias '@cg/server/cases'; it lets '@cg/server/cases/src/…' through, so the
  // config adds no-restricted-imports for it.
  it('refuses a deep import under a library alias', () => {
    const errors = (results['libs/server/identity/src/deep-alias-import.ts'] ?? []).filter(
      (m) => m.ruleId === 'no-restricted-imports',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('@cg/server/cases/src/cases.model');
  });
});

describe('local/resolver-needs-policy in eslint.config.mjs', () => {
  it('reports the unguarded @Query and nothing else', () => {
    const reports = (results['libs/server/identity/src/users.resolver.ts'] ?? []).filter(
      (m) => m.ruleId === 'local/resolver-needs-policy',
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]?.message).toContain("query 'unguardedQuery'");
  });
});
