import type { CasePriority, TaskStatus } from '@cg/shared/domain';
import { organisationFromRow, type OrganisationColumns } from '@cg/server/core';
import { taskFieldsNamed } from '@cg/server/authz';
import type { TaskModel } from './task.model';

/** Today in Poland as PostgreSQL sees it (JavaScript: todayInWarsaw in @cg/shared/domain): due dates are days in Europe/Warsaw. */
export const TODAY_SQL = `(now() AT TIME ZONE 'Europe/Warsaw')::date`;
export const OPEN_SQL = `('PROPOSED', 'ACCEPTED', 'IN_PROGRESS', 'BLOCKED')`;
export const LOAD_SQL = `('ACCEPTED', 'IN_PROGRESS', 'BLOCKED')`;

export const TASK_SELECT = `
  t.id, t.case_id, c.reference AS case_reference, t.action_id, t.title, t.description,
  t.organisation_id, t.requester_organisation_id, to_char(t.due_date, 'YYYY-MM-DD') AS due_date,
  t.priority, t.effort_points, t.status, t.decline_reason, t.block_reason, t.capacity_override_reason,
  t.needs_reassignment, t.created_at, t.responded_at, t.version,
  (t.status IN ${OPEN_SQL} AND t.due_date < ${TODAY_SQL}) AS overdue,
  o.id AS org_id, o.name AS org_name, o.code AS org_code, o.kind AS org_kind, o.parent_id AS org_parent, o.area AS org_area,
  o.active AS org_active, o.version AS org_version,
  a.id AS assignee_id, a.display_name AS assignee_name, a.organisation_id AS assignee_org,
  r.id AS requester_id, r.display_name AS requester_name, r.organisation_id AS requester_org`;

export const TASK_FROM = `tasks t
  JOIN cases c ON c.id = t.case_id
  JOIN organisations o ON o.id = t.organisation_id
  LEFT JOIN users a ON a.id = t.assignee_id
  LEFT JOIN users r ON r.id = t.requested_by_id`;

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

/** How the Task rules' fields read in SQL for a task aliased `t`. */
export const TASK_FIELDS = taskFieldsNamed('t');
