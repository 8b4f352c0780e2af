import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@cg/server/config';
import { DatabaseModule } from '@cg/server/db';
import { AuthzModule } from '@cg/server/authz';
import { JobsModule } from '@cg/server/jobs';
import { AuditModule } from '@cg/server/audit';
import { IdentityJobsModule } from '@cg/server/identity';
import { TasksJobsModule } from '@cg/server/tasks';
import { IndicatorsJobsModule } from '@cg/server/indicators';
import { NotificationsWorkerModule } from '@cg/server/notifications';
import { HealthServer } from './health.server';
import { SchedulesService } from './schedules.service';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.logLevel, customProps: () => ({ service: 'worker' }) } }),
    }),
    DatabaseModule,
    AuthzModule,
    JobsModule.forWorker(),
    AuditModule,
    IdentityJobsModule,
    TasksJobsModule,
    IndicatorsJobsModule,
    NotificationsWorkerModule,
  ],
  providers: [HealthServer, SchedulesService],
})
export class WorkerModule {}
