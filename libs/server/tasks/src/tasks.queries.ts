import { LOAD_STATUSES, LOAD_WINDOW_DAYS } from '@cg/shared/domain';
import { sql, type Sql } from '@cg/server/db';
import { taskFields } from '@cg/server/authz';

// The SQL of the tasks context (tasks, actions, the workload guard and view, reminders). Services call these; each
// returns a statement (or a fragment) of the `sql` tagged template, whose values are always parameters.

/** Today in Poland as PostgreSQL sees it (JavaScript: todayInWarsaw in @cg/shared/domain): due dates are days in Europe/Warsaw. */
export const TODAY = sql`(now() AT TIME ZONE 'Europe/Warsaw')::date`;
/** Open statuses (a task still to do) and the statuses that count in a person's load. */
export const OPEN = sql`('PROPOSED', 'ACCEPTED', 'IN_PROGRESS', 'BLOCKED')`;
export const LOAD = sql`('ACCEPTED', 'IN_PROGRESS', 'BLOCKED')`;

/** How the Task rules' fields read in SQL for a task aliased `t`. */
export const TASK_FIELDS = taskFields('t');

// ---------------------------------------------------------------------------------------------------- tasks

const TASK_SELECT = sql`
  t.id, t.case_id, c.reference AS case_reference, t.action_id, t.title, t.description,
  t.organisation_id, t.requester_organisation_id, to_char(t.due_date, 'YYYY-MM-DD') AS due_date,
  t.priority, t.effort_points, t.status, t.decline_reason, t.block_reason, t.capacity_override_reason,
  t.needs_reassignment, t.created_at, t.responded_at, t.version,
  (t.status IN ${OPEN} AND t.due_date < ${TODAY}) AS overdue,
  o.id AS org_id, o.name AS org_name, o.code AS org_code, o.kind AS org_kind, o.parent_id AS org_parent, o.area AS org_area,
  o.active AS org_active, o.version AS org_version,
  a.id AS assignee_id, a.display_name AS assignee_name, a.organisation_id AS assignee_org,
  r.id AS requester_id, r.display_name AS requester_name, r.organisation_id AS requester_org`;

/** The tasks (`tasks`, or a page of them) joined to their case, organisation, assignee and requester. */
const taskFrom = (tasks: Sql = sql`tasks`): Sql => sql`${tasks} t
  JOIN cases c ON c.id = t.case_id
  JOIN organisations o ON o.id = t.organisation_id
  LEFT JOIN users a ON a.id = t.assignee_id
  LEFT JOIN users r ON r.id = t.requested_by_id`;
const TASK_FROM = taskFrom();

/** The filters of a task list (status, due before, overdue or not), as conditions on a task aliased `t`. */
export function taskFilter(filter: { status?: readonly string[]; dueBefore?: string; overdue?: boolean }): Sql[] {
  const conditions: Sql[] = [];
  if (filter.status?.length) conditions.push(sql`t.status = ANY(${filter.status})`);
  if (filter.dueBefore) conditions.push(sql`t.due_date < ${filter.dueBefore.slice(0, 10)}`);
  if (filter.overdue !== undefined) {
    const overdue = sql`(t.status IN ${OPEN} AND t.due_date < ${TODAY})`;
    conditions.push(filter.overdue ? overdue : sql`NOT ${overdue}`);
  }
  return conditions;
}

/** After a keyset cursor of the task order (due date, id). */
const afterTask = (cursor: (string | number)[] | null): Sql => (cursor ? sql`(t.due_date, t.id) > (${cursor[0]}::date, ${cursor[1]}::uuid)` : sql.true);

/** The tasks that meet every condition. */
export function tasksWhere(conditions: readonly Sql[]): Sql {
  return sql`SELECT ${TASK_SELECT} FROM ${TASK_FROM} WHERE ${sql.and(conditions)}`;
}

/** A page of tasks meeting the conditions, by due date, after the cursor (one more row than the page, to tell if there is a next). */
export function tasksPage(conditions: readonly Sql[], cursor: (string | number)[] | null, limit: number): Sql {
  // The page is chosen among the tasks alone (the conditions name only `t`), then joined: otherwise PostgreSQL,
  // misjudging how few tasks pass the rules, hashed every case to join them first (a staff member's 666 tasks among
  // 104,000: 74 ms instead of a few, bench/cases.bench.mjs).
  const page = sql`(SELECT t.* FROM tasks t WHERE ${sql.and([...conditions, afterTask(cursor)])} ORDER BY t.due_date ASC, t.id ASC LIMIT ${limit + 1})`;
  return sql`SELECT ${TASK_SELECT} FROM ${taskFrom(page)} ORDER BY t.due_date ASC, t.id ASC`;
}

export function tasksCount(conditions: readonly Sql[]): Sql {
  return sql`SELECT count(*)::int AS n FROM tasks t WHERE ${sql.and(conditions)}`;
}

