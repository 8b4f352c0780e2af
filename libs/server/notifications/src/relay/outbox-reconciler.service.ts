import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jobOrigin } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { isOutage } from '@cg/server/core';
import { execute, query } from '@cg/server/db';
import { backoffSpanMs, JobsService, type RetryPolicy } from '@cg/server/jobs';
import { RELAY_BATCH, relayedJob, type RelayedJob } from './outbox-relay.service';
import { deliveryFigures, eventsFannedOut, redispatchEmails, redispatchEmailsUndone, redispatchWebhooks, redispatchWebhooksUndone, requeueUndone, requeueUnfinished } from './relay.queries';

/** How often the reconciler looks: a quarter of its bound, between a quarter of a second and half a minute. */
export function reconcileEveryMs(reconcileAfterMs: number): number {
  return Math.min(30_000, Math.max(250, Math.floor(reconcileAfterMs / 4)));
}

/**
 * Re-dispatches of one event's e-mails, or of one webhook delivery, at most: a message the mail server refuses for
 * good, or an endpoint that keeps failing without ever being marked FAILED, is not retried for ever.
 */
export const MAX_REDISPATCHES = 10;
/** E-mails and webhook deliveries older than this are not re-dispatched any more (news a week old is no news). */
export const REDISPATCH_HORIZON_HOURS = 7 * 24;

/**
 * How long an e-mail or webhook job is given before what it left undone is dispatched again: OUTBOX_RECONCILE_AFTER_MS
 * plus the job's own backoff from its first attempt to its last, so that a job still retrying is left to finish (by
 * default 195 s for e-mails, 434 s for webhooks). A re-dispatch that meets a job still running is harmless anyway:
 * e-mails of one event are sent under an advisory lock, a webhook delivery under a claim (see their handlers).
 */
