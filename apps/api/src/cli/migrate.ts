import 'reflect-metadata';
import { loadConfig } from '@cg/server/config';
import { ensureDatabase, runMigrations } from '@cg/server/db';

/** `npm run migration:run`: creates the database if missing and applies pending migrations. Its own step, not run at boot. */
async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config.database.url);
  const applied = await runMigrations(config.database);
  process.stdout.write(applied.length ? `Applied migrations: ${applied.join(', ')}\n` : 'Database schema is up to date.\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
