import { DiscoveryService, Reflector } from '@nestjs/core';
import { JOB_NAMES, QUEUES } from '@cg/shared/domain';
import { loadConfig } from '@cg/server/config';
import { JOB_HANDLER_KEY } from './job-handler.decorator';
import { JobRegistryError, JobsWorkerService, workerPolicy } from './jobs-worker.service';
import type { QueueConnectionFactory } from './queue-connection';

function serviceWith(handlers: string[]): JobsWorkerService {
  const providers = handlers.map((name) => {
    class Handler {}
    Reflect.defineMetadata(JOB_HANDLER_KEY, name, Handler);
    return { metatype: Handler, instance: new Handler() };
  });
  // Doubles of the two collaborators with only the members the registry check calls (the providers Nest would
  // discover, a worker that runs nothing): a class type cannot be narrowed to some of its members, hence the casts.
  const discovery = { getProviders: () => providers } as unknown as DiscoveryService;
  const connections = { worker: () => ({ on: () => undefined, isRunning: () => true }), backend: 'redis' } as unknown as QueueConnectionFactory;
  return new JobsWorkerService(discovery, new Reflector(), connections, loadConfig({}));
}

describe('the job registry', () => {
  it('refuses to start when a job has no handler', () => {
    expect(() => serviceWith([]).onApplicationBootstrap()).toThrow(new JobRegistryError(`Jobs without a handler: ${JOB_NAMES.join(', ')}`));
  });

  it('refuses to start when a job has two handlers', () => {
    const name = JOB_NAMES[0]!;
    expect(() => serviceWith([name, name]).onApplicationBootstrap()).toThrow(`Job ${name} has two handlers`);
  });

  it('starts when every job has exactly one handler', () => {
    const service = serviceWith([...JOB_NAMES]);
    expect(() => service.onApplicationBootstrap()).not.toThrow();
    expect(service.running).toBe(true);
  });
});

describe('the stalled-job policy', () => {
  it("takes over a dead worker's fan-out sooner than its e-mails, and survives more than one stall", () => {
    const { redis } = loadConfig({});
    expect(workerPolicy(QUEUES.notifications, redis)).toEqual({ lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 });
    expect(workerPolicy(QUEUES.delivery, redis)).toEqual({ lockDuration: 30_000, stalledInterval: 15_000, maxStalledCount: 5 });
  });

  it('follows the configuration, the fan-out lock never longer than the general one', () => {
    const { redis } = loadConfig({ QUEUE_LOCK_MS: '2000', QUEUE_MAX_STALLED: '1' });
    expect(workerPolicy(QUEUES.notifications, redis)).toEqual({ lockDuration: 2000, stalledInterval: 1000, maxStalledCount: 1 });
  });
});
