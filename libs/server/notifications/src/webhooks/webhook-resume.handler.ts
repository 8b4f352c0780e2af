import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jobOrigin, type JobPayloads } from '@cg/shared/domain';
import { execute, query } from '@cg/server/db';
import { JobHandler, JobsService, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { eventFannedOut } from '../relay/relay.queries';
import { deliveriesRequeued, waitingDeliveries } from './webhooks.queries';

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
    const rows = await query<{ id: string }>(this.dataSource, waitingDeliveries(payload.eventId));
    await this.jobs.enqueueMany(
      'notifications.webhook',
      // Under a new id (the resume event's): the delivery's own job ran out of tries while the endpoint was off. Caused by
      // the change that turned the endpoint back on: its request id goes with them.
      rows.map((r) => ({ payload: { deliveryId: r.id, ...jobOrigin(context?.requestId) }, again: payload.eventId })),
    );
    // Dispatched anew: the reconciler's bound for a delivery left pending starts again from here.
    if (rows.length > 0) await execute(this.dataSource, deliveriesRequeued(rows.map((r) => r.id)));
    await execute(this.dataSource, eventFannedOut(payload.eventId));
    this.logger.log({ eventId: payload.eventId, resumed: rows.length }, 'webhook deliveries resumed');
    return { resumed: rows.length };
  }
}
