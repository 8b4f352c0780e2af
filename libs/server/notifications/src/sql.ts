import { sql, type Sql } from '@cg/server/db';

/**
 * The text expression `text` (a JSON payload field, e.g. sql`n.payload->>'taskId'`) as a uuid, or NULL when it is
 * absent or not a uuid: a malformed payload never fails a statement.
 */
export function uuidOf(text: Sql): Sql {
  return sql`CASE WHEN ${text} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (${text})::uuid END`;
}
