import { createServer, type Server } from 'node:http';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobsWorkerService, QueueConnectionFactory } from '@cg/server/jobs';

/** The worker's only port: liveness, and readiness (PostgreSQL, the queue store, workers running). */
@Injectable()
export class HealthServer implements OnApplicationShutdown {
  private server: Server | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueConnectionFactory,
    private readonly workers: JobsWorkerService,
  ) {}

  async listen(host: string, port: number): Promise<number> {
    this.server = createServer((req, res) => {
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
      return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'unavailable', checks } };
    }
    return { status: 404, body: { status: 'not found' } };
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
