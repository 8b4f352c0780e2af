import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isNotifiable, jobOrigin } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { isOutage } from '@cg/server/core';
import { execute, query } from '@cg/server/db';
import { JobsService } from '@cg/server/jobs';
import { isAccessEvent } from '../realtime/access.handler';
import { claimUnpublished, published, releaseClaims, unpublishedCount } from './relay.queries';

export const RELAY_BATCH = 200;

export const CLAIM_SECONDS = 30;

export type RelayedJob = 'notifications.fan-out' | 'notifications.webhook-resume' | 'notifications.access';

/** The job an outbox event becomes (its id the job id), or null for events no one is told about. */
export function relayedJob(type: string): RelayedJob | null {
  if (isNotifiable(type)) return 'notifications.fan-out';
  if (type === 'webhook.enabled') return 'notifications.webhook-resume';
  if (isAccessEvent(type)) return 'notifications.access';
  return null;
}

/**
 * Moves outbox rows into BullMQ. A batch is claimed in one short statement (FOR UPDATE SKIP LOCKED, so
 * several relays never claim the same row), enqueued with each row's id as its job id, then marked
 * published. No transaction stays open while the queue is called (which the embedded database, one
 * session for everyone, could not bear). If the queue store is down the claim is released and the rows
 * wait in PostgreSQL; if a relay dies between enqueueing and marking, the claim expires and the rows are
 * enqueued again under the same job ids, which BullMQ does not add twice. Nothing is lost, nothing is
 * enqueued from a request.
 *
 * `published_at` only means "handed to BullMQ": the fan-out records `fanned_out_at` when it completes, and the
 * OutboxReconciler enqueues again what was published but never fanned out. An event no job is for counts as
 * fanned out when it is published.
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
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.outbox.relay) return;
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
    const [rows] = await execute<[{ id: string; type: string; request_id: string | null }[], number]>(this.dataSource, claimUnpublished(limit, CLAIM_SECONDS));
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    // Each job carries the request id of the change that wrote the event, for the worker's lines about it.
    const byJob = new Map<RelayedJob, { payload: { eventId: string; requestId?: string } }[]>();
    const nothingToDo: string[] = [];
    for (const row of rows) {
      const job = relayedJob(row.type);
      if (job) byJob.set(job, [...(byJob.get(job) ?? []), { payload: { eventId: row.id, ...jobOrigin(row.request_id) } }]);
      else nothingToDo.push(row.id);
    }
    try {
      await Promise.all(
        [...byJob].map(([job, items]) => this.jobs.enqueueMany(job, items)),
      );
    } catch (error) {
      await execute(this.dataSource, releaseClaims(ids));
      throw error;
    }
    await execute(this.dataSource, published(ids, nothingToDo));
    return rows.length;
  }

  /** Unpublished rows: the backlog, for readiness and metrics. */
  async backlog(): Promise<number> {
    const [row] = await query<{ n: number }>(this.dataSource, unpublishedCount);
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
        if (!isOutage(error)) this.logger.error({ err: error }, 'outbox relay failed; events wait in the outbox');
        else if (failures === 1 || failures % 30 === 0) this.logger.warn({ err: (error as Error).message, failures }, 'outbox relay paused: a store is unavailable; events wait in the outbox');
      }
      if (relayed === 0 && this.running) await new Promise((r) => setTimeout(r, failures ? Math.min(5000, 250 * failures) : this.idleMs));
    }
  }
}
