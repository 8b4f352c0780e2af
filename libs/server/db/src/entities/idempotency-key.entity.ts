import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A creating mutation's `Idempotency-Key`, written in the same transaction as the write it names: a committed
 * write always has its key, a rolled-back one never. A retry by the same user with the same key finds it and is
 * answered from `result` (the created object's id, or what the mutation chose to keep) instead of writing again.
 * Only ids are kept, never the input itself (its keyed hash tells a different input apart).
 */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_created', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_idempotency_keys' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @PrimaryColumn({ type: 'varchar', length: 128, primaryKeyConstraintName: 'pk_idempotency_keys' })
  key: string;

  /** The GraphQL root field, e.g. `openCase`. */
  @Column({ type: 'varchar', length: 64 })
  operation: string;

  /** HMAC-SHA256 (hex, keyed with a server secret) of the input in a canonical form. */
  @Column({ type: 'char', length: 64 })
  inputHash: string;

  /** Ids only (a string, or an object of ids for mutations that create several rows). */
  @Column({ type: 'jsonb' })
  result: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
