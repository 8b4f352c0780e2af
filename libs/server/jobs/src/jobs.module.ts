import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '@cg/server/config';
import { JobsService } from './jobs.service';
import { JobsWorkerService } from './jobs-worker.service';
import { QueueConnectionFactory } from './queue-connection';

const connectionProvider = {
  provide: QueueConnectionFactory,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new QueueConnectionFactory(config.redis, config.database),
};

/** Closes the readiness probe's connection with the application. */
class QueueConnectionCloser {
  constructor(private readonly connections: QueueConnectionFactory) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connections.close();
  }
}
const closerProvider = { provide: QueueConnectionCloser, inject: [QueueConnectionFactory], useFactory: (c: QueueConnectionFactory) => new QueueConnectionCloser(c) };

@Global()
@Module({})
export class JobsModule {
  /** The producer: for the API and the worker alike. */
  static forProducer(): DynamicModule {
    return { module: JobsModule, providers: [connectionProvider, closerProvider, JobsService], exports: [JobsService, QueueConnectionFactory] };
  }

  /** The producer plus the workers that run every registered handler: for the worker process only. */
  static forWorker(): DynamicModule {
    return {
      module: JobsModule,
      imports: [DiscoveryModule],
      providers: [connectionProvider, closerProvider, JobsService, JobsWorkerService],
      exports: [JobsService, JobsWorkerService, QueueConnectionFactory],
    };
  }
}
