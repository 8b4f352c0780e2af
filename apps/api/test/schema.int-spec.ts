import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { TestApp } from '@cg/server/testing';
import { printCommittedSchema } from '../src/app/schema-file';
import { startApi } from './start';

describe('schema.graphql', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('is the schema the code defines (run `npm run schema:emit` after changing the API)', () => {
    const committed = readFileSync(join(__dirname, '../../../schema.graphql'), 'utf8');
    expect(printCommittedSchema(api.app.get(GraphQLSchemaHost).schema)).toBe(committed);
  });

  it('names what the rest of the product relies on', () => {
    const schema = api.app.get(GraphQLSchemaHost).schema;
    const query = Object.keys(schema.getQueryType()?.getFields() ?? {});
    const mutation = Object.keys(schema.getMutationType()?.getFields() ?? {});
    expect(query).toEqual(expect.arrayContaining(['me', 'organisations', 'users', 'auditEvents']));
    expect(mutation).toEqual(expect.arrayContaining(['login', 'refreshSession', 'logout']));
  });
});