/** A page of tasks of each case, in one LATERAL statement. */
export function tasksPageOfCases(caseIds: readonly string[], conditions: readonly Sql[], cursor: (string | number)[] | null, limit: number): Sql {
  return sql`SELECT x.* FROM unnest(${[...caseIds]}::uuid[]) AS k(id) CROSS JOIN LATERAL (
       SELECT ${TASK_SELECT} FROM ${TASK_FROM} WHERE t.case_id = k.id AND ${sql.and([...conditions, afterTask(cursor)])} ORDER BY t.due_date, t.id LIMIT ${limit + 1}
     ) x`;
}

export function taskCountsOfCases(caseIds: readonly string[], conditions: readonly Sql[]): Sql {
  return sql`SELECT t.case_id, count(*)::int AS n FROM tasks t WHERE t.case_id = ANY(${[...caseIds]}) AND ${sql.and(conditions)} GROUP BY t.case_id`;
}

export function tasksOfActions(actionIds: readonly string[], visible: Sql): Sql {
  return sql`${tasksWhere([sql`t.action_id = ANY(${[...actionIds]})`, visible])} ORDER BY t.due_date, t.id`;
}

/** What the caller may do with each task: one boolean per rule (each a condition on `t`), and what the writes start from. */
export function taskPermissions(taskIds: readonly string[], rules: { respond: Sql; progress: Sql; assign: Sql; override: Sql; cancel: Sql }): Sql {
  return sql`SELECT t.id, t.status, t.status_before_block, c.phase = 'CLOSED' AS closed,
                coalesce(${rules.respond}, false) AS respond, coalesce(${rules.progress}, false) AS progress,
                coalesce(${rules.assign}, false) AS assign, coalesce(${rules.override}, false) AS override,
                coalesce(${rules.cancel}, false) AS cancel
           FROM tasks t JOIN cases c ON c.id = t.case_id WHERE t.id = ANY(${[...taskIds]})`;
}

/** The task row, locked for the transaction. */
export function taskForUpdate(id: string): Sql {
  return sql`SELECT t.* FROM tasks t WHERE t.id = ${id} FOR UPDATE`;
}

/** A person's open tasks due from a day on, locked: those to flag for reassignment when they are away. */
export function openTasksOfPersonFrom(userId: string, from: string): Sql {
  return sql`SELECT t.* FROM tasks t WHERE t.assignee_id = ${userId} AND t.status = ANY(${[...LOAD_STATUSES]}) AND t.due_date >= ${from} FOR UPDATE`;
}

// ---------------------------------------------------------------------------------------------------- the workload guard

/** An active user, optionally locked (two assignments to one person cannot both see the old load). */
export function activeUser(userId: string, lock: boolean): Sql {
  return sql`SELECT u.* FROM users u WHERE u.id = ${userId} AND u.active ${lock ? sql`FOR UPDATE` : sql.empty}`;
}

/** The last day of the person's latest absence overlapping [from, to]. */
export function absenceOverlapping(userId: string, from: string, to: string): Sql {
  return sql`SELECT to_char(ends_on, 'YYYY-MM-DD') AS ends_on FROM unavailabilities
              WHERE user_id = ${userId} AND starts_on <= ${to} AND ends_on >= ${from} ORDER BY ends_on DESC LIMIT 1`;
}

/** A person's load: the effort of their tasks counting in it due by `until`, but the task being assigned. */
export function loadOfPerson(userId: string, until: string, exceptTaskId: string): Sql {
  return sql`SELECT coalesce(sum(effort_points), 0)::int AS load FROM tasks
              WHERE assignee_id = ${userId} AND status = ANY(${[...LOAD_STATUSES]}) AND due_date <= ${until} AND id <> ${exceptTaskId}`;
}

// ---------------------------------------------------------------------------------------------------- actions

const ACTION_SELECT = sql`SELECT a.id, a.case_id, a.kind, a.title, a.description, to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on,
         a.status, a.cancel_reason, a.version,
         o.id AS org_id, o.name AS org_name, o.code AS org_code, o.kind AS org_kind, o.parent_id AS org_parent, o.area AS org_area, o.active AS org_active, o.version AS org_version
    FROM actions a JOIN organisations o ON o.id = a.lead_organisation_id`;

/** Actions meeting the condition (on an action aliased `a`), by start. */
export function actionsWhere(condition: Sql): Sql {
  return sql`${ACTION_SELECT} WHERE ${condition} ORDER BY a.starts_on, a.id`;
}

/** Progress of actions from their tasks. */
export function progressOfActions(actionIds: readonly string[]): Sql {
  return sql`SELECT action_id, count(*)::int AS tasks,
              count(*) FILTER (WHERE status = 'DONE')::int AS done,
              count(*) FILTER (WHERE status IN ${OPEN})::int AS open,
              count(*) FILTER (WHERE status IN ${OPEN} AND due_date < ${TODAY})::int AS overdue,
              coalesce(sum(effort_points) FILTER (WHERE status NOT IN ('DECLINED', 'CANCELLED')), 0)::int AS points,
              coalesce(sum(effort_points) FILTER (WHERE status = 'DONE'), 0)::int AS done_points
         FROM tasks WHERE action_id = ANY(${[...actionIds]}) GROUP BY action_id`;
}

