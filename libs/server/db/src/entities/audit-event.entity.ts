import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'SUCCESS' | 'FAILURE' | 'REFUSED';
export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

/** Append-only: a trigger in the database refuses UPDATE and DELETE. */
@Entity('audit_events')
@Index('ix_audit_events_time', ['occurredAt', 'id'])
@Index('ix_audit_events_actor', ['actorUserId', 'occurredAt'])
@Index('ix_audit_events_entity', ['entityType', 'entityId', 'occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorOrganisationId: string | null;

  @Column({ type: 'varchar', length: 80 })
  action: string;

  @Column({ type: 'varchar', length: 20 })
  outcome: AuditOutcome;

  @Column({ type: 'varchar', length: 60 })
  entityType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', default: {} })
  changes: AuditChanges;

  /** Why: an error code for a refusal, or the stated justification. Never personal data. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  clientAddress: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;
}
