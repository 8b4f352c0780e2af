import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jobOrigin, type JobPayloads } from '@cg/shared/domain';
import { JobHandler, JobsService, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { sqlUuid } from '../sql';

type Payload = JobPayloads['notifications.webhook-resume'];

/**
 * An endpoint turned back on (`webhook.enabled`): the deliveries that waited while it was off (their jobs
 * ran and skipped them) are queued again, each under a job id of this resumption, so that a repeat of this
 * job adds nothing and a later resumption can queue them once more. Their `requeued_at` is set, so that the
 * OutboxReconciler gives these jobs their full retries before dispatching again what they leave pending.
 */
@Injectable()
@JobHandler('notifications.webhook-resume')
export class WebhookResumeHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(WebhookResumeHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  async handle(payload: Payload, context?: JobContext): Promise<{ resumed: number }> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT d.id FROM outbox_events e
         JOIN webhook_endpoints w ON w.id = ${sqlUuid("e.payload->>'endpointId'")} AND w.active
         JOIN webhook_deliveries d ON d.endpoint_id = w.id AND d.status = 'PENDING'
        WHERE e.id = $1 AND e.type = 'webhook.enabled'
        ORDER BY d.created_at, d.id`,
      [payload.eventId],
    );
    await this.jobs.enqueueMany(
      'notifications.webhook',
      // Under a new id (the resume event's): the delivery's own job ran out of tries while the endpoint was off. Caused by
      // the change that turned the endpoint back on: its request id goes with them.
      rows.map((r) => ({ payload: { deliveryId: r.id, ...jobOrigin(context?.requestId) }, again: payload.eventId })),
    );
    // Dispatched anew: the reconciler's bound for a delivery left pending starts again from here.
    if (rows.length > 0) await this.dataSource.query('UPDATE webhook_deliveries SET requeued_at = now() WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
    await this.dataSource.query('UPDATE outbox_events SET fanned_out_at = now() WHERE id = $1 AND fanned_out_at IS NULL', [payload.eventId]);
    this.logger.log({ eventId: payload.eventId, resumed: rows.length }, 'webhook deliveries resumed');
    return { resumed: rows.length };
  }
}
