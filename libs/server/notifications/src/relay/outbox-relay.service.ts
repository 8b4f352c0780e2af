import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isNotifiable } from '@cg/shared/domain';
import { JobsService } from '@cg/server/jobs';

export const RELAY_BATCH = 200;

/**
 * Moves outbox rows into BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers can
 * relay side by side without taking the same row; each row is enqueued with its id as the job id and
 * marked published in the same transaction. If the queue store is down, the transaction rolls back and
 * the rows wait in PostgreSQL: nothing is lost, nothing is enqueued from a request.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | null = null;
  private idleMs = 100;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  onApplicationBootstrap(): void {
    if (process.env.OUTBOX_RELAY === 'off') return;
    this.start();
  }

  start(idleMs = 100): void {
    if (this.running) return;
    this.running = true;
    this.idleMs = idleMs;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Relays one batch; returns how many rows it published. */
  async relayOnce(limit = RELAY_BATCH): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; type: string }[] = await manager.query(
        'SELECT id, type FROM outbox_events WHERE published_at IS NULL ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [limit],
      );
      if (rows.length === 0) return 0;
      const notifiable = rows.filter((r) => isNotifiable(r.type));
      if (notifiable.length > 0) {
        await this.jobs.enqueueMany(
          'notifications.fan-out',
          notifiable.map((r) => ({ payload: { eventId: r.id }, jobId: r.id })),
          { attempts: 8, backoff: { type: 'exponential', delay: 1000 } },
        );
      }
      await manager.query('UPDATE outbox_events SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1)', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Unpublished rows: the backlog, for readiness and metrics. */
  async backlog(): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query('SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL');
    return row?.n ?? 0;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1 || failures % 30 === 0) this.logger.warn({ err: (error as Error).message, failures }, 'outbox relay paused: queue store unavailable; events wait in the outbox');
      }
      if (relayed === 0 && this.running) await new Promise((r) => setTimeout(r, failures ? Math.min(5000, 250 * failures) : this.idleMs));
    }
  }
}
