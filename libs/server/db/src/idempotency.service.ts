import { createHmac } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AppConfig } from '@cg/server/config';
import { DomainError, ErrorCode } from '@cg/shared/domain';
import type { IdempotencyClaim, RequestContext } from '@cg/server/core';
import { IdempotencyKeyEntity } from './entities';
import { execute, query, sql } from './sql';

/** Thrown inside a write's transaction when its key was committed by another request meanwhile: rolls the write back. */
class IdempotencyKeyTaken extends Error {
  constructor() {
    super('idempotency key taken by a concurrent request');
    this.name = 'IdempotencyKeyTaken';
  }
}

/**
 * Idempotent creating mutations. A resolver wraps its write in `once`; the service, inside its transaction, calls
 * `recordIdempotentResult(manager, request, id)` beside its audit row. With an `Idempotency-Key` (the request's
 * header), a retry by the same user with the same key, operation and input is answered by `replay` from the
 * recorded id (read again through the caller's current access) and writes nothing; a different operation or input
 * is BAD_USER_INPUT IDEMPOTENCY_KEY_REUSED. Without a key, or without a signed-in user, the write runs as it is.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async once<T, R = string>(request: RequestContext, operation: string, input: unknown, write: () => Promise<T>, replay: (result: R) => Promise<T>): Promise<T> {
    const key = request.idempotencyKey;
    const userId = request.actor?.userId;
    if (!key || !userId) return write();
    const inputHash = hashInput(input, this.config.auth.jwtSecret);
    const found = await this.find(userId, key);
    if (found) return replay(this.matching(found, operation, inputHash) as R);

    const claim: IdempotencyClaim & { ttlHours: number } = { userId, key, operation, inputHash, recorded: false, ttlHours: this.config.idempotency.keyTtlHours };
    request.idempotency = claim;
    try {
      const result = await write();
      if (!claim.recorded) this.logger.error({ operation }, 'a creating mutation ran with an idempotency key but did not record it');
      return result;
    } catch (error) {
      if (!(error instanceof IdempotencyKeyTaken) && !isKeyViolation(error)) throw error;
      // A concurrent request with this key committed first; this write rolled back. Answer as a retry would be.
      const first = await this.find(userId, key);
      if (!first) throw new DomainError(ErrorCode.CONFLICT, 'idempotency.keyInFlight');
      return replay(this.matching(first, operation, inputHash) as R);
    } finally {
      delete request.idempotency;
    }
  }

  /** Deletes the keys older than the TTL (the maintenance job). */
  async purgeExpired(): Promise<number> {
    const result = await execute<[unknown[], number]>(
      this.dataSource,
      sql`DELETE FROM idempotency_keys WHERE created_at <= now() - make_interval(hours => ${this.config.idempotency.keyTtlHours})`,
    );
    return result[1] ?? 0;
  }

  private async find(userId: string, key: string): Promise<IdempotencyKeyEntity | null> {
    const rows = await query<{ operation: string; input_hash: string; result: unknown }>(
      this.dataSource,
      sql`SELECT operation, input_hash, result FROM idempotency_keys
           WHERE user_id = ${userId} AND key = ${key} AND created_at > now() - make_interval(hours => ${this.config.idempotency.keyTtlHours})`,
    );
    const row = rows[0];
    return row ? Object.assign(new IdempotencyKeyEntity(), { userId, key, operation: row.operation, inputHash: row.input_hash, result: row.result }) : null;
  }

  private matching(found: IdempotencyKeyEntity, operation: string, inputHash: string): unknown {
    if (found.operation !== operation || found.inputHash !== inputHash) {
      throw DomainError.badInput('idempotency.keyReused', { operation: found.operation }, { header: 'Idempotency-Key' });
    }
    return found.result;
  }
}

/**
 * Records the key of the write under way (if the request carries one) with its result, in the write's own
 * transaction. A key expired but not yet purged is taken over; a live one (a concurrent request committed it
 * meanwhile) rolls this write back, and `once` answers with the first request's result.
 */
export async function recordIdempotentResult(manager: EntityManager, request: RequestContext, result: string | Record<string, unknown>): Promise<void> {
  const claim = request.idempotency as (IdempotencyClaim & { ttlHours: number }) | undefined;
  if (!claim || claim.recorded) return;
  if (!manager.queryRunner?.isTransactionActive) throw new Error('An idempotency key must be recorded inside the write’s transaction');
  const rows = await query(
    manager,
    sql`INSERT INTO idempotency_keys (user_id, key, operation, input_hash, result)
        VALUES (${claim.userId}, ${claim.key}, ${claim.operation}, ${claim.inputHash}, ${JSON.stringify(result)}::jsonb)
        ON CONFLICT (user_id, key) DO UPDATE SET operation = EXCLUDED.operation, input_hash = EXCLUDED.input_hash, result = EXCLUDED.result, created_at = now()
          WHERE idempotency_keys.created_at <= now() - make_interval(hours => ${claim.ttlHours})
        RETURNING 1`,
  );
  if (rows.length === 0) throw new IdempotencyKeyTaken();
  claim.recorded = true;
}

/**
 * HMAC-SHA256 (keyed with a server secret) of the input in a canonical form (keys sorted, undefined left out), so
 * that field order does not matter and the stored hash tells nothing about an input (a new user's password) to
 * whoever reads the table.
 */
export function hashInput(input: unknown, secret: string): string {
  return createHmac('sha256', secret).update(canonicalInput(input)).digest('hex');
}

export function canonicalInput(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalInput).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalInput(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function isKeyViolation(error: unknown): boolean {
  const driver = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : null;
  return driver?.code === '23505' && driver.constraint === 'pk_idempotency_keys';
}
