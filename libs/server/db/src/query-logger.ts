import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { isOutage } from '@cg/server/core';

/** A statement is logged up to this many characters (an INSERT of many rows is long). */
const QUERY_CHARS = 2000;

/** How TypeORM's PostgreSQL driver words an error of its pool (an idle client's connection broke). */
const POOL_ERROR = 'Postgres pool raised an error';

function shorten(query: string): string {
  return query.length > QUERY_CHARS ? `${query.slice(0, QUERY_CHARS)}…` : query;
}

/**
 * TypeORM's lines through the process's logger (pino in the API and the worker: JSON, redacted, with the bindings of
 * the job in hand), instead of its console logger, which printed several lines of plain text per failed statement,
 * the statement's parameters included (an e-mail address, a resident's details). The text of a statement is logged,
 * never the values sent with it.
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly logger = new Logger('TypeORM');

  /** `logQueries`: every statement at debug level (DATABASE_LOG_QUERIES). */
  constructor(private readonly logQueries: boolean) {}

  logQuery(query: string): void {
    if (this.logQueries) this.logger.debug({ query: shorten(query) }, 'query');
  }

  /**
   * A warning: whoever ran the statement decides whether it is an error (a bug is logged as one by the API's filter or
   * the worker's failed job). A store unavailable is at debug level: it is reported once, by whoever handles it (the
   * API's 'a store is unavailable', the relay's 'paused'), not once per statement that met it.
   */
  logQueryError(error: string | Error, query: string): void {
    const err = error instanceof Error ? error : new Error(error);
    const fields = { query: shorten(query), err };
    if (isOutage(err)) this.logger.debug(fields, 'query failed: a store is unavailable');
    else this.logger.warn(fields, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query: shorten(query) }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  /** The pool's errors (an idle connection broken: the server went away) are an outage too, reported by whoever meets it next. */
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = String(message);
    if (level === 'warn' && !text.startsWith(POOL_ERROR)) this.logger.warn(text);
    else this.logger.debug(text);
  }
}
