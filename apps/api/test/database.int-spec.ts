import { Client } from 'pg';
import { loadConfig } from '@cg/server/config';
import { pendingSchemaChanges } from '@cg/server/db';
import { createTestDatabase } from '@cg/server/testing';

describe('the database schema', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('has migrations that match the entities (no drift)', async () => {
    const changes = await pendingSchemaChanges({ ...loadConfig({}).database, url: database.url });
    expect(changes.up.map((q) => q.query)).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit trail, whoever asks', async () => {
    const [{ id }] = (
      await client.query(`INSERT INTO audit_events (action, outcome, entity_type) VALUES ('test.append', 'SUCCESS', 'Test') RETURNING id`)
    ).rows as [{ id: string }];
    await expect(client.query(`UPDATE audit_events SET action = 'tampered' WHERE id = $1`, [id])).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(client.query('DELETE FROM audit_events WHERE id = $1', [id])).rejects.toThrow(/append-only: DELETE refused/);
    await expect(client.query('TRUNCATE audit_events')).rejects.toThrow(/append-only: TRUNCATE refused/);
    const after = await client.query('SELECT action FROM audit_events WHERE id = $1', [id]);
    expect(after.rows).toEqual([{ action: 'test.append' }]);
  });

  it('runs with synchronize off', async () => {
    const { dataSourceOptions } = await import('@cg/server/db');
    expect(dataSourceOptions(loadConfig({}).database).synchronize).toBe(false);
  });
});
