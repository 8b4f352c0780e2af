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

  /**
   * Many events of one type in one INSERT, in the caller's transaction (a bulk import writes one event
   * per row it adds, in one statement whatever the row count).
   */
  async emitMany<T extends DomainEventType>(
    manager: EntityManager,
    type: T,
    events: { aggregate: { type: string; id: string }; payload: DomainEventPayloads[T] }[],
    context: OutboxContext = {},
  ): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox events ${type} must be written inside a transaction`);
    }
    if (events.length === 0) return;
    await manager.getRepository(OutboxEventEntity).insert(
      events.map((event) => ({
        type,
        aggregateType: event.aggregate.type,
        aggregateId: event.aggregate.id,
        payload: event.payload as never,
        actorUserId: context.actorUserId ?? null,
        requestId: context.requestId ?? null,
      })),
    );
  }
}
