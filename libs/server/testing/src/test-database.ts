import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The template migrated once per run by the Jest global setup (tools/jest/global-setup.js, which names it per checkout
 * and hands the name to the workers through the environment); this file only copies it.
 */
const TEMPLATE_DATABASE = process.env.CG_TEST_TEMPLATE ?? 'cg_test_template';

function adminUrl(): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url.toString();
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file, copied from the template that the global setup migrated once.
 * Named after the Jest worker, so parallel workers never share one.
 */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `cg_test_w${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (client) => {
    // CREATE DATABASE … TEMPLATE fails at once while another session copies the same template ("is being accessed
    // by other users"). The copies of this run's workers take turns under an advisory lock named after the template:
    // a wait on the other copy, however long it takes on a loaded machine, instead of a few short retries.
    // Any other session on the template (a stray one) is waited out too, under a generous ceiling.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`cg-test-template:${TEMPLATE_DATABASE}`]);
    try {
      const end = Date.now() + 120_000;
      for (;;) {
        try {
          await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
          break;
        } catch (error) {
          if (Date.now() > end || !String(error).includes('is being accessed by other users')) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`cg-test-template:${TEMPLATE_DATABASE}`]);
    }
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined)),
  };
}
