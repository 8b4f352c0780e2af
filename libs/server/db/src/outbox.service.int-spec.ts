import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@cg/server/testing';
import { dataSourceOptions } from './data-source.options';
import { OutboxEventEntity } from './entities';
import { OutboxService } from './outbox.service';

describe('the domain events outbox', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  const outbox = new OutboxService();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions({ url: database.url, poolSize: 2, logQueries: false })).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('writes the event in the caller’s transaction, with ids only', async () => {
    const id = randomUUID();
    await dataSource.transaction((manager) => outbox.emit(manager, 'organisation.created', { type: 'Organisation', id }, { organisationId: id }, { requestId: 'req-1' }));
    const row = await dataSource.getRepository(OutboxEventEntity).findOneByOrFail({ aggregateId: id });
    expect(row).toMatchObject({ type: 'organisation.created', aggregateType: 'Organisation', payload: { organisationId: id }, requestId: 'req-1', publishedAt: null });
    expect(row.occurredAt).toBeInstanceOf(Date);
  });

  it('loses the event with the change when the transaction rolls back', async () => {
    const id = randomUUID();
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.emit(manager, 'organisation.created', { type: 'Organisation', id }, { organisationId: id });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await dataSource.getRepository(OutboxEventEntity).existsBy({ aggregateId: id })).toBe(false);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(outbox.emit(dataSource.manager, 'organisation.created', { type: 'Organisation', id: randomUUID() }, { organisationId: 'x' })).rejects.toThrow(/inside a transaction/);
  });
});
