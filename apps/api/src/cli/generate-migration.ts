import 'reflect-metadata';
import { appendFileSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@cg/server/config';
import { ensureDatabase, execute, MIGRATION_CHECKSUMS_FILE, migrationChecksumLine, pendingSchemaChanges, runMigrations, sql, type SchemaQuery } from '@cg/server/db';

/**
 * `npm run migration:generate -- Name`: migrates a scratch database to the latest committed migration,
 * compares it with the entities, and writes the difference as a new migration in libs/server/db, listed in the
 * migrations' index and, with its checksum, in checksums.sha256 (from then on it is never edited: a spec holds it).
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('Give the migration a PascalCase name, e.g. AddCases');
  const config = loadConfig();
  const scratch = new URL(config.database.url);
  const scratchName = `cg_migration_scratch_${process.pid}`;
  scratch.pathname = `/${scratchName}`;
  await ensureDatabase(scratch.toString());
  try {
    const database = { ...config.database, url: scratch.toString() };
    await runMigrations(database);
    const { up, down } = await pendingSchemaChanges(database);
    if (up.length === 0) {
      process.stdout.write('No changes: entities and migrations agree.\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const dir = join(process.cwd(), 'libs/server/db/src/migrations');
    const file = `${timestamp}-${name}`;
    const q = ({ query, parameters }: SchemaQuery) =>
      `    await queryRunner.query(${JSON.stringify(query)}${parameters?.length ? `, ${JSON.stringify(parameters)}` : ''});`;
    const content = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.reverse().map(q).join('\n')}
  }
}
`;
    writeFileSync(join(dir, `${file}.ts`), content);
    appendFileSync(join(dir, MIGRATION_CHECKSUMS_FILE), migrationChecksumLine(`${file}.ts`, content));
    const indexPath = join(dir, 'index.ts');
    const index = readFileSync(indexPath, 'utf8')
      .replace(/(\nexport const MIGRATIONS = \[)/, `\nimport { ${className} } from './${file}';$1`)
      .replace(/export const MIGRATIONS = \[([^\]]*)\];/, (_, list: string) => {
        const items = list.split(',').map((s) => s.trim()).filter(Boolean).concat(className);
        return `export const MIGRATIONS = [\n${items.map((i) => `  ${i},`).join('\n')}\n];`;
      });
    writeFileSync(indexPath, index);
    process.stdout.write(`Wrote libs/server/db/src/migrations/${file}.ts (${up.length} statements)\n`);
  } finally {
    const admin = new URL(config.database.url);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await execute(client, sql`DROP DATABASE IF EXISTS ${sql.ident(scratchName)} WITH (FORCE)`);
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
