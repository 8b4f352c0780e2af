export * from './queue-connection';
export * from './job-handler.decorator';
export * from './jobs.service';
export * from './jobs-worker.service';
export * from './jobs.module';
export * from './job-batcher';