export function redispatchAfterMs(reconcileAfterMs: number, options: RetryPolicy): number {
  return reconcileAfterMs + backoffSpanMs(options);
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
  /** Events fanned out with immediate e-mails still unsent past the re-dispatch bound (being, or given up being, re-dispatched). */
  emailsOverdue: number;
  /** Re-dispatches of events' e-mails by the reconciler, all time. */
  emailsRequeued: number;
  /** Pending webhook deliveries of active endpoints past the re-dispatch bound. */
  webhooksOverdue: number;
  /** Re-dispatches of webhook deliveries by the reconciler, all time. */
  webhooksRequeued: number;
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
 *
 * A completed fan-out is not a delivered e-mail or webhook either: their jobs may run out of attempts (PostgreSQL
 * down longer than their retries) or vanish with the queue store. So the reconciler also dispatches again, under new
 * job ids, the immediate e-mails of fanned-out events that are still unsent (recipients still active) and the PENDING
 * deliveries of active endpoints, once past `redispatchAfterMs` of the fan-out or of their last re-dispatch, at most
 * MAX_REDISPATCHES times, within REDISPATCH_HORIZON_HOURS. A disabled endpoint's pending deliveries are left alone:
 * they wait for the endpoint to be enabled again (WebhookResumeHandler).
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
    if (!this.config.outbox.relay) return;
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
    const [rows] = await execute<[{ id: string; type: string; requeues: number; request_id: string | null }[], number]>(
      this.dataSource,
      requeueUnfinished(limit, this.config.outbox.reconcileAfterMs / 1000),
    );
    if (rows.length === 0) return 0;
    const byJob = new Map<RelayedJob, { payload: { eventId: string; requestId?: string }; again: string }[]>();
    const nothingToDo: string[] = [];
    for (const row of rows) {
      const job = relayedJob(row.type);
      if (job) byJob.set(job, [...(byJob.get(job) ?? []), { payload: { eventId: row.id, ...jobOrigin(row.request_id) }, again: `r${row.requeues}` }]);
      else nothingToDo.push(row.id);
    }
    try {
      await Promise.all([...byJob].map(([job, items]) => this.jobs.enqueueMany(job, items)));
    } catch (error) {
      // The queue store is down: look at them again at the next round.
      await execute(this.dataSource, requeueUndone(rows.map((r) => r.id)));
      throw error;
    }
    if (nothingToDo.length > 0) await execute(this.dataSource, eventsFannedOut(nothingToDo));
    this.logger.warn({ requeued: rows.length - nothingToDo.length }, 'unfinished fan-outs enqueued again');
    return rows.length;
  }

  /** Dispatches again one batch of events' unsent immediate e-mails past the bound; returns how many events. */
  async redispatchEmailsOnce(limit = RELAY_BATCH): Promise<number> {
    const options = this.jobs.retryPolicy('notifications.email');
    const [rows] = await execute<[{ id: string; requeues: number; request_id: string | null }[], number]>(
      this.dataSource,
      redispatchEmails(limit, redispatchAfterMs(this.config.outbox.reconcileAfterMs, options) / 1000, MAX_REDISPATCHES, REDISPATCH_HORIZON_HOURS),
    );
    if (rows.length === 0) return 0;
    try {
      await this.jobs.enqueueMany('notifications.email', rows.map((r) => ({ payload: { eventId: r.id, ...jobOrigin(r.request_id) }, again: `r${r.requeues}` })));
    } catch (error) {
      // The queue store is down: undone, to be looked at again at the next round.
      await execute(this.dataSource, redispatchEmailsUndone(rows.map((r) => r.id)));
      throw error;
    }
    this.logger.warn({ requeued: rows.length }, 'unsent e-mails dispatched again');
    return rows.length;
  }

  /** Dispatches again one batch of pending webhook deliveries of active endpoints past the bound; returns how many. */
  async redispatchWebhooksOnce(limit = RELAY_BATCH): Promise<number> {
    const options = this.jobs.retryPolicy('notifications.webhook');
    const [rows] = await execute<[{ id: string; requeues: number; request_id: string | null }[], number]>(
      this.dataSource,
      redispatchWebhooks(limit, redispatchAfterMs(this.config.outbox.reconcileAfterMs, options) / 1000, MAX_REDISPATCHES, REDISPATCH_HORIZON_HOURS),
    );
    if (rows.length === 0) return 0;
    try {
      await this.jobs.enqueueMany('notifications.webhook', rows.map((r) => ({ payload: { deliveryId: r.id, ...jobOrigin(r.request_id) }, again: `r${r.requeues}` })));
    } catch (error) {
      await execute(this.dataSource, redispatchWebhooksUndone(rows.map((r) => r.id)));
      throw error;
    }
    this.logger.warn({ requeued: rows.length }, 'pending webhook deliveries dispatched again');
    return rows.length;
  }

  /** The outbox's delivery figures, in one statement. */
  async figures(): Promise<DeliveryFigures> {
    const [row] = await query<Omit<DeliveryFigures, 'lagAlertSeconds' | 'behind'>>(
      this.dataSource,
      deliveryFigures({
        reconcileAfterSeconds: this.config.outbox.reconcileAfterMs / 1000,
        emailsAfterSeconds: redispatchAfterMs(this.config.outbox.reconcileAfterMs, this.jobs.retryPolicy('notifications.email')) / 1000,
        webhooksAfterSeconds: redispatchAfterMs(this.config.outbox.reconcileAfterMs, this.jobs.retryPolicy('notifications.webhook')) / 1000,
        horizonHours: REDISPATCH_HORIZON_HOURS,
      }),
    );
    const lagSeconds = Math.max(0, Math.round((row?.lagSeconds ?? 0) * 1000) / 1000);
    const lagAlertSeconds = this.config.outbox.lagAlertSeconds;
    return {
      unpublished: row?.unpublished ?? 0,
      unfinished: row?.unfinished ?? 0,
      overdue: row?.overdue ?? 0,
      requeued: row?.requeued ?? 0,
      emailsOverdue: row?.emailsOverdue ?? 0,
      emailsRequeued: row?.emailsRequeued ?? 0,
      webhooksOverdue: row?.webhooksOverdue ?? 0,
      webhooksRequeued: row?.webhooksRequeued ?? 0,
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
        done += await this.redispatchEmailsOnce();
        done += await this.redispatchWebhooksOnce();
        failures = 0;
      } catch (error) {
        failures++;
        if (!isOutage(error)) this.logger.error({ err: error }, 'outbox reconciler failed');
        else if (failures === 1 || failures % 30 === 0) this.logger.warn({ err: (error as Error).message, failures }, 'outbox reconciler paused: a store is unavailable');
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
