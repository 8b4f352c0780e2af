import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainError } from '@cg/shared/domain';

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
  const row = await manager
    .getRepository(entity)
    .createQueryBuilder('x')
    .setLock('pessimistic_write')
    .where('x.id = :id', { id })
    .getOne();
  if (!row) throw DomainError.notFound(name);
  if (row.version !== version) throw DomainError.staleVersion(name);
  return row;
}
