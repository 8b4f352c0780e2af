/**
 * The environment rule (tools/eslint-rules/rules/no-process-env.mjs) refuses reading `process.env` outside the
 * configuration library, and eslint.config.mjs applies it to every file but the few exempt. Run with ESLint in a
 * child process (the rule and the config are ES modules, which Jest's loader does not import).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { reportedBy } from './support/lint-snippets';

jest.setTimeout(120_000);

const root = join(__dirname, '..', '..');

const reported = (snippets: string[]): string[][] => reportedBy('no-process-env', snippets);

/** Whether the repository's configuration turns the rule on for each file. */
function ruleIsOn(files: string[]): boolean[] {
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint({ cwd: ${JSON.stringify(root)} });
    const files = ${JSON.stringify(files)};
    const on = [];
    for (const file of files) {
      const config = await eslint.calculateConfigForFile(file);
      const setting = config?.rules?.['local/no-process-env'];
      on.push(Array.isArray(setting) ? setting[0] === 2 || setting[0] === 'error' : setting === 2 || setting === 'error');
    }
    console.log(JSON.stringify(on));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
}

describe('process.env only in the configuration library', () => {
  it('refuses reading the environment in every form', () => {
    expect(
      reported([
        "const relay = process.env.OUTBOX_RELAY !== 'off';",
        "const url = process['env'].DATABASE_URL;",
        'const level = globalThis.process.env.LOG_LEVEL;',
        'const { env } = process;',
        "import { env } from 'node:process';",
        'Object.assign(process.env, { A: "1" });',
      ]),
    ).toEqual([['processEnv'], ['processEnv'], ['processEnv'], ['processEnv'], ['processEnv'], ['processEnv']]);
  });

  it('accepts the rest of process and a configuration passed in', () => {
    const ok = ['process.exitCode = 1;', 'const { pid } = process;', 'const relay = config.outbox.relay;', 'const env = loadEnv(); use(env.DATABASE_URL);', "import { argv } from 'node:process';"];
    expect(reported(ok)).toEqual(ok.map(() => []));
  });

  it('is on for the apps and libraries, off only for the configuration library, tools, benchmarks and tests', () => {
    const on = ['apps/api/src/main.ts', 'apps/worker/src/main.ts', 'libs/server/notifications/src/relay/outbox-relay.service.ts', 'libs/server/db/src/migrate.ts', 'apps/web/src/main.tsx'];
    const off = [
      'libs/server/config/src/app-config.ts',
      'tools/test.mjs',
      'bench/notifications.bench.mjs',
      'libs/server/testing/src/test-database.ts',
      'apps/worker/test/start.ts',
      'apps/api/test/outage.int-spec.ts',
      'libs/server/db/src/outbox.service.int-spec.ts',
      'apps/web/e2e/support/stack.ts',
    ];
    expect(ruleIsOn([...on, ...off])).toEqual([...on.map(() => true), ...off.map(() => false)]);
  });
});
