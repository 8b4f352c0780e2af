import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@cg/server/config';
import { createApiApp } from './app/bootstrap';

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
  const app = await createApiApp();
  const config = app.get(AppConfig);
  await app.listen({ host: config.http.host, port: config.http.port });
  exitAfterGrace(config.http.shutdownGraceMs);
  app.get(Logger).log(`CommonGround API listening on ${config.http.publicUrl}/graphql`);
}

/**
 * SIGTERM or SIGINT: the application closes (enableShutdownHooks), requests in flight having SHUTDOWN_GRACE_MS
 * to finish (HttpDrain); should closing the rest hang, the process exits a few seconds after the grace anyway.
 */
function exitAfterGrace(graceMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), graceMs + 5000).unref());
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
