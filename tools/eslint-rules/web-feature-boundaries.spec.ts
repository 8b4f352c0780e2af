/**
 * The web app's folder rule (tools/eslint-rules/rules/web-feature-boundaries.mjs) refuses what STYLE.md forbids:
 * a feature reaching into another feature's files, anything but the app importing the app shell, GraphQL in `ui`.
 * Run with ESLint's RuleTester in a child process (the rule is an ES module, which Jest's loader does not import).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(120_000);

const rule = join(__dirname, 'rules', 'web-feature-boundaries.mjs');
const src = join(__dirname, '..', '..', 'apps', 'web', 'src');

/** Lints `code` as the file `path` (relative to apps/web/src) and answers the messageIds reported. */
function reported(path: string, code: string): string[] {
  const script = `
    import { Linter } from 'eslint';
    import rule from ${JSON.stringify(rule)};
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(${JSON.stringify(code)}, [{
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
      plugins: { local: { rules: { 'web-feature-boundaries': rule } } },
      rules: { 'local/web-feature-boundaries': 'error' },
    }], { filename: ${JSON.stringify(join(src, path))} });
    console.log(JSON.stringify(messages.map((m) => m.messageId ?? m.message)));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' }));
}

describe('the web app layer rule', () => {
  it('lets a feature use another feature through its index, and its own files freely', () => {
    expect(reported('features/home/HomePage.tsx', "import { CaseListPage } from '../cases';")).toEqual([]);
    expect(reported('features/home/HomePage.tsx', "import { CaseListPage } from '../cases/index';")).toEqual([]);
    expect(reported('features/cases/sections/TimelineSection.tsx', "import { x } from '../work/entry';")).toEqual([]);
    expect(reported('app/layout/AppLayout.tsx', "import { NotificationBell } from '../../features/notifications';")).toEqual([]);
  });

  it("refuses a feature reaching into another feature's files", () => {
    expect(reported('features/home/HomePage.tsx', "import { CaseRow } from '../cases/list/CaseRow';")).toEqual(['deepFeature']);
    expect(reported('app/router.tsx', "import { CasePage } from '../features/cases/CasePage';")).toEqual(['deepFeature']);
    expect(reported('features/home/HomePage.tsx', "const m = import('../notifications/NotificationBell');")).toEqual(['deepFeature']);
  });

  it('refuses features, ui and lib importing the app shell', () => {
    expect(reported('features/cases/CasePage.tsx', "import { createApolloClient } from '../../app/apollo';")).toEqual(['intoApp']);
    expect(reported('lib/errors.ts', "import { App } from '../app/App';")).toEqual(['intoApp']);
    expect(reported('app/router.tsx', "import { App } from './App';")).toEqual([]);
  });

  it('keeps GraphQL and features out of ui', () => {
    expect(reported('ui/ErrorAlert.tsx', "import { useQuery } from '@apollo/client/react';")).toEqual(['uiImports']);
    expect(reported('ui/ErrorAlert.tsx', "import { graphql } from '../gql';")).toEqual(['uiImports']);
    expect(reported('ui/ErrorAlert.tsx', "import { CasePage } from '../features/cases';")).toEqual(['uiImports']);
    expect(reported('ui/ErrorAlert.tsx', "import { Alert } from '@mantine/core';")).toEqual([]);
  });

  it('has ui pieces imported by file, not through a barrel', () => {
    expect(reported('features/home/HomePage.tsx', "import { ErrorAlert } from '../../ui';")).toEqual(['uiByFile']);
    expect(reported('features/home/HomePage.tsx', "import { ErrorAlert } from '../../ui/index';")).toEqual(['uiByFile']);
    expect(reported('features/home/HomePage.tsx', "import { ErrorAlert } from '../../ui/ErrorAlert';")).toEqual([]);
  });
});
