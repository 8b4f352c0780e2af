import { sql, type Sql } from '@cg/server/db';

// The SQL of the realtime channel on the embedded default (PostgreSQL LISTEN/NOTIFY), and of access changes.

/** One NOTIFY per message on `channel`, in one statement. */
export function notifyAll(channel: string, messages: string[]): Sql {
  return sql`SELECT pg_notify(${channel}, m) FROM unnest(${messages}::text[]) AS m`;
}

/**
 * LISTEN on `channel`, which LISTEN takes as an identifier, not a parameter. Unquoted, as PostgreSQL reads it: folded
 * to lower case (a channel of upper-case letters is listened to in lower case, as before).
 */
export function listenTo(channel: string): Sql {
  return sql`LISTEN ${sql.ident(channel.toLowerCase())}`;
}

/** An outbox event's type and payload (no row: gone). */
export function outboxEvent(eventId: string): Sql {
  return sql`SELECT type, payload FROM outbox_events WHERE id = ${eventId}`;
}
