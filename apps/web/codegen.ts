import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents from the committed schema: each feature writes its operations with `graphql(...)` next to the
 * component that uses them and gets its own generated folder, `features/<name>/gql/` (the shell: `app/gql/`), so
 * that a feature's documents travel in that feature's chunk, not in one map every page loads. The folders are
 * generated (not committed) before every build, type check and test.
 */
const SRC = 'apps/web/src';

const preset = {
  preset: 'client' as const,
  presetConfig: { fragmentMasking: false },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    skipTypename: false,
    avoidOptionals: { field: true, inputValue: false },
    defaultScalarType: 'unknown',
    scalars: { DateTime: 'string', Date: 'string', ID: 'string' },
  },
};

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'gql' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const usesGraphql = (dir: string) => sources(dir).some((file) => readFileSync(file, 'utf8').includes('graphql(`'));

const features = readdirSync(join(SRC, 'features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && usesGraphql(join(SRC, 'features', entry.name)))
  .map((entry) => entry.name);

const generates: CodegenConfig['generates'] = {
  [`${SRC}/app/gql/`]: { ...preset, documents: [`${SRC}/app/**/*.{ts,tsx}`, `${SRC}/lib/**/*.{ts,tsx}`, `!${SRC}/**/gql/**`] },
};
for (const feature of features) {
  generates[`${SRC}/features/${feature}/gql/`] = { ...preset, documents: [`${SRC}/features/${feature}/**/*.{ts,tsx}`, `!${SRC}/**/gql/**`] };
}

const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  generates,
};

export default config;
