import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { cannotBeTurnedOff, isNotifiable, NotificationMode, type JobPayloads } from '@cg/shared/domain';
import { JobHandler, JobsService, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { RealtimeService } from '../realtime/realtime.service';
import { recipientsOf, type EventRow } from './recipients';

type Payload = JobPayloads['notifications.fan-out'];
type Pending = { kind: 'email' | 'webhook'; id: string };

/**
 * One outbox event → one notification per recipient (unique per event and recipient, so retries never
 * duplicate), a webhook delivery per subscribed endpoint of the recipients' organisations, then the
 * e-mail and webhook jobs and the realtime signal. Idempotent from start to end.
 */
@Injectable()
@JobHandler('notifications.fan-out')
export class FanOutHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(FanOutHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly realtime: RealtimeService,
  ) {}

  async handle(payload: Payload, context: JobContext): Promise<{ recipients: number; created: number }> {
    // The job's statements share one pooled connection, taken once and given back before the queue store is called
    // (each is its own transaction; none stays open between statements).
    const runner = this.dataSource.createQueryRunner();
    let event: EventRow | undefined;
    let recipients: string[] = [];
    let created: { id: string; user_id: string }[] = [];
    let pending: Pending[] = [];
    try {
      [event] = (await runner.query('SELECT id, type, aggregate_type, aggregate_id, payload, actor_user_id, occurred_at FROM outbox_events WHERE id = $1', [payload.eventId])) as EventRow[];
      if (!event || !isNotifiable(event.type)) return { recipients: 0, created: 0 };
      const forced = cannotBeTurnedOff(event.type, event.payload);
      recipients = await recipientsOf(runner.manager, event);
      if (recipients.length > 0) {
        const caseId = typeof event.payload.caseId === 'string' ? event.payload.caseId : null;
        // One statement: the preferences, the notifications (in recipient order; OFF left out unless the event
        // cannot be turned off) and the webhook deliveries of the recipients' organisations, all or nothing.
        created = await runner.query(
          `WITH r AS (
             SELECT x.u, x.ord, CASE WHEN $6::boolean THEN '${NotificationMode.IMMEDIATE}' ELSE COALESCE(p.mode::text, '${NotificationMode.IMMEDIATE}') END AS m
               FROM unnest($5::uuid[]) WITH ORDINALITY AS x(u, ord)
               LEFT JOIN notification_preferences p ON p.user_id = x.u AND p.event_type = $2::text
           ), created AS (
             INSERT INTO notifications (event_id, user_id, type, case_id, payload, email_mode, occurred_at)
             SELECT $1::uuid, r.u, $2::text, $3::uuid, $4::jsonb, r.m, $7::timestamptz FROM r WHERE r.m <> '${NotificationMode.OFF}' ORDER BY r.ord
             ON CONFLICT (event_id, user_id) DO NOTHING RETURNING id, user_id
           ), hooks AS (
             -- Webhooks of the organisations told about it: the same access rules as for people.
             INSERT INTO webhook_deliveries (endpoint_id, event_id)
             SELECT w.id, $1::uuid FROM webhook_endpoints w
              WHERE w.active AND (cardinality(w.event_types) = 0 OR $2::text = ANY(w.event_types))
                AND w.organisation_id IN (SELECT DISTINCT organisation_id FROM users WHERE id = ANY($5::uuid[]))
             ON CONFLICT (endpoint_id, event_id) DO NOTHING
           )
           SELECT id, user_id FROM created`,
          [event.id, event.type, caseId, event.payload, recipients, forced, event.occurred_at],
        );
      }
      pending = await this.pending(runner, event.id);
    } finally {
      await runner.release();
    }
    await this.dispatch(pending);
    await this.realtime.publish(created.map((c) => ({ userId: c.user_id, notificationId: c.id })));
    await context.progress(100);
    this.logger.debug({ eventId: event.id, type: event.type, recipients: recipients.length, created: created.length }, 'fanned out');
    return { recipients: recipients.length, created: created.length };
  }

  /** What is still to be sent for the event: e-mails not yet sent, webhook deliveries still pending (read after the write). */
  private async pending(runner: QueryRunner, eventId: string): Promise<Pending[]> {
    return runner.query(
      `SELECT 'email' AS kind, id FROM notifications WHERE event_id = $1 AND email_mode = 'IMMEDIATE' AND emailed_at IS NULL
       UNION ALL
       SELECT 'webhook' AS kind, id FROM webhook_deliveries WHERE event_id = $1 AND status = 'PENDING'`,
      [eventId],
    );
  }

  /** Enqueues it; job ids make a repeated dispatch a no-op. Side by side: one wait for the queue store, not one per job. */
  private async dispatch(pending: Pending[]): Promise<void> {
    await Promise.all(
      pending.map((item) =>
        item.kind === 'email'
          ? this.jobs.enqueue('notifications.email', { notificationId: item.id }, { jobId: `email-${item.id}` })
          : this.jobs.enqueue('notifications.webhook', { deliveryId: item.id }, { jobId: `webhook-${item.id}`, attempts: 8, backoff: { type: 'exponential', delay: 2000 } }),
      ),
    );
  }
}
