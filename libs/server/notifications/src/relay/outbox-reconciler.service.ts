import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@cg/server/config';
import { JobsService } from '@cg/server/jobs';
import { RELAY_BATCH, relayedJob, relayedJobOptions, type RelayedJob } from './outbox-relay.service';

/** How often the reconciler looks: a quarter of its bound, between a quarter of a second and half a minute. */
export function reconcileEveryMs(reconcileAfterMs: number): number {
  return Math.min(30_000, Math.max(250, Math.floor(reconcileAfterMs / 4)));
}

/** Delivery figures for metrics and readiness. */
export interface DeliveryFigures {
  /** Events not yet handed to the queue. */
  unpublished: number;
  /** Published events whose fan-out has not completed. */
  unfinished: number;
  /** Of those, the ones past the reconciler's bound (about to be, or already, enqueued again). */
  overdue: number;
  /** Re-enqueues done by the reconciler, all time. */
  requeued: number;
  /** Age in seconds of the oldest event not yet fanned out (0 when none): how late a notification may be. */
  lagSeconds: number;
  /** The configured alert threshold for `lagSeconds`. */
  lagAlertSeconds: number;
  /** `lagSeconds` is above the threshold. */
  behind: boolean;
}

/**
 * A published event is not a delivered event. BullMQ may fail a fan-out job for good (it stalled out when its
 * workers died, it ran out of attempts while PostgreSQL was down) or lose it (Redis flushed or lost): the
 * reconciler enqueues again every published event whose fan-out has not completed (`fanned_out_at`) within
 * OUTBOX_RECONCILE_AFTER_MS of its publication or of its last re-enqueue, each time under a new job id
 * (`<event id>-r<n>`, so that a failed job of the same id does not swallow it). Fan-out is idempotent (one
 * notification per event and recipient), so an event enqueued twice is still delivered once. Rows are
 * claimed with FOR UPDATE SKIP LOCKED: several workers never re-enqueue the same event at once.
 */
@Injectable()
export class OutboxReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxReconciler.name);
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Runs wherever the relay runs.
    if (process.env.OUTBOX_RELAY === 'off') return;
    this.start();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Re-enqueues one batch of unfinished fan-outs past the bound; returns how many. */
  async reconcileOnce(limit = RELAY_BATCH): Promise<number> {
    const [rows]: [{ id: string; type: string; requeues: number }[], number] = await this.dataSource.query(
      `UPDATE outbox_events SET requeued_at = now(), requeues = requeues + 1
        WHERE id IN (
          SELECT id FROM outbox_events
           WHERE published_at IS NOT NULL AND fanned_out_at IS NULL
             AND COALESCE(requeued_at, published_at) < now() - make_interval(secs => $2)
           ORDER BY published_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, type, requeues`,
      [limit, this.config.outbox.reconcileAfterMs / 1000],
    );
    if (rows.length === 0) return 0;
    const byJob = new Map<RelayedJob, { payload: { eventId: string }; jobId: string }[]>();
    const nothingToDo: string[] = [];
    for (const row of rows) {
      const job = relayedJob(row.type);
      if (job) byJob.set(job, [...(byJob.get(job) ?? []), { payload: { eventId: row.id }, jobId: `${row.id}-r${row.requeues}` }]);
      else nothingToDo.push(row.id);
    }
    try {
      await Promise.all([...byJob].map(([job, items]) => this.jobs.enqueueMany(job, items, relayedJobOptions(this.config))));
    } catch (error) {
      // The queue store is down: look at them again at the next round.
      await this.dataSource.query('UPDATE outbox_events SET requeued_at = NULL WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
      throw error;
    }
    if (nothingToDo.length > 0) await this.dataSource.query('UPDATE outbox_events SET fanned_out_at = now() WHERE id = ANY($1::uuid[])', [nothingToDo]);
    this.logger.warn({ requeued: rows.length - nothingToDo.length }, 'unfinished fan-outs enqueued again');
    return rows.length;
  }

  /** The outbox's delivery figures, in one statement. */
  async figures(): Promise<DeliveryFigures> {
    const [row]: Omit<DeliveryFigures, 'lagAlertSeconds' | 'behind'>[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM outbox_events WHERE published_at IS NULL)::int AS unpublished,
              (SELECT count(*) FROM outbox_events WHERE published_at IS NOT NULL AND fanned_out_at IS NULL)::int AS unfinished,
              (SELECT count(*) FROM outbox_events WHERE published_at IS NOT NULL AND fanned_out_at IS NULL
                  AND COALESCE(requeued_at, published_at) < now() - make_interval(secs => $1))::int AS overdue,
              (SELECT COALESCE(sum(requeues), 0) FROM outbox_events WHERE requeues > 0)::int AS requeued,
              COALESCE(EXTRACT(EPOCH FROM now() - LEAST(
                (SELECT min(occurred_at) FROM outbox_events WHERE published_at IS NULL),
                (SELECT min(occurred_at) FROM outbox_events WHERE published_at IS NOT NULL AND fanned_out_at IS NULL))), 0)::float AS "lagSeconds"`,
      [this.config.outbox.reconcileAfterMs / 1000],
    );
    const lagSeconds = Math.max(0, Math.round((row?.lagSeconds ?? 0) * 1000) / 1000);
    const lagAlertSeconds = this.config.outbox.lagAlertSeconds;
    return {
      unpublished: row?.unpublished ?? 0,
      unfinished: row?.unfinished ?? 0,
      overdue: row?.overdue ?? 0,
      requeued: row?.requeued ?? 0,
      lagSeconds,
      lagAlertSeconds,
      behind: lagSeconds > lagAlertSeconds,
    };
  }

  private async run(): Promise<void> {
    const every = reconcileEveryMs(this.config.outbox.reconcileAfterMs);
    let failures = 0;
    while (this.running) {
      let done = 0;
      try {
        done = await this.reconcileOnce();
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1 || failures % 30 === 0) this.logger.warn({ err: (error as Error).message, failures }, 'outbox reconciler paused: a store is unavailable');
      }
      if (done === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, every);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }
}
