import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per task, day and kind of reminder: the reminder job's memory, so that each is sent once. */
@Entity('task_reminders')
export class TaskReminderEntity {
  @PrimaryColumn({ type: 'uuid' })
  taskId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind: 'DUE_SOON' | 'OVERDUE';

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
