import { JOB_NAMES } from '@cg/shared/domain';
import { JOB_HANDLER_KEY } from './job-handler.decorator';
import { JobRegistryError, JobsWorkerService } from './jobs-worker.service';

function serviceWith(handlers: string[]): JobsWorkerService {
  const providers = handlers.map((name) => {
    class Handler {}
    Reflect.defineMetadata(JOB_HANDLER_KEY, name, Handler);
    return { metatype: Handler, instance: new Handler() };
  });
  const discovery = { getProviders: () => providers };
  const reflector = { get: (key: string, target: object) => Reflect.getMetadata(key, target) as unknown };
  const connections = { worker: () => ({ on: () => undefined, isRunning: () => true }), backend: 'redis' };
  return new JobsWorkerService(discovery as never, reflector as never, connections as never);
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
