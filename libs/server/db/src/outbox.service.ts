import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEventPayloads, DomainEventType } from '@cg/shared/domain';
import { OutboxEventEntity } from './entities';

export interface OutboxContext {
  actorUserId?: string | null;
  requestId?: string | null;
}

/**
 * Writes a domain event in the caller's transaction: the event exists if and only if the change does.
 * The relay to BullMQ reads unpublished rows later.
 */
@Injectable()
export class OutboxService {
  async emit<T extends DomainEventType>(
    manager: EntityManager,
    type: T,
    aggregate: { type: string; id: string },
    payload: DomainEventPayloads[T],
    context: OutboxContext = {},
  ): Promise<OutboxEventEntity> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox event ${type} must be written inside a transaction`);
    }
    return manager.getRepository(OutboxEventEntity).save({
      type,
      aggregateType: aggregate.type,
      aggregateId: aggregate.id,
      payload: payload as Record<string, unknown>,
      actorUserId: context.actorUserId ?? null,
      requestId: context.requestId ?? null,
    });
  }
}
