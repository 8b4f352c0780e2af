import { createServer, type Server } from 'node:http';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUES } from '@cg/shared/domain';
import { JobsService, JobsWorkerService, QueueConnectionFactory } from '@cg/server/jobs';

/** The worker's only port: liveness, and readiness (PostgreSQL, the queue store, workers running). */
@Injectable()
export class HealthServer implements OnApplicationShutdown {
  private server: Server | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueConnectionFactory,
    private readonly workers: JobsWorkerService,
    private readonly jobs: JobsService,
  ) {}

  /** Queue depths, failed jobs and the outbox backlog (events not yet relayed). */
  async figures(): Promise<{ outboxBacklog: number; queues: Record<string, { waiting: number; active: number; delayed: number; failed: number }> }> {
    const [backlog]: { n: number }[] = await this.dataSource.query('SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL');
    const queues: Record<string, { waiting: number; active: number; delayed: number; failed: number }> = {};
    for (const name of Object.values(QUEUES)) {
      const counts = await this.jobs.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed');
      queues[name] = { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
    }
    return { outboxBacklog: backlog?.n ?? 0, queues };
  }

  /** The same figures in the Prometheus text format. */
  async metrics(): Promise<string> {
    const figures = await this.figures();
    const lines = [
      '# HELP cg_outbox_backlog Domain events not yet relayed to the queue.',
      '# TYPE cg_outbox_backlog gauge',
      `cg_outbox_backlog ${figures.outboxBacklog}`,
      '# HELP cg_queue_jobs Jobs per queue and state.',
      '# TYPE cg_queue_jobs gauge',
    ];
    for (const [queue, counts] of Object.entries(figures.queues)) {
      for (const [state, value] of Object.entries(counts)) lines.push(`cg_queue_jobs{queue="${queue}",state="${state}"} ${value}`);
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
      const checks = {
        database: await this.dataSource.query('SELECT 1').then(() => 'up', () => 'down'),
        queue: await this.queues.ping().then(() => 'up', () => 'down'),
        workers: this.workers.running ? 'up' : 'down',
      };
      const ok = Object.values(checks).every((state) => state === 'up');
      const figures = checks.queue === 'up' ? await this.figures().catch(() => null) : null;
      return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'unavailable', checks, ...(figures ?? {}) } };
    }
    return { status: 404, body: { status: 'not found' } };
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
