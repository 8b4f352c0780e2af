#!/usr/bin/env node
// Type-checks every TypeScript file, tests included (Jest runs them through ts-jest without its type check, for speed):
//   tsconfig.json            apps, libs, bench and tools, specs and integration tests included (Node, CommonJS)
//   apps/web/e2e/tsconfig.json  the web app's browser journeys (Node and the DOM)
//   apps/web/tsconfig.json   the web app (bundler resolution, JSX); needs the GraphQL codegen output (the build makes it)
// Three compiler options, three projects, checked side by side. Incremental: the compiler's notes are kept in
// tmp/typecheck/, so that a second run checks only what changed.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const PROJECTS = [
  { name: 'server', config: 'tsconfig.json' },
  { name: 'web-e2e', config: 'apps/web/e2e/tsconfig.json' },
  { name: 'web', config: 'apps/web/tsconfig.json' },
];

function check({ name, config }) {
  const started = Date.now();
  const args = [tsc, '--noEmit', '-p', config, '--incremental', '--tsBuildInfoFile', join(root, 'tmp/typecheck', `${name}.tsbuildinfo`)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ name, config, ok: code === 0, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const started = Date.now();
const results = await Promise.all(PROJECTS.map(check));
for (const result of results) {
  console.log(`${result.ok ? '✓' : '✗'} ${result.config} (${result.seconds.toFixed(1)} s)`);
  if (!result.ok) process.stdout.write(result.output);
}
console.log(`Type check: ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(results.every((result) => result.ok) ? 0 : 1);
