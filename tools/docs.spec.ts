import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { envSchema } from '@cg/server/config';

/**
 * The repository explains itself: every setting of the configuration schema has a row in the README's table, and
 * every local link or path the README, CONTRIBUTING.md and docs/ point at exists inside the repository (a clone has
 * nothing beside it).
 */

const ROOT = join(__dirname, '..');

function markdownFiles(): string[] {
  const files = [join(ROOT, 'README.md'), join(ROOT, 'CONTRIBUTING.md')];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  for (const dir of ['docs', 'docker']) if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
  return files;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const match of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    found.add(
      match[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return found;
}

/** The README's configuration table: the variables named in its first column. */
function configurationTable(readme: string): Set<string> {
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    const first = /^\|([^|]*)\|/.exec(line)?.[1];
    for (const name of first?.matchAll(/`([A-Z][A-Z0-9_]*)`/g) ?? []) names.add(name[1]!);
  }
  return names;
}

describe('the README, CONTRIBUTING.md and docs/', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('name every variable of the configuration schema in the README’s table, and nothing the schema does not know', () => {
    const table = configurationTable(readme);
    const schema = Object.keys(envSchema.shape);
    expect(schema.length).toBeGreaterThan(10);
    expect(schema.filter((name) => !table.has(name))).toEqual([]);
    expect([...table].filter((name) => !schema.includes(name))).toEqual([]);
  });

  it('link only to files inside the repository that exist (and to headings that exist)', () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      // Markdown links and images, outside code blocks.
      const prose = text.replace(/^```[\s\S]*?^```/gm, '');
      for (const match of prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = match[1]!;
        if (/^(https?:|mailto:)/.test(target)) continue;
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const resolved = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
        if (relative(ROOT, resolved).startsWith('..')) broken.push(`${where}: ${target} leaves the repository`);
        else if (!existsSync(resolved)) broken.push(`${where}: ${target} does not exist`);
        else if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${where}: ${target} has no such heading`);
      }
      // Paths written as code that climb out of the repository (`../shared/…`).
      for (const match of text.matchAll(/`(\.\.\/[^`\s]*)`/g)) {
        if (relative(ROOT, resolve(dirname(file), match[1]!)).startsWith('..')) broken.push(`${where}: \`${match[1]}\` is outside the repository`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('point a newcomer at the architecture and the domain from the README', () => {
    expect(readme).toMatch(/\]\(docs\/architecture\.md\)/);
    expect(readme).toMatch(/\]\(docs\/domain\.md\)/);
    const architecture = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    for (const heading of ['Two processes, many libraries', 'From a request to SQL', 'From an event to a notification', 'The access model', 'Tests, in tiers']) {
      expect(architecture).toContain(`## ${heading}`);
    }
  });
});
