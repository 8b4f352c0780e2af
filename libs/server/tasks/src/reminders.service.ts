import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxService } from '@cg/server/db';
import type { TaskEvent } from '@cg/shared/domain';
import { OPEN_SQL } from './task-rows';

interface FreshReminder {
  kind: 'OVERDUE' | 'DUE_SOON';
  task_id: string;
  case_id: string;
  organisation_id: string;
  requester_organisation_id: string;
  assignee_id: string | null;
}

/**
 * Due-soon (due today or tomorrow) and overdue reminders: one outbox event per task, kind and day. The
 * task_reminders key makes the job idempotent: run it twice on one day and each reminder exists once. The
 * reminders and their events are written in one transaction.
 */
@Injectable()
export class RemindersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async run(day: string): Promise<{ dueSoon: number; overdue: number }> {
    return this.dataSource.transaction(async (manager) => {
      const fresh: FreshReminder[] = await manager.query(
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
         SELECT f.kind, d.id AS task_id, d.case_id, d.organisation_id, d.requester_organisation_id, d.assignee_id
           FROM fresh f JOIN due d ON d.id = f.task_id AND d.kind = f.kind`,
        [day],
      );
      const events = (kind: FreshReminder['kind']) =>
        fresh.filter((r) => r.kind === kind).map((r) => ({ aggregate: { type: 'Task', id: r.task_id }, payload: { ...taskEvent(r), day } }));
      const overdue = events('OVERDUE');
      const dueSoon = events('DUE_SOON');
      const context = { requestId: 'job:tasks.reminders' };
      await this.outbox.emitMany(manager, 'task.overdue', overdue, context);
      await this.outbox.emitMany(manager, 'task.due-soon', dueSoon, context);
      return { dueSoon: dueSoon.length, overdue: overdue.length };
    });
  }
}

function taskEvent(row: FreshReminder): TaskEvent {
  return { caseId: row.case_id, taskId: row.task_id, organisationId: row.organisation_id, requesterOrganisationId: row.requester_organisation_id, assigneeId: row.assignee_id };
}
