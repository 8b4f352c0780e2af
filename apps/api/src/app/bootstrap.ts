import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, loadConfig } from '@cg/server/config';
import { AppModule, type AppModuleOptions } from './app.module';
import { requestIdOf } from './logging';
import { mountQueueDashboard } from './queue-dashboard';

/** Builds the API application (not listening yet): used by main.ts and by the tests alike. */
export async function createApiApp(options: AppModuleOptions = {}): Promise<NestFastifyApplication> {
  const config = loadConfig();
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.isProduction ? 1 : false,
    logger: false,
    forceCloseConnections: false,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(options), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // NestFactory.create flushes its buffer only in listen(): without this, an app that is not listening (the tests use
  // inject) would buffer every Nest log line, the filter's unexpected-error lines included, in memory for ever.
  app.flushLogs();
  app.enableShutdownHooks();
  await mountQueueDashboard(app);
  // The GraphQL IDE, from installed files (no CDN): outside production only, where its code is not even loaded.
  if (!config.isProduction) await (await import('./ide')).mountIde(app);
  app.get(AppConfig);
  return app;
}
