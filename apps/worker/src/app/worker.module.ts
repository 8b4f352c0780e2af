import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig, ConfigModule, loggerOptions } from '@cg/server/config';
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

export interface WorkerModuleOptions {
  /** Where logs go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
}

/** The worker's logger: the options the API shares (level, redaction, serializers, `service`); it has no HTTP lines. */
export function workerLoggerParams(config: AppConfig, destination?: DestinationStream): Params {
  return { pinoHttp: destination ? [loggerOptions(config, 'worker'), destination] : loggerOptions(config, 'worker') };
}

@Module({})
export class WorkerModule {
  static register(options: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule,
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => workerLoggerParams(config, options.logDestination) }),
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
    };
  }
}
