import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEventPayloads, DomainEventType } from '@cg/shared/domain';
import { OutboxEventEntity } from './entities';
import { execute, sql } from './sql';

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
    // The rows travel as one JSON parameter: one statement, as cheap to build for thousands of events as for one.
    const rows = JSON.stringify(events.map((event) => ({ aggregate_type: event.aggregate.type, aggregate_id: event.aggregate.id, payload: event.payload })));
    await execute(
      manager,
      sql`INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, actor_user_id, request_id)
          SELECT ${type}, r.aggregate_type, r.aggregate_id, r.payload, ${context.actorUserId ?? null}, ${context.requestId ?? null}
            FROM ROWS FROM (jsonb_to_recordset(${rows}::jsonb) AS (aggregate_type varchar, aggregate_id uuid, payload jsonb)) WITH ORDINALITY AS r(aggregate_type, aggregate_id, payload, n)
           ORDER BY r.n`,
    );
  }
}
