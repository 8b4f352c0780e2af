import { TestApp } from '@cg/server/testing';
import { createApiApp } from '../src/app/bootstrap';
import type { AppModuleOptions } from '../src/app/app.module';

/** The real API on a fresh database of its own, with the real PostgreSQL and Redis. */
export function startApi(env: Record<string, string> = {}, options: AppModuleOptions = {}): Promise<TestApp> {
  return TestApp.start(({ logDestination }) => createApiApp({ ...options, logDestination }), env);
}
