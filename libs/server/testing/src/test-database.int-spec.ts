import { Client } from 'pg';
import { createTestDatabase } from './test-database';

/**
 * Test files copy the migrated template at the same moment (two Jest workers, and more on a fast machine). A copy
 * must wait for the others, however slow the server is, instead of failing after a few quick retries.
 */
describe('the per-file test database', () => {
  it('is copied from the template for many files at once, every copy complete', async () => {
    const copies = await Promise.all(Array.from({ length: 8 }, () => createTestDatabase()));
    try {
      expect(new Set(copies.map((c) => c.name)).size).toBe(copies.length);
      for (const copy of copies) {
        const client = new Client({ connectionString: copy.url });
        await client.connect();
        try {
          const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('cases', 'outbox_events', 'notifications')`);
          expect(rows[0]?.n).toBe(3);
        } finally {
          await client.end();
        }
      }
    } finally {
      await Promise.all(copies.map((c) => c.drop()));
    }
  });
});
