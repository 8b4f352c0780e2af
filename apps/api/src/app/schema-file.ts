import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** The text of the committed schema.graphql for a schema: sorted, so that it diffs well. */
export function printCommittedSchema(schema: GraphQLSchema): string {
  return `# Generated from the code by \`npm run schema:emit\`; a test fails when it is stale. Do not edit.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
