import type { CasePriority, TaskStatus } from '@cg/shared/domain';
import { organisationFromRow, type OrganisationColumns } from '@cg/server/core';
import type { TaskModel } from './task.model';

/** A task as `tasksWhere` (tasks.queries.ts) selects it, with its case's reference, organisation, assignee and requester. */
export interface TaskRow extends OrganisationColumns {
  id: string;
  case_id: string;
  case_reference: string;
  action_id: string | null;
  title: string;
  description: string;
  organisation_id: string;
  requester_organisation_id: string;
  due_date: string;
  priority: CasePriority;
  effort_points: number;
  status: TaskStatus;
  decline_reason: string | null;
  block_reason: string | null;
  capacity_override_reason: string | null;
  needs_reassignment: boolean;
  created_at: Date;
  responded_at: Date | null;
  version: number;
  overdue: boolean;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_org: string | null;
  requester_id: string | null;
  requester_name: string | null;
  requester_org: string | null;
}

export function toTaskModel(row: TaskRow): TaskModel {
  return {
    id: row.id,
    caseId: row.case_id,
    caseReference: row.case_reference,
    actionId: row.action_id,
    title: row.title,
    description: row.description,
    organisation: organisationFromRow(row),
    assignee: row.assignee_id ? { id: row.assignee_id, displayName: row.assignee_name ?? '', organisationId: row.assignee_org ?? '' } : null,
    requestedBy: row.requester_id ? { id: row.requester_id, displayName: row.requester_name ?? '', organisationId: row.requester_org ?? '' } : null,
    requesterOrganisationId: row.requester_organisation_id,
    isRequest: row.requester_organisation_id !== row.organisation_id,
    dueDate: row.due_date,
    priority: row.priority,
    effortPoints: row.effort_points,
    status: row.status,
    overdue: row.overdue,
    declineReason: row.decline_reason,
    blockReason: row.block_reason,
    capacityOverrideReason: row.capacity_override_reason,
    needsReassignment: row.needs_reassignment,
    createdAt: row.created_at,
    respondedAt: row.responded_at,
    version: row.version,
  };
}
