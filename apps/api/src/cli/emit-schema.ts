import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createApiApp } from '../app/bootstrap';
import { printCommittedSchema } from '../app/schema-file';

/** `npm run schema:emit`: writes the schema the code defines to the committed schema.graphql. */
async function main(): Promise<void> {
  const app = await createApiApp();
  await app.init();
  try {
    const sdl = printCommittedSchema(app.get(GraphQLSchemaHost).schema);
    writeFileSync(join(process.cwd(), 'schema.graphql'), sdl);
    process.stdout.write('Wrote schema.graphql\n');
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
