import { sql, type Sql } from '@cg/server/db';

const UUID_PATTERN = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

/**
 * A text expression (a JSON payload field) as a uuid, or NULL when it is absent or not a uuid: a malformed
 * payload never fails a statement.
 */
export function sqlUuid(text: string): string {
  return `CASE WHEN ${text} ~* ${UUID_PATTERN} THEN (${text})::uuid END`;
}

/**
 * The same as a fragment of `sql`: the text expression `text` (e.g. sql`n.payload->>'taskId'`) as a uuid, or NULL when
 * it is absent or not a uuid.
 */
export function uuidOf(text: Sql): Sql {
  return sql`CASE WHEN ${text} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (${text})::uuid END`;
}
