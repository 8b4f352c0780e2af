import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * One notification for one person about one domain event. Unique per (event, recipient): a retried
 * fan-out never duplicates. Holds ids only; the text is rendered when read, in the reader's language.
 */
@Entity('notifications')
@Index('uq_notifications_event_user', ['eventId', 'userId'], { unique: true })
@Index('ix_notifications_user', ['userId', 'createdAt', 'id'])
@Index('ix_notifications_unread', ['userId'], { where: '"read_at" IS NULL' })
// The daily digest's question: who has notifications waiting for it.
@Index('ix_notifications_digest_pending', ['userId'], { where: `"email_mode" = 'DIGEST' AND "emailed_at" IS NULL` })
// The reconciler's question: which events still have immediate e-mails to send.
@Index('ix_notifications_email_pending', ['eventId'], { where: `"email_mode" = 'IMMEDIATE' AND "emailed_at" IS NULL` })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The outbox event it comes from. */
  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 80 })
  type: string;

  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  /** Ids and codes from the event; never personal data. */
  @Column({ type: 'jsonb', default: {} })
  payload: Record<string, unknown>;

  /** IMMEDIATE, DIGEST or NONE: how (and whether) it goes out by e-mail. */
  @Column({ type: 'varchar', length: 10 })
  emailMode: string;

  @Column({ type: 'timestamptz', nullable: true })
  emailedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  occurredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
