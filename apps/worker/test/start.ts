import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'nestjs-pino';
import { createTestDatabase, type LogCapture } from '@cg/server/testing';
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
 * hands the handlers their jobs itself. Given `logs`, the worker logs there as it logs to stdout when it runs (its
 * logger, LOG_LEVEL as set); otherwise it logs nothing. (pino's destination is the process's first: give `logs` to
 * the first worker a test file starts.)
 */
export async function startWorker(env: Record<string, string> = {}, logs?: LogCapture): Promise<TestWorker> {
  const database = await createTestDatabase();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    QUEUE_BACKEND: 'redis',
    QUEUE_PREFIX: `cgw-${randomBytes(4).toString('hex')}`,
    ...env,
  });
  const app = logs
    ? await NestFactory.createApplicationContext(WorkerModule.register({ logDestination: logs }), { bufferLogs: true })
    : await NestFactory.createApplicationContext(WorkerModule.register(), { logger: false });
  if (logs) app.useLogger(app.get(Logger));
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
