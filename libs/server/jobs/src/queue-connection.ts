import { createPostgresBackend, Queue, Worker, type JobProgress, type PostgresConnectionOptions, type PostgresQueueBackend, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq';
import { Client } from 'pg';
import IORedis, { type RedisOptions } from 'ioredis';
import type { RedisConfig, DatabaseConfig } from '@cg/server/config';
import { execute, sql } from '@cg/server/db';

/**
 * A queue or a worker on either backend. BullMQ types them by their backend and its connection options; the code
 * above this factory uses only what both backends offer, so it holds them by these types and never asks which.
 */
export type AnyQueue = Queue | PostgresQueue;
export type AnyWorker = Worker | PostgresWorker;
type PostgresQueue = Queue<unknown, unknown, string, unknown, unknown, string, PostgresQueueBackend, PostgresConnectionOptions>;
type PostgresWorker = Worker<unknown, unknown, string, PostgresQueueBackend, JobProgress, PostgresConnectionOptions>;

/**
 * The one place that knows which datastore backs BullMQ: Redis (the production path) or, for the embedded
 * default, BullMQ's PostgreSQL backend on the platform's own database. Everything else is the same code.
 */
export class QueueConnectionFactory {
  constructor(
    private readonly redis: RedisConfig,
    private readonly database: DatabaseConfig,
  ) {}

  get backend(): 'redis' | 'postgres' {
    return this.redis.backend;
  }

  get lockMs(): number {
    return this.redis.lockMs;
  }

  /** The first retry delay of a job whose registry backoff is 1 (QUEUE_RETRY_BASE_MS). */
  get retryBaseMs(): number {
    return this.redis.retryBaseMs;
  }

  /** Producers fail fast when Redis is down (the outbox absorbs it); workers retry for ever, as BullMQ advises. */
  queue(name: string, options: Partial<QueueOptions> = {}): AnyQueue {
    if (this.redis.backend === 'postgres') {
      const queue: PostgresQueue = new Queue(name, { ...options, connection: this.postgresConnection() }, createPostgresBackend);
      return queue;
    }
    const queue: Queue = new Queue(name, {
      ...options,
      prefix: this.redis.prefix,
      connection: this.redisClient({ maxRetriesPerRequest: 1, enableOfflineQueue: false }),
    });
    return queue;
  }

  worker(name: string, processor: Processor, options: Partial<WorkerOptions> = {}): AnyWorker {
    if (this.redis.backend === 'postgres') {
      const worker: PostgresWorker = new Worker(name, processor, { ...options, connection: this.postgresConnection() }, createPostgresBackend);
      return worker;
    }
    const worker: Worker = new Worker(name, processor, {
      ...options,
      prefix: this.redis.prefix,
      connection: this.redisClient({ maxRetriesPerRequest: null }),
    });
    return worker;
  }

  private probe: IORedis | null = null;

  /** Resolves when the queue store answers within two seconds. */
  async ping(): Promise<void> {
    if (this.redis.backend === 'postgres') {
      const client = new Client({ connectionString: this.database.url, connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await execute(client, sql`SELECT 1`);
      } finally {
        await client.end().catch(() => undefined);
      }
      return;
    }
    this.probe ??= new IORedis(this.redis.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 2000, lazyConnect: true });
    if (this.probe.status === 'wait' || this.probe.status === 'end') await this.probe.connect();
    await withTimeout(this.probe.ping(), 2000);
  }

  async close(): Promise<void> {
    this.probe?.disconnect();
    this.probe = null;
  }

  /** Connection options rather than a client, so that BullMQ owns (and closes) its connections. */
  private redisClient(options: Pick<RedisOptions, 'maxRetriesPerRequest' | 'enableOfflineQueue'>) {
    return { ...redisOptionsFromUrl(this.redis.url), ...options };
  }

  /** `migrate: true`: BullMQ creates or upgrades its own schema on connect (in one transaction, under an advisory lock). */
  private postgresConnection() {
    return { connectionString: this.database.url, schema: `bullmq_${this.redis.prefix.replace(/-/g, '_')}`, max: 4, migrate: true };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * What a Redis URL says, as options both ioredis and BullMQ take. A type literal, not ioredis' `RedisOptions`: BullMQ's
 * connection options refuse some of ioredis' (a `null` retry strategy), and an object type is assignable to their index
 * signature where an interface is not.
 */
export type RedisAddress = { host: string; port: number; username?: string; password?: string; db: number; tls?: object };

export function redisOptionsFromUrl(value: string): RedisAddress {
  const url = new URL(value);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}
