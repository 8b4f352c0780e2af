import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainError } from '@cg/shared/domain';
import { hydrate, query, sql } from './sql';

/**
 * Locks one row for the rest of the transaction and checks the version the caller read: a stale version
 * is `CONFLICT`, never a lost update. Unknown id is `NOT_FOUND`.
 */
export async function loadForUpdate<T extends ObjectLiteral & { id: string; version: number }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  version: number,
  name: string,
): Promise<T> {
  const table = sql.ident(manager.getRepository(entity).metadata.tableName);
  const [found] = await query(manager, sql`SELECT x.* FROM ${table} x WHERE x.id = ${id} FOR UPDATE`);
  if (!found) throw DomainError.notFound(name);
  const row = hydrate(manager, entity, found);
  if (row.version !== version) throw DomainError.staleVersion(name);
  return row;
}
