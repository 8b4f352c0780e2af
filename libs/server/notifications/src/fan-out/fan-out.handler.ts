import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { cannotBeTurnedOff, isNotifiable, jobOrigin, type JobPayloads } from '@cg/shared/domain';
import { execute, query } from '@cg/server/db';
import { JobBatcher, JobHandler, JobsService, type HandlesJob } from '@cg/server/jobs';
import { RealtimeService } from '../realtime/realtime.service';
import { fanOutEvents, markFannedOut, outboxEvents, pendingDeliveries } from './fan-out.queries';

type Payload = JobPayloads['notifications.fan-out'];
export interface FanOutOutcome {
  recipients: number;
  created: number;
}
/** An event with e-mails to send (id = event id), or a webhook delivery (id = delivery id); with the event's request id. */
type Pending = { kind: 'email' | 'webhook'; id: string; request_id: string | null };

/** Events fanned out together at most: half the jobs the notifications queue runs at once (WORKER_CONCURRENCY), so that one batch fills while another runs. */
export const FAN_OUT_BATCH = 32;
const FAN_OUT_LINGER_MS = 5;

/**
 * One outbox event → one notification per recipient (unique per event and recipient, so retries never
 * duplicate), a webhook delivery per subscribed endpoint of the recipients' organisations, then the
 * e-mail and webhook jobs and the realtime signal. Idempotent from start to end.
 *
 * Each event is its own job (its id is the outbox id), but the jobs the worker runs at the same time are
 * fanned out together: the same three statements and the same queue round trips for a batch of events as
 * for one (JobBatcher).
 *
 * When the notifications are written and the e-mail and webhook jobs queued, the event is marked fanned out
 * (`fanned_out_at`); an event published but never marked is enqueued again by the OutboxReconciler.
 */
@Injectable()
@JobHandler('notifications.fan-out')
export class FanOutHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(FanOutHandler.name);
  private readonly batcher = new JobBatcher<string, FanOutOutcome>((ids) => this.fanOut(ids), { maxSize: FAN_OUT_BATCH, lingerMs: FAN_OUT_LINGER_MS });

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly realtime: RealtimeService,
  ) {}

  handle(payload: Payload): Promise<FanOutOutcome> {
    return this.batcher.submit(payload.eventId);
  }

  /** Fans out a batch of events (distinct ids); answers each. */
  async fanOut(eventIds: string[]): Promise<Map<string, FanOutOutcome>> {
    const outcomes = new Map<string, FanOutOutcome>(eventIds.map((id) => [id, { recipients: 0, created: 0 }]));
    // The batch's statements share one pooled connection, taken once and given back before the queue store is called
    // (each is its own transaction; none stays open between statements).
    const runner = this.dataSource.createQueryRunner();
    const created: { id: string; user_id: string }[] = [];
    let pending: Pending[] = [];
    try {
      const events = await query<{ id: string; type: string; payload: Record<string, unknown> }>(runner, outboxEvents(eventIds));
      const notifiable = events.filter((e) => isNotifiable(e.type));
      if (notifiable.length === 0) {
        await this.completed(runner, eventIds);
        return outcomes;
      }
      const forced = notifiable.filter((e) => cannotBeTurnedOff(e.type)).map((e) => e.id);
      const ids = notifiable.map((e) => e.id);
      // One statement: recipients by the access rules, their preferences, the notifications and the webhook deliveries.
      const rows = await query<{ event_id: string; recipients: number; created: { id: string; user_id: string }[] }>(runner, fanOutEvents(ids, forced));
      for (const row of rows) {
        outcomes.set(row.event_id, { recipients: row.recipients, created: row.created.length });
        created.push(...row.created);
      }
      pending = await this.pending(runner, ids);
    } finally {
      await runner.release();
    }
    await this.dispatch(pending);
    // Only now is the fan-out complete: the reconciler enqueues again any published event without this mark.
    await this.completed(this.dataSource, eventIds);
    await this.realtime.publish(created.map((c) => ({ userId: c.user_id, notificationId: c.id })));
    this.logger.debug({ events: eventIds.length, created: created.length }, 'fanned out');
    return outcomes;
  }

  /** Records that the events' fan-out completed (the first completion counts). */
  private async completed(runner: QueryRunner | DataSource, eventIds: string[]): Promise<void> {
    await execute(runner, markFannedOut(eventIds));
  }

  /** What is still to be sent for the events: events with e-mails not yet sent, webhook deliveries still pending (read after the write). */
  private async pending(runner: QueryRunner, eventIds: string[]): Promise<Pending[]> {
    return query<Pending>(runner, pendingDeliveries(eventIds));
  }

  /**
   * Enqueues it, one round trip per kind, each job with its event's request id; job ids make a repeated dispatch a no-op. What these jobs leave undone
   * (out of attempts, lost with the queue store) the OutboxReconciler dispatches again.
   */
  private async dispatch(pending: Pending[]): Promise<void> {
    const emails = pending.filter((p) => p.kind === 'email');
    const hooks = pending.filter((p) => p.kind === 'webhook');
    await Promise.all([
      this.jobs.enqueueMany(
        'notifications.email',
        emails.map((p) => ({ payload: { eventId: p.id, ...jobOrigin(p.request_id) } })),
      ),
      this.jobs.enqueueMany(
        'notifications.webhook',
        hooks.map((p) => ({ payload: { deliveryId: p.id, ...jobOrigin(p.request_id) } })),
      ),
    ]);
  }
}
