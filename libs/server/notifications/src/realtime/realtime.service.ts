import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { AppConfig } from '@cg/server/config';
import { execute } from '@cg/server/db';
import { redisOptionsFromUrl } from '@cg/server/jobs';
import { listenTo, notifyAll } from './realtime.queries';

export const NOTIFICATION_CHANNEL = 'cg_notifications';

export interface NotificationSignal {
  userId: string;
  notificationId: string;
}

/** "Close these sockets": a session ended, a person or organisation deactivated, roles changed. Ids only. */
export interface AccessSignal {
  kind: 'access';
  close: 'unauthorized' | 'forbidden';
  sessionId?: string;
  userId?: string;
  organisationId?: string;
}

/**
 * Cross-process signal "a notification for this person exists": Redis pub/sub in production, PostgreSQL
 * LISTEN/NOTIFY on the embedded default. Every API instance listens, so a subscription works behind a
 * load balancer. The message carries ids only.
 */
@Injectable()
export class RealtimeService implements OnModuleDestroy {
  private readonly logger = new Logger(RealtimeService.name);
  private publisher: IORedis | Client | null = null;
  private subscriber: IORedis | Client | null = null;
  private readonly listeners = new Set<(signal: NotificationSignal) => void>();
  private readonly accessListeners = new Set<(signal: AccessSignal) => void>();

  constructor(private readonly config: AppConfig) {}

  private get channel(): string {
    return `${NOTIFICATION_CHANNEL}_${this.config.redis.prefix.replace(/[^a-z0-9_]/gi, '_')}`;
  }

  /** All signals of a fan-out in one round trip (a Redis pipeline, or one pg_notify statement). */
  async publish(signals: (NotificationSignal | AccessSignal)[]): Promise<void> {
    if (signals.length === 0) return;
    const publisher = await this.publisherClient();
    const messages = signals.map((signal) => JSON.stringify(signal));
    if (publisher instanceof IORedis) {
      const pipeline = publisher.pipeline();
      for (const message of messages) pipeline.publish(this.channel, message);
      await pipeline.exec();
    } else {
      await execute(publisher, notifyAll(this.channel, messages));
    }
  }

  /** Starts listening on first use; returns an unsubscribe function. */
  async listen(listener: (signal: NotificationSignal) => void): Promise<() => void> {
    this.listeners.add(listener);
    await this.subscribed();
    return () => this.listeners.delete(listener);
  }

  /** Access changes, for the API instance's sockets (see SubscriptionSockets). */
  async listenAccess(listener: (signal: AccessSignal) => void): Promise<() => void> {
    this.accessListeners.add(listener);
    await this.subscribed();
    return () => this.accessListeners.delete(listener);
  }

  /** One subscription per process, however many listeners start at once. */
  private subscribing: Promise<void> | null = null;
  private subscribed(): Promise<void> {
    this.subscribing ??= this.subscribe();
    return this.subscribing;
  }

  private async subscribe(): Promise<void> {
    const deliver = (message: string) => {
      try {
        const signal = JSON.parse(message) as NotificationSignal | AccessSignal;
        if ('kind' in signal && signal.kind === 'access') {
          for (const listener of this.accessListeners) listener(signal);
          return;
        }
        for (const listener of this.listeners) listener(signal as NotificationSignal);
      } catch (error) {
        this.logger.warn({ err: String(error) }, 'ignored a malformed realtime message');
      }
    };
    if (this.config.redis.backend === 'redis') {
      const client = new IORedis({ ...redisOptionsFromUrl(this.config.redis.url), maxRetriesPerRequest: null });
      this.subscriber = client;
      client.on('message', (_channel: string, message: string) => deliver(message));
      client.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'realtime subscriber error'));
      await client.subscribe(this.channel);
    } else {
      const client = new Client({ connectionString: this.config.database.url });
      this.subscriber = client;
      await client.connect();
      client.on('notification', (n) => n.payload && deliver(n.payload));
      await execute(client, listenTo(this.channel));
    }
  }

  private async publisherClient(): Promise<IORedis | Client> {
    if (this.publisher) return this.publisher;
    if (this.config.redis.backend === 'redis') {
      this.publisher = new IORedis({ ...redisOptionsFromUrl(this.config.redis.url), maxRetriesPerRequest: 2 });
    } else {
      const client = new Client({ connectionString: this.config.database.url });
      await client.connect();
      this.publisher = client;
    }
    return this.publisher;
  }

  /** True once the process is shutting down (a listener starting then is not an error). */
  get closed(): boolean {
    return this.destroyed;
  }
  private destroyed = false;

  async onModuleDestroy(): Promise<void> {
    this.destroyed = true;
    for (const client of [this.publisher, this.subscriber]) {
      if (client instanceof IORedis) client.disconnect();
      else if (client) await client.end().catch(() => undefined);
    }
    this.publisher = null;
    this.subscriber = null;
    this.subscribing = null;
  }
}
