import 'reflect-metadata';
import { AppConfig } from '@cg/server/config';
import { createApiApp } from './app/bootstrap';

async function main(): Promise<void> {
  const app = await createApiApp();
  const config = app.get(AppConfig);
  await app.listen({ host: config.http.host, port: config.http.port });
  app.get(AppConfig);
  process.stdout.write(JSON.stringify({ level: 30, msg: `CommonGround API listening on ${config.http.publicUrl}/graphql` }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
