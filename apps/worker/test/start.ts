import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@cg/server/testing';
import { WorkerModule } from '../src/app/worker.module';

export interface TestWorker {
  app: INestApplicationContext;
  dataSource: DataSource;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  /** Closes the worker (what SIGTERM does) unless it is closed already, then drops the database. */
  stop(): Promise<void>;
}

/**
 * The worker as it boots (BullMQ workers on the real Redis, under a queue prefix of its own), on a fresh
 * database of its own. `env` adds to or overrides the defaults, e.g. `OUTBOX_RELAY: 'off'` when the test
 * hands the handlers their jobs itself.
 */
export async function startWorker(env: Record<string, string> = {}): Promise<TestWorker> {
  const database = await createTestDatabase();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    QUEUE_BACKEND: 'redis',
    QUEUE_PREFIX: `cgw-${randomBytes(4).toString('hex')}`,
    ...env,
  });
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  await app.init();
  let closed = false;
  const close = app.close.bind(app);
  app.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  return {
    app,
    dataSource: app.get(DataSource),
    database,
    stop: async () => {
      await app.close();
      await database.drop();
    },
  };
}
