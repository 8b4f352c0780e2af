import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A domain event, written in the same transaction as the change that causes it; relayed to BullMQ later. */
@Entity('outbox_events')
@Index('ix_outbox_unpublished', ['occurredAt'], { where: '"published_at" IS NULL' })
@Index('ix_outbox_unfinished', ['publishedAt'], { where: '"published_at" IS NOT NULL AND "fanned_out_at" IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 80 })
  type: string;

  @Column({ type: 'varchar', length: 60 })
  aggregateType: string;

  @Column({ type: 'uuid' })
  aggregateId: string;

  /** Ids and codes only. */
  @Column({ type: 'jsonb', default: {} })
  payload: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /**
   * When the event's fan-out completed (notifications written, their e-mail and webhook jobs queued); set at
   * publication for events no one is told about. A published event without it is re-enqueued by the reconciler.
   */
  @Column({ type: 'timestamptz', nullable: true })
  fannedOutAt: Date | null;

  /** The reconciler's last re-enqueue of an unfinished fan-out, and how many there were. */
  @Column({ type: 'timestamptz', nullable: true })
  requeuedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  requeues: number;

  /**
   * The reconciler's last re-dispatch of the event's immediate e-mails (a completed fan-out left some unsent: their
   * job ran out of attempts, or was lost with the queue store), and how many there were.
   */
  @Column({ type: 'timestamptz', nullable: true })
  emailRequeuedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  emailRequeues: number;

  /** A relay has claimed the row until then; after that, another may claim it again. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;
}
