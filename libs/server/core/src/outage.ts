/**
 * Whether an error means a store is unreachable (PostgreSQL or Redis down, restarting, refusing connections,
 * out of connections), as opposed to a bug: the first is worth retrying and is answered SERVICE_UNAVAILABLE.
 * Looks through the wrappers TypeORM, pg, ioredis and Node put around the cause.
 */
export function isOutage(error: unknown): boolean {
  return outageCause(error, 0);
}

/** Socket-level failures: the store's address does not answer, or the connection broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);

/**
 * PostgreSQL SQLSTATEs of an unavailable server: class 08 (connection exception), 53300 (too many connections),
 * 57P01–57P03 (shutting down, crashed, cannot connect now: starting up or in recovery).
 */
const POSTGRES_STATES = /^(08...|53300|57P0[123])$/;

/**
 * TypeORM's "this connection was given back" errors. Our code never runs a statement on a query runner it has
 * released itself (transactions release theirs in a `finally`, after the last statement): when one of these is
 * thrown, TypeORM released the runner for us, which PostgresQueryRunner does in exactly one case, when the pg
 * client emits 'error' because its socket broke while the transaction sat between two statements (the server
 * went away, or the connection to it was cut). The next statement then fails with one of these, not with the
 * network error, which went to the client's 'error' listener. So here it means a broken connection: an outage.
 * Matched by name and by message, either of which survives bundling.
 */
const RELEASED_NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/** Messages of pg, the pool, ioredis and TypeORM that carry no code. */
const MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection is closed\.?$/i,
  /Stream isn't writeable/i,
  /Reached the max retries per request limit/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  // QueryRunnerAlreadyReleasedError and QueryRunnerProviderAlreadyReleasedError (see RELEASED_NAMES).
  /^Query runner already released\. Cannot run queries anymore/,
  /^Database connection provided by a query runner was already released/,
];

function outageCause(error: unknown, depth: number): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; driverError?: unknown; originalError?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || POSTGRES_STATES.test(e.code))) return true;
  if (e.name === 'MaxRetriesPerRequestError' || (typeof e.name === 'string' && RELEASED_NAMES.has(e.name))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((inner) => outageCause(inner, depth + 1))) return true;
  return [e.driverError, e.cause, e.originalError].some((inner) => inner !== error && outageCause(inner, depth + 1));
}
