import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per indicator and period for which a measurement-due event was written: each is sent once. */
@Entity('indicator_reminders')
export class IndicatorReminderEntity {
  @PrimaryColumn({ type: 'uuid' })
  indicatorId: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  period: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
