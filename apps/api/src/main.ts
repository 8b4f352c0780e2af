import 'reflect-metadata';
import { AppConfig } from '@cg/server/config';
import { createApiApp } from './app/bootstrap';

async function main(): Promise<void> {
  const app = await createApiApp();
  const config = app.get(AppConfig);
  await app.listen({ host: config.http.host, port: config.http.port });
  exitAfterGrace(config.http.shutdownGraceMs);
  process.stdout.write(JSON.stringify({ level: 30, msg: `CommonGround API listening on ${config.http.publicUrl}/graphql` }) + '\n');
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
