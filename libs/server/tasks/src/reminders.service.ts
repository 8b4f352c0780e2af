import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxService, query } from '@cg/server/db';
import type { TaskEvent } from '@cg/shared/domain';
import { freshReminders } from './tasks.queries';

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
      const fresh = await query<FreshReminder>(manager, freshReminders(day));
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
