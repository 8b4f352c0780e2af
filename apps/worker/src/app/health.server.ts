import { createServer, type Server } from 'node:http';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUES } from '@cg/shared/domain';
import { execute, sql } from '@cg/server/db';
import { JobsService, JobsWorkerService, QueueConnectionFactory } from '@cg/server/jobs';
import { OutboxReconciler, type DeliveryFigures } from '@cg/server/notifications';

type QueueCounts = Record<string, { waiting: number; active: number; delayed: number; failed: number }>;
type State = 'up' | 'down';

/**
 * The worker's only port: liveness (the process answers; no dependency checked), readiness and metrics.
 *
 * Readiness reports what the worker can serve. Without PostgreSQL it serves nothing (503). Without the queue
 * store it is degraded, not unready: events wait in the outbox and are relayed when the store returns, and
 * restarting the worker would not bring it back (200, `status: "degraded"`, the dependency named in
 * `degraded`). The delivery figures (outbox lag, unfinished fan-outs) are in the body and in /metrics, with the
 * alert threshold OUTBOX_LAG_ALERT_SECONDS.
 */
@Injectable()
export class HealthServer implements OnApplicationShutdown {
  private server: Server | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueConnectionFactory,
    private readonly workers: JobsWorkerService,
    private readonly jobs: JobsService,
    private readonly reconciler: OutboxReconciler,
  ) {}

  /** Each dependency, up or down (each check bounded by its client's timeouts). */
  async checks(): Promise<{ database: State; queue: State; workers: State }> {
    const [database, queue] = await Promise.all([
      execute(this.dataSource, sql`SELECT 1`).then((): State => 'up', (): State => 'down'),
      this.queues.ping().then((): State => 'up', (): State => 'down'),
    ]);
    return { database, queue, workers: this.workers.running ? 'up' : 'down' };
  }

  /** Queue depths and failed jobs, per queue. */
  async queueCounts(): Promise<QueueCounts> {
    const queues: QueueCounts = {};
    for (const name of Object.values(QUEUES)) {
      const counts = await this.jobs.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed');
      queues[name] = { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
    }
    return queues;
  }

  /** What the worker knows, each part only when its store answers. */
  async figures(checks?: { database: State; queue: State }): Promise<{ outboxBacklog?: number; delivery?: DeliveryFigures; queues?: QueueCounts }> {
    const state = checks ?? (await this.checks());
    const delivery = state.database === 'up' ? await this.reconciler.figures().catch(() => undefined) : undefined;
    const queues = state.queue === 'up' ? await this.queueCounts().catch(() => undefined) : undefined;
    return { ...(delivery ? { outboxBacklog: delivery.unpublished, delivery } : {}), ...(queues ? { queues } : {}) };
  }

  /** The same figures in the Prometheus text format; the dependencies' states always, the rest when it can be read. */
  async metrics(): Promise<string> {
    const checks = await this.checks();
    const figures = await this.figures(checks);
    const lines = ['# HELP cg_dependency_up Whether a dependency of the worker answers (1) or not (0).', '# TYPE cg_dependency_up gauge'];
    for (const [dependency, state] of Object.entries(checks)) lines.push(`cg_dependency_up{dependency="${dependency}"} ${state === 'up' ? 1 : 0}`);
    const delivery = figures.delivery;
    if (delivery) {
      lines.push(
        '# HELP cg_outbox_backlog Domain events not yet relayed to the queue.',
        '# TYPE cg_outbox_backlog gauge',
        `cg_outbox_backlog ${delivery.unpublished}`,
        '# HELP cg_outbox_lag_seconds Age of the oldest event whose fan-out has not completed (0 when none).',
        '# TYPE cg_outbox_lag_seconds gauge',
        `cg_outbox_lag_seconds ${delivery.lagSeconds}`,
        '# HELP cg_outbox_lag_alert_seconds The lag above which delivery is behind (OUTBOX_LAG_ALERT_SECONDS).',
        '# TYPE cg_outbox_lag_alert_seconds gauge',
        `cg_outbox_lag_alert_seconds ${delivery.lagAlertSeconds}`,
        '# HELP cg_outbox_delivery_behind 1 when the outbox lag is above its alert threshold.',
        '# TYPE cg_outbox_delivery_behind gauge',
        `cg_outbox_delivery_behind ${delivery.behind ? 1 : 0}`,
        '# HELP cg_fan_out_unfinished Published events whose fan-out has not completed.',
        '# TYPE cg_fan_out_unfinished gauge',
        `cg_fan_out_unfinished ${delivery.unfinished}`,
        '# HELP cg_fan_out_overdue Unfinished fan-outs past OUTBOX_RECONCILE_AFTER_MS (being enqueued again).',
        '# TYPE cg_fan_out_overdue gauge',
        `cg_fan_out_overdue ${delivery.overdue}`,
        '# HELP cg_fan_out_requeues Fan-outs the reconciler enqueued again, in all.',
        '# TYPE cg_fan_out_requeues gauge',
        `cg_fan_out_requeues ${delivery.requeued}`,
        '# HELP cg_email_overdue Fanned-out events with immediate e-mails unsent past the re-dispatch bound.',
        '# TYPE cg_email_overdue gauge',
        `cg_email_overdue ${delivery.emailsOverdue}`,
        '# HELP cg_email_requeues Events whose e-mails the reconciler dispatched again, in all.',
        '# TYPE cg_email_requeues gauge',
        `cg_email_requeues ${delivery.emailsRequeued}`,
        '# HELP cg_webhook_overdue Pending webhook deliveries of active endpoints past the re-dispatch bound.',
        '# TYPE cg_webhook_overdue gauge',
        `cg_webhook_overdue ${delivery.webhooksOverdue}`,
        '# HELP cg_webhook_requeues Webhook deliveries the reconciler dispatched again, in all.',
        '# TYPE cg_webhook_requeues gauge',
        `cg_webhook_requeues ${delivery.webhooksRequeued}`,
      );
    }
    if (figures.queues) {
      lines.push('# HELP cg_queue_jobs Jobs per queue and state.', '# TYPE cg_queue_jobs gauge');
      for (const [queue, counts] of Object.entries(figures.queues)) {
        for (const [state, value] of Object.entries(counts)) lines.push(`cg_queue_jobs{queue="${queue}",state="${state}"} ${value}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }

  async listen(host: string, port: number): Promise<number> {
    this.server = createServer((req, res) => {
      if (req.url === '/metrics') {
        void this.metrics().then(
          (text) => {
            res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
            res.end(text);
          },
          () => {
            res.writeHead(503);
            res.end();
          },
        );
        return;
      }
      void this.answer(req.url ?? '').then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async answer(url: string): Promise<{ status: number; body: unknown }> {
    if (url === '/health/live') return { status: 200, body: { status: 'ok' } };
    if (url === '/health/ready') {
      const checks = await this.checks();
      const ready = checks.database === 'up' && checks.workers === 'up';
      const degraded = checks.queue === 'up' ? [] : ['queue'];
      const figures = await this.figures(checks);
      const status = !ready ? 'unavailable' : degraded.length > 0 ? 'degraded' : 'ok';
      return { status: ready ? 200 : 503, body: { status, checks, degraded, ...figures } };
    }
    return { status: 404, body: { status: 'not found' } };
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
