import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, loadConfig } from '@cg/server/config';
import { AppModule, type AppModuleOptions } from './app.module';
import { requestIdOf, requestLogging } from './logging';
import { demandJsonOnAuthRoutes } from './browser-session.controller';
import { mountQueueDashboard } from './queue-dashboard';
import { mountAttachmentRoutes } from './attachments.routes';
import { limitRequestsPerAddress, RateLimits } from './rate-limits';
import { mountWebAssets } from './web-app';

/** Builds the API application (not listening yet): used by main.ts and by the tests alike. */
export async function createApiApp(options: AppModuleOptions = {}): Promise<NestFastifyApplication> {
  const config = loadConfig();
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    // Off unless configured: otherwise anyone could write their own X-Forwarded-For into the audit trail.
    trustProxy: config.http.trustProxy,
    logger: false,
    // The request's logger is ours (see the hook below): Fastify writes no line of its own about requests with it.
    disableRequestLogging: true,
    forceCloseConnections: false,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  // Before every middleware (nestjs-pino's binds `req.log` to the code serving the request): a hook added now runs
  // ahead of @fastify/middie's, which NestFactory.create registers.
  const logging = requestLogging(config, options.logDestination);
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    // middie hands the middleware Fastify's `request.log` as `req.log`: the request's logger is put there.
    request.log = logging.attach(request.raw, reply.raw);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(options, logging), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // NestFactory.create flushes its buffer only in listen(): without this, an app that is not listening (the tests use
  // inject) would buffer every Nest log line, the filter's unexpected-error lines included, in memory for ever.
  app.flushLogs();
  app.enableShutdownHooks();
  // After the logging middleware (NestFactory.create registered it), before the dashboard's routes (which inherit it).
  limitRequestsPerAddress(app.getHttpAdapter().getInstance(), app.get(RateLimits));
  demandJsonOnAuthRoutes(app.getHttpAdapter().getInstance());
  await mountQueueDashboard(app);
  await mountAttachmentRoutes(app);
  // The web app's hashed files; its pages are answered by WebAppController (the single-page fallback).
  mountWebAssets(app, (reason) => app.get(Logger).warn(`The web app's files cannot be served on Node ${process.version}: ${reason}`));
  // The GraphQL IDE, from installed files (no CDN): outside production only, where its code is not even loaded.
  if (!config.isProduction) await mountIdeIfLoadable(app);
  app.get(AppConfig);
  return app;
}

/**
 * @fastify/static needs an ES-module-only dependency that CommonJS can require from Node 20.19 on; on an older Node 20
 * the API still starts, without the IDE, and says why.
 */
async function mountIdeIfLoadable(app: NestFastifyApplication): Promise<void> {
  let ide: typeof import('./ide');
  try {
    ide = await import('./ide');
  } catch (error) {
    app.get(Logger).warn(`GraphQL IDE not available on Node ${process.version} (needs 20.19 or later): ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  await ide.mountIde(app);
}
