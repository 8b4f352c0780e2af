import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cannotBeTurnedOff, isNotifiable, NotificationMode, type JobPayloads } from '@cg/shared/domain';
import { JobHandler, JobsService, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { RealtimeService } from '../realtime/realtime.service';
import { recipientsOf, type EventRow } from './recipients';

type Payload = JobPayloads['notifications.fan-out'];

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
    const [event]: EventRow[] = await this.dataSource.query('SELECT id, type, aggregate_type, aggregate_id, payload, actor_user_id, occurred_at FROM outbox_events WHERE id = $1', [payload.eventId]);
    if (!event || !isNotifiable(event.type)) return { recipients: 0, created: 0 };
    const forced = cannotBeTurnedOff(event.type, event.payload);
    const { recipients, created } = await this.dataSource.transaction(async (manager) => {
      const recipients = await recipientsOf(manager, event);
      if (recipients.length === 0) return { recipients, created: [] as { id: string; user_id: string }[] };
      const prefs: { user_id: string; mode: NotificationMode }[] = await manager.query(
        'SELECT user_id, mode FROM notification_preferences WHERE event_type = $1 AND user_id = ANY($2)',
        [event.type, recipients],
      );
      const modeOf = new Map(prefs.map((p) => [p.user_id, p.mode]));
      const rows = recipients
        .map((userId) => ({ userId, mode: forced ? NotificationMode.IMMEDIATE : (modeOf.get(userId) ?? NotificationMode.IMMEDIATE) }))
        .filter((r) => r.mode !== NotificationMode.OFF);
      const caseId = typeof event.payload.caseId === 'string' ? event.payload.caseId : null;
      const created: { id: string; user_id: string }[] = rows.length
        ? await manager.query(
            `INSERT INTO notifications (event_id, user_id, type, case_id, payload, email_mode, occurred_at)
             SELECT $1, u, $2, $3, $4, m, $5 FROM unnest($6::uuid[], $7::text[]) AS r(u, m)
             ON CONFLICT (event_id, user_id) DO NOTHING RETURNING id, user_id`,
            [event.id, event.type, caseId, event.payload, event.occurred_at, rows.map((r) => r.userId), rows.map((r) => r.mode)],
          )
        : [];
      // Webhooks of the organisations told about it: the same access rules as for people.
      await manager.query(
        `INSERT INTO webhook_deliveries (endpoint_id, event_id)
         SELECT w.id, $1 FROM webhook_endpoints w
          WHERE w.active AND (cardinality(w.event_types) = 0 OR $2 = ANY(w.event_types))
            AND w.organisation_id IN (SELECT DISTINCT organisation_id FROM users WHERE id = ANY($3))
         ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
        [event.id, event.type, recipients],
      );
      return { recipients, created };
    });
    await this.dispatch(event.id);
    await this.realtime.publish(created.map((c) => ({ userId: c.user_id, notificationId: c.id })));
    await context.progress(100);
    this.logger.debug({ eventId: event.id, type: event.type, recipients: recipients.length, created: created.length }, 'fanned out');
    return { recipients: recipients.length, created: created.length };
  }

  /** Enqueues what is still to be sent for the event; job ids make a repeated dispatch a no-op. */
  private async dispatch(eventId: string): Promise<void> {
    const emails: { id: string }[] = await this.dataSource.query(`SELECT id FROM notifications WHERE event_id = $1 AND email_mode = 'IMMEDIATE' AND emailed_at IS NULL`, [eventId]);
    const hooks: { id: string }[] = await this.dataSource.query(`SELECT id FROM webhook_deliveries WHERE event_id = $1 AND status = 'PENDING'`, [eventId]);
    for (const email of emails) await this.jobs.enqueue('notifications.email', { notificationId: email.id }, { jobId: `email-${email.id}` });
    for (const hook of hooks) {
      await this.jobs.enqueue('notifications.webhook', { deliveryId: hook.id }, { jobId: `webhook-${hook.id}`, attempts: 8, backoff: { type: 'exponential', delay: 2000 } });
    }
  }
}
