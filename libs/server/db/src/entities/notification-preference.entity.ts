import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { NotificationMode } from '@cg/shared/domain';

/** A person's choice for one event type; without a row the mode is IMMEDIATE. */
@Entity('notification_preferences')
export class NotificationPreferenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 80 })
  eventType: string;

  @Column({ type: 'enum', enum: NotificationMode, enumName: 'notification_mode' })
  mode: NotificationMode;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
