/**
 * The feature-library generator (tools/generators/feature-library), run on a tree holding the workspace's real
 * tsconfig.base.json and ability.ts: what it creates, what it changes (and leaves alone), the names it derives, what it
 * refuses, and that its resolver and service pass the house's lint rules on policies and SQL. (That the generated
 * library builds, lints and passes its own tests in the real workspace is shown by running it: CONTRIBUTING.md.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectConfiguration, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import ts from 'typescript';
import featureLibraryGenerator, { normalise } from './feature-library/generator';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const REAL = ['tsconfig.base.json', 'libs/server/authz/src/ability.ts'];

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const path of REAL) tree.write(path, readFileSync(join(ROOT, path), 'utf8'));
  return tree;
}

const read = (tree: Tree, path: string) => tree.read(path, 'utf-8') ?? '';

/** The messages of the house rules `resolver-needs-policy` and `sql-through-helper` for each file (ESLint in a child process: the rules are ES modules). */
function houseRules(files: Record<string, string>): Record<string, string[]> {
  const script = `
    import { Linter } from 'eslint';
    import tseslint from 'typescript-eslint';
    import policy from ${JSON.stringify(join(ROOT, 'tools/eslint-rules/rules/resolver-needs-policy.mjs'))};
    import sqlRule from ${JSON.stringify(join(ROOT, 'tools/eslint-rules/rules/sql-through-helper.mjs'))};
    const linter = new Linter({ configType: 'flat' });
    const config = [{
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
      plugins: { local: { rules: { 'resolver-needs-policy': policy, 'sql-through-helper': sqlRule } } },
      rules: { 'local/resolver-needs-policy': 'error', 'local/sql-through-helper': 'error' },
    }];
    const files = ${JSON.stringify(files)};
    const out = {};
    for (const [name, code] of Object.entries(files)) out[name] = linter.verify(code, config, { filename: name }).map((m) => m.messageId ?? m.message);
    console.log(JSON.stringify(out));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

describe('nx g ./tools/generators:feature-library', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = workspace();
    await featureLibraryGenerator(tree, { name: 'mediation-sessions' });
  });

  it('creates the library: module, resolver, service, queries, model, inputs, tests, tsconfig files and jest config', () => {
    const root = 'libs/server/mediation-sessions';
    const files = tree.children(root).flatMap((entry) => (tree.isFile(`${root}/${entry}`) ? [entry] : tree.children(`${root}/${entry}`).map((child) => `${entry}/${child}`)));
    expect(files.sort()).toEqual(
      [
        'jest.config.js',
        'project.json',
        'src/index.ts',
        'src/mediation-session.inputs.ts',
        'src/mediation-session.model.ts',
        'src/mediation-sessions.module.ts',
        'src/mediation-sessions.policy.spec.ts',
        'src/mediation-sessions.queries.ts',
        'src/mediation-sessions.resolver.ts',
        'src/mediation-sessions.service.int-spec.ts',
        'src/mediation-sessions.service.ts',
        'tsconfig.json',
        'tsconfig.lib.json',
        'tsconfig.spec.json',
      ].sort(),
    );
    expect(read(tree, `${root}/src/index.ts`)).toBe("export * from './mediation-sessions.module';\nexport * from './mediation-sessions.service';\n");
    expect(read(tree, `${root}/tsconfig.json`)).toContain('"extends": "../../../tsconfig.base.json"');
  });

  it('creates the API integration test of its operations beside the others (a library may not import the app)', () => {
    const test = read(tree, 'apps/api/test/mediation-sessions.int-spec.ts');
    expect(test).toContain("import { MediationSessionsModule } from '@cg/server/mediation-sessions';");
    expect(test).toContain('startApi({}, { imports: [MediationSessionsModule] })');
    expect(test).toContain('{ mediationSessions(first: 100) { totalCount edges { node { title organisationId } } } }');
    expect(test).toContain('mutation($input: CreateMediationSessionInput!) { createMediationSession(input: $input)');
  });

  it('tags it as a feature library, with build and test targets (lint is inferred by @nx/eslint)', () => {
    const project = JSON.parse(read(tree, 'libs/server/mediation-sessions/project.json')) as ProjectConfiguration;
    expect(project.name).toBe('server-mediation-sessions');
    expect(project.tags).toEqual(['type:feature']);
    expect(project.projectType).toBe('library');
    expect(project.sourceRoot).toBe('libs/server/mediation-sessions/src');
    expect(project.targets?.build?.options).toEqual({ command: 'tsc -p libs/server/mediation-sessions/tsconfig.lib.json' });
    expect(project.targets?.test?.options).toEqual({ command: 'node node_modules/jest/bin/jest.js --ci --config libs/server/mediation-sessions/jest.config.js' });
  });

  it('adds the path alias as one line, leaving the rest of tsconfig.base.json as it was', () => {
    const before = readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8').split('\n');
    const after = read(tree, 'tsconfig.base.json').split('\n');
    expect(after).toHaveLength(before.length + 1);
    const added = after.findIndex((line) => line.includes('@cg/server/mediation-sessions'));
    expect(after[added]).toBe('      "@cg/server/mediation-sessions": ["libs/server/mediation-sessions/src/index.ts"]');
    // The entry before it gains its comma; every other line is untouched.
    expect(after[added - 1]).toBe(`${before[added - 1]},`);
    expect([...after.slice(0, added - 1), ...after.slice(added + 1)]).toEqual([...before.slice(0, added - 1), ...before.slice(added)]);
    expect(JSON.parse(read(tree, 'tsconfig.base.json')).compilerOptions.paths['@cg/server/mediation-sessions']).toEqual(['libs/server/mediation-sessions/src/index.ts']);
  });

  it('declares the subject and its starting rules in ability.ts, called from defineAbilityFor', () => {
    const ability = read(tree, 'libs/server/authz/src/ability.ts');
    const fields = /export interface SubjectFields \{([\s\S]*?)\n\}/.exec(ability)?.[1] ?? '';
    expect(fields).toContain('  MediationSession: { id: string; organisationId: string };');
    const define = /export function defineAbilityFor[\s\S]*?\n\}/.exec(ability)?.[0] ?? '';
    expect(define).toMatch(/defineMediationSessionRules\(actor, roles, can\);\n {2}return build\(\);\n\}$/);
    expect(ability).toContain("function defineMediationSessionRules(actor: Actor, roles: Set<Role>, can: CanFn): void {");
    expect(ability).toContain("can('read', 'MediationSession', own)");
    expect(ability).toContain("can('create', 'MediationSession', own)");
  });

  it('puts a policy on every operation of the resolver and reads through sql with rulesToSql (the house lint rules pass)', () => {
    const root = 'libs/server/mediation-sessions/src';
    const resolver = read(tree, `${root}/mediation-sessions.resolver.ts`);
    expect(resolver).toContain("@Policy('read', 'MediationSession')\n  mediationSessions(");
    expect(resolver).toContain("@Policy('create', 'MediationSession')\n  createMediationSession(");
    const service = read(tree, `${root}/mediation-sessions.service.ts`);
    expect(service).toContain("rulesToSql(abilityOf(request), 'read', 'MediationSession', mediationSessionFields('x'))");
    expect(read(tree, `${root}/mediation-sessions.queries.ts`)).toContain('FROM mediation_sessions x WHERE ${visible}');
    const files = Object.fromEntries(['resolver', 'service', 'queries'].map((part) => [`${root}/mediation-sessions.${part}.ts`, read(tree, `${root}/mediation-sessions.${part}.ts`)]));
    expect(houseRules(files)).toEqual(Object.fromEntries(Object.keys(files).map((file) => [file, []])));
    // The same rules do fire on a resolver without a policy: the check above can fail.
    const unguarded = resolver.replace("  @Policy('create', 'MediationSession')\n", '');
    expect(houseRules({ 'unguarded.resolver.ts': unguarded })['unguarded.resolver.ts']).toEqual(['unguarded']);
  });

  it('writes TypeScript without syntax errors and no template markers left over', () => {
    const root = 'libs/server/mediation-sessions';
    const sources = ['src/index.ts', 'src/mediation-session.inputs.ts', 'src/mediation-session.model.ts', 'src/mediation-sessions.module.ts', 'src/mediation-sessions.policy.spec.ts', 'src/mediation-sessions.queries.ts', 'src/mediation-sessions.resolver.ts', 'src/mediation-sessions.service.int-spec.ts', 'src/mediation-sessions.service.ts'];
    for (const file of [...sources.map((source) => `${root}/${source}`), 'apps/api/test/mediation-sessions.int-spec.ts']) {
      const text = read(tree, file);
      expect(text).not.toMatch(/<%|%>|__\w+__/);
      const output = ts.transpileModule(text, { fileName: file, reportDiagnostics: true, compilerOptions: { experimentalDecorators: true, target: ts.ScriptTarget.ES2022 } });
      expect({ file, diagnostics: output.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) }).toEqual({ file, diagnostics: [] });
    }
    for (const file of ['tsconfig.json', 'tsconfig.lib.json', 'tsconfig.spec.json']) expect(() => JSON.parse(read(tree, `${root}/${file}`))).not.toThrow();
  });

  it('derives the names from the library name, or takes the subject it is given', () => {
    expect(normalise({ name: 'mediation-sessions' })).toMatchObject({ subject: 'MediationSession', className: 'MediationSessions', listField: 'mediationSessions', table: 'mediation_sessions', alias: '@cg/server/mediation-sessions', projectName: 'server-mediation-sessions' });
    expect(normalise({ name: 'example' })).toMatchObject({ subject: 'Example', className: 'Example', listField: 'examples', listClass: 'Examples', table: 'examples', subjectFile: 'example' });
    expect(normalise({ name: 'activities' })).toMatchObject({ subject: 'Activity', listField: 'activities' });
    expect(normalise({ name: 'patrols', subject: 'PatrolRoute' })).toMatchObject({ subject: 'PatrolRoute', subjectFile: 'patrol-route', listField: 'patrols' });
  });

  it('refuses a library that exists, a subject that exists and a name that is not kebab-case, changing nothing', async () => {
    await expect(featureLibraryGenerator(tree, { name: 'mediation-sessions' })).rejects.toThrow('libs/server/mediation-sessions exists already');
    const fresh = workspace();
    fresh.write('apps/api/test/audits.int-spec.ts', '// an existing test\n');
    await expect(featureLibraryGenerator(fresh, { name: 'audits' })).rejects.toThrow('apps/api/test/audits.int-spec.ts exists already');
    await expect(featureLibraryGenerator(fresh, { name: 'case-notes', subject: 'Case' })).rejects.toThrow('subject Case already exists');
    await expect(featureLibraryGenerator(fresh, { name: 'Case_Notes' })).rejects.toThrow('is not a kebab-case name');
    expect(read(fresh, 'libs/server/authz/src/ability.ts')).toBe(readFileSync(join(ROOT, 'libs/server/authz/src/ability.ts'), 'utf8'));
    expect(read(fresh, 'tsconfig.base.json')).toBe(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8'));
    expect(fresh.exists('libs/server/case-notes')).toBe(false);
  });

  it('leaves ability.ts alone with skipAbility', async () => {
    const fresh = workspace();
    await featureLibraryGenerator(fresh, { name: 'patrols', skipAbility: true });
    expect(read(fresh, 'libs/server/authz/src/ability.ts')).toBe(readFileSync(join(ROOT, 'libs/server/authz/src/ability.ts'), 'utf8'));
    expect(fresh.exists('libs/server/patrols/src/patrols.service.ts')).toBe(true);
  });
});
