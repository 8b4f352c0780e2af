import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@cg/server/config';
import { HealthServer } from './app/health.server';
import { WorkerModule } from './app/worker.module';

/**
 * Started by `npm start` (tools/up.mjs), the process has an IPC channel to it: when that closes (the launcher is gone,
 * even killed outright), stop as on SIGTERM rather than run on orphaned. Elsewhere (Docker, systemd) there is none.
 */
function stopWithLauncher(): void {
  if (!process.connected) return;
  process.channel?.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

async function main(): Promise<void> {
  stopWithLauncher();
  const app = await NestFactory.createApplicationContext(WorkerModule.register(), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  // SIGTERM: workers stop taking jobs, finish those in progress within SHUTDOWN_GRACE_MS (a job still running
  // then is left to another worker), then the process exits; a few seconds after the grace it exits anyway.
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.http.shutdownGraceMs + 5000).unref());
  }
  await app.init();
  const port = await app.get(HealthServer).listen(config.http.host, config.http.workerHealthPort);
  app.get(Logger).log(`CommonGround worker running; health on http://${config.http.host}:${port}/health/ready`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
