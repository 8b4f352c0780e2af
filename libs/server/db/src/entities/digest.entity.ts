import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One daily digest e-mail per person and (their local) day: the digest job's memory. */
@Entity('digests')
@Index('uq_digests_user_day', ['userId', 'day'], { unique: true })
export class DigestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'integer' })
  notificationCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
