import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OPEN_SQL } from './task-rows';

/**
 * Due-soon (due today or tomorrow) and overdue reminders: one outbox event per task, kind and day. The
 * task_reminders key makes the job idempotent: run it twice on one day and each reminder exists once.
 */
@Injectable()
export class RemindersService {
  constructor(private readonly dataSource: DataSource) {}

  async run(day: string): Promise<{ dueSoon: number; overdue: number }> {
    const rows: { type: string }[] = await this.dataSource.query(
      `WITH due AS (
         SELECT t.id, t.case_id, t.organisation_id, t.requester_organisation_id, t.assignee_id,
                CASE WHEN t.due_date < $1::date THEN 'OVERDUE' ELSE 'DUE_SOON' END AS kind
           FROM tasks t
          WHERE t.status IN ${OPEN_SQL} AND t.due_date <= $1::date + 1
       ), fresh AS (
         INSERT INTO task_reminders (task_id, day, kind)
         SELECT id, $1::date, kind FROM due
         ON CONFLICT DO NOTHING
         RETURNING task_id, kind
       )
       INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, request_id)
       SELECT CASE f.kind WHEN 'OVERDUE' THEN 'task.overdue' ELSE 'task.due-soon' END, 'Task', d.id,
              jsonb_build_object('caseId', d.case_id, 'taskId', d.id, 'organisationId', d.organisation_id,
                                 'requesterOrganisationId', d.requester_organisation_id, 'assigneeId', d.assignee_id, 'day', $1::text),
              'job:tasks.reminders'
         FROM fresh f JOIN due d ON d.id = f.task_id AND d.kind = f.kind
       RETURNING type`,
      [day],
    );
    return { dueSoon: rows.filter((r) => r.type === 'task.due-soon').length, overdue: rows.filter((r) => r.type === 'task.overdue').length };
  }
}