// ---------------------------------------------------------------------------------------------------- workload

/** People who take tasks: everyone but administrators, analysts and auditors with no other role. */
const WORKERS = sql`u.roles && ARRAY['COORDINATOR', 'STAFF', 'PARTNER']::text[]`;
/** The last day of the load window, from today. */
const WINDOW_END = sql`${TODAY} + ${LOAD_WINDOW_DAYS}::int`;

/**
 * A page of an organisation's people with their load, by load relative to capacity (highest first), after the cursor;
 * each row carries the total count (one row with a null id when there is nobody on the page).
 */
export function workloadPeople(organisationId: string, cursor: (string | number)[] | null, limit: number): Sql {
  return sql`WITH people AS (
       SELECT u.id, u.display_name, u.organisation_id, u.weekly_capacity AS capacity,
              coalesce(sum(t.effort_points) FILTER (WHERE t.status IN ${LOAD} AND t.due_date <= ${WINDOW_END}), 0)::int AS load,
              count(t.id) FILTER (WHERE t.status IN ${OPEN} AND t.due_date < ${TODAY})::int AS overdue,
              count(t.id) FILTER (WHERE t.status IN ${OPEN} AND t.due_date >= ${TODAY} AND t.due_date < ${TODAY} + 7)::int AS due_week
         FROM users u LEFT JOIN tasks t ON t.assignee_id = u.id
        WHERE u.organisation_id = ${organisationId} AND u.active AND ${WORKERS}
        GROUP BY u.id
     ), ranked AS (
       SELECT p.*, CASE WHEN p.capacity > 0 THEN p.load::float8 / p.capacity WHEN p.load > 0 THEN 1000000 ELSE 0 END AS ratio FROM people p
     )
     SELECT tot.total, pg.* FROM (SELECT count(*)::int AS total FROM ranked) tot
     LEFT JOIN LATERAL (
       SELECT r.*, to_char(un.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(un.ends_on, 'YYYY-MM-DD') AS ends_on, un.reason
         FROM ranked r
         LEFT JOIN LATERAL (
           SELECT starts_on, ends_on, reason FROM unavailabilities WHERE user_id = r.id AND ends_on >= ${TODAY} ORDER BY starts_on LIMIT 1
         ) un ON true
        WHERE ${cursor ? sql`(r.ratio, r.id) < (${Number(cursor[0])}::float8, ${cursor[1]}::uuid)` : sql.true}
        ORDER BY r.ratio DESC, r.id DESC
        LIMIT ${limit + 1}
     ) pg ON true
     ORDER BY pg.ratio DESC, pg.id DESC`;
}

/** An organisation's workload summary: open requests, average answer time, overdue tasks, people over capacity. */
export function workloadSummary(organisationId: string): Sql {
  return sql`SELECT
       (SELECT count(*) FROM tasks WHERE organisation_id = ${organisationId} AND requester_organisation_id <> ${organisationId} AND status = 'PROPOSED')::int AS open_requests,
       (SELECT avg(extract(epoch FROM responded_at - created_at)) / 3600 FROM tasks
         WHERE organisation_id = ${organisationId} AND requester_organisation_id <> ${organisationId} AND responded_at IS NOT NULL AND created_at > now() - interval '90 days')::float8 AS average_hours,
       (SELECT count(*) FROM tasks WHERE organisation_id = ${organisationId} AND status IN ${OPEN} AND due_date < ${TODAY})::int AS overdue,
       (SELECT count(*) FROM (
          SELECT u.id FROM users u JOIN tasks t ON t.assignee_id = u.id
           WHERE u.organisation_id = ${organisationId} AND u.active AND t.status IN ${LOAD} AND t.due_date <= ${WINDOW_END}
           GROUP BY u.id, u.weekly_capacity HAVING sum(t.effort_points) > u.weekly_capacity) over)::int AS over_capacity`;
}

// ---------------------------------------------------------------------------------------------------- reminders

/**
 * Writes the day's fresh reminders (due today or tomorrow, overdue) into task_reminders, once per task, kind and day,
 * and returns those just written with their task's ids.
 */
export function freshReminders(day: string): Sql {
  return sql`WITH due AS (
       SELECT t.id, t.case_id, t.organisation_id, t.requester_organisation_id, t.assignee_id,
              CASE WHEN t.due_date < ${day}::date THEN 'OVERDUE' ELSE 'DUE_SOON' END AS kind
         FROM tasks t
        WHERE t.status IN ${OPEN} AND t.due_date <= ${day}::date + 1
     ), fresh AS (
       INSERT INTO task_reminders (task_id, day, kind)
       SELECT id, ${day}::date, kind FROM due
       ON CONFLICT DO NOTHING
       RETURNING task_id, kind
     )
     SELECT f.kind, d.id AS task_id, d.case_id, d.organisation_id, d.requester_organisation_id, d.assignee_id
       FROM fresh f JOIN due d ON d.id = f.task_id AND d.kind = f.kind`;
}
