import { Controller, Get, HttpCode, HttpException, HttpStatus } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '@cg/server/authz';
import { QueueConnectionFactory } from '@cg/server/jobs';

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

  /** Ready when PostgreSQL and the queue store answer; 503 naming what does not. */
  @Get('ready')
  @Public()
  async ready() {
    const checks = {
      database: await this.dataSource.query('SELECT 1').then(() => 'up', () => 'down'),
      queue: await this.queues.ping().then(() => 'up', () => 'down'),
    };
    const ok = Object.values(checks).every((state) => state === 'up');
    if (!ok) throw new HttpException({ status: 'unavailable', checks }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ok', checks };
  }
}
