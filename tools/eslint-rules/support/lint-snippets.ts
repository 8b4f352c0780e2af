import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The messageIds one local rule (`tools/eslint-rules/rules/<name>.mjs`) reports for each snippet, linted as
 * `service.js` by ESLint's Linter in one child process: the rules are ES modules, which Jest's loader does not import.
 */
export function reportedBy(name: string, snippets: string[]): string[][] {
  const rule = join(ROOT, 'tools', 'eslint-rules', 'rules', `${name}.mjs`);
  const script = `
    import { Linter } from 'eslint';
    import rule from ${JSON.stringify(rule)};
    const linter = new Linter({ configType: 'flat' });
    const config = [{
      files: ['**/*.js'],
      languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
      plugins: { local: { rules: { ${JSON.stringify(name)}: rule } } },
      rules: { ${JSON.stringify(`local/${name}`)}: 'error' },
    }];
    const snippets = ${JSON.stringify(snippets)};
    console.log(JSON.stringify(snippets.map((code) => linter.verify(code, config, { filename: 'service.js' }).map((m) => m.messageId ?? m.message))));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[][];
}
