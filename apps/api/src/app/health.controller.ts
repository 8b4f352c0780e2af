import { Controller, Get, Header, HttpCode, HttpException, HttpStatus } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '@cg/server/authz';
import { execute, sql } from '@cg/server/db';
import { QueueConnectionFactory } from '@cg/server/jobs';

type State = 'up' | 'down';

/**
 * Liveness (the process answers; no dependency is checked, so an outage elsewhere never restarts it) and
 * readiness: what this API can serve. Without PostgreSQL it serves nothing (503). Without the queue store it
 * still serves reads and writes (their events wait in the outbox), so it stays ready, `degraded` naming the
 * queue (live notifications and the queue dashboard are what is missing). The same states are in /metrics.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueConnectionFactory,
  ) {}

  @Get('live')
  @Public()
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  async ready() {
    const checks = await dependencyStates(this.dataSource, this.queues);
    const degraded = checks.queue === 'up' ? [] : ['queue'];
    if (checks.database === 'down') throw new HttpException({ status: 'unavailable', checks, degraded }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: degraded.length > 0 ? 'degraded' : 'ok', checks, degraded };
  }
}

/** Prometheus metrics of the API: whether each dependency answers. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueConnectionFactory,
  ) {}

  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    const checks = await dependencyStates(this.dataSource, this.queues);
    const lines = ['# HELP cg_dependency_up Whether a dependency of the API answers (1) or not (0).', '# TYPE cg_dependency_up gauge'];
    for (const [dependency, state] of Object.entries(checks)) lines.push(`cg_dependency_up{dependency="${dependency}"} ${state === 'up' ? 1 : 0}`);
    return `${lines.join('\n')}\n`;
  }
}

async function dependencyStates(dataSource: DataSource, queues: QueueConnectionFactory): Promise<{ database: State; queue: State }> {
  const [database, queue] = await Promise.all([
    execute(dataSource, sql`SELECT 1`).then((): State => 'up', (): State => 'down'),
    queues.ping().then((): State => 'up', (): State => 'down'),
  ]);
  return { database, queue };
}
