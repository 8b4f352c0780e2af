import type { EntityManager } from 'typeorm';

/**
 * Who hears about an event. Every query keeps to people who may read the case right now (active users of
 * organisations that take part in it) and applies the access rules: an NGO is never told about an
 * AGENCIES or LEAD update. The actor who caused the event is left out.
 */
export interface EventRow {
  id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  actor_user_id: string | null;
  occurred_at: Date;
}

const MEMBERS = `
  SELECT u.id FROM users u
    JOIN organisations o ON o.id = u.organisation_id AND o.active
    JOIN case_participants cp ON cp.organisation_id = u.organisation_id AND cp.case_id = $1
   WHERE u.active`;
const PUBLIC_BODY = `o.kind NOT IN ('NGO', 'OTHER')`;
const AGENCY_WORKER = `${PUBLIC_BODY} AND u.roles && ARRAY['COORDINATOR','STAFF']::text[]`;
const CASE_READER = `u.roles && ARRAY['COORDINATOR','STAFF','PARTNER']::text[]`;
const COORDINATOR = `'COORDINATOR' = ANY(u.roles)`;

export async function recipientsOf(manager: EntityManager, event: EventRow): Promise<string[]> {
  const p = event.payload as Record<string, string | null | undefined>;
  const caseId = (p.caseId as string | undefined) ?? null;
  const run = async (sql: string, params: unknown[]): Promise<string[]> => ((await manager.query(sql, params)) as { id: string }[]).map((r) => r.id);
  let ids: string[] = [];
  switch (event.type) {
    case 'case.update-posted': {
      const visibility = p.visibility;
      if (visibility === 'PARTNERS') ids = await run(`${MEMBERS} AND ${CASE_READER}`, [caseId]);
      else if (visibility === 'AGENCIES') ids = await run(`${MEMBERS} AND ${AGENCY_WORKER}`, [caseId]);
      else ids = await run(`${MEMBERS} AND ${AGENCY_WORKER} AND cp.role = 'LEAD'`, [caseId]);
      break;
    }
    case 'case.escalated':
      // Every participant organisation's coordinators.
      ids = await run(`${MEMBERS} AND ${COORDINATOR}`, [caseId]);
      break;
    case 'case.phase-changed':
    case 'case.closed':
    case 'case.reopened':
      ids = await run(`${MEMBERS} AND ${CASE_READER}`, [caseId]);
      break;
    case 'case.participant-added':
    case 'case.participant-removed':
      // The organisation concerned (its coordinators; after a removal they can no longer read the case) and the lead's coordinators.
      ids = await run(
        `SELECT u.id FROM users u JOIN organisations o ON o.id = u.organisation_id AND o.active
          WHERE u.active AND ${COORDINATOR}
            AND (u.organisation_id = $2 OR u.organisation_id = (SELECT lead_organisation_id FROM cases WHERE id = $1))`,
        [caseId, p.organisationId],
      );
      break;
    case 'case.input-submitted':
      // The agencies' coordinators on the case review partner input.
      ids = await run(`${MEMBERS} AND ${COORDINATOR} AND ${PUBLIC_BODY}`, [caseId]);
      break;
    case 'case.input-reviewed':
      ids = await run(`${MEMBERS} AND u.id = (SELECT author_id FROM partner_inputs WHERE id = $2)`, [caseId, p.inputId]);
      break;
    case 'task.requested':
    case 'task.reassignment-needed':
      // The organisation asked (its coordinators) and the named person.
      ids = await run(`${MEMBERS} AND cp.organisation_id = $2 AND (${COORDINATOR} OR u.id = $3)`, [caseId, p.organisationId, p.assigneeId ?? null]);
      break;
    case 'task.accepted':
    case 'task.declined':
    case 'task.blocked':
    case 'task.done':
      // The requester.
      ids = await run(`${MEMBERS} AND u.id = (SELECT requested_by_id FROM tasks WHERE id = $2)`, [caseId, p.taskId]);
      break;
    case 'task.assigned':
    case 'task.due-soon':
    case 'task.overdue':
      // The assignee; without one, the coordinators of the organisation the task is for.
      ids = p.assigneeId
        ? await run(`${MEMBERS} AND u.id = $2`, [caseId, p.assigneeId])
        : await run(`${MEMBERS} AND cp.organisation_id = $2 AND ${COORDINATOR}`, [caseId, p.organisationId]);
      break;
    case 'task.cancelled':
      ids = await run(`${MEMBERS} AND cp.organisation_id = $2 AND (${COORDINATOR} OR u.id = $3)`, [caseId, p.organisationId, p.assigneeId ?? null]);
      break;
    case 'indicator.measurement-due':
      ids = await run(`${MEMBERS} AND ${AGENCY_WORKER} AND cp.role = 'LEAD'`, [caseId]);
      break;
    case 'webhook.disabled':
      ids = await run(
        `SELECT u.id FROM users u WHERE u.active AND u.organisation_id = $1 AND 'COORDINATOR' = ANY(u.roles)`,
        [p.organisationId],
      );
      break;
    default:
      ids = [];
  }
  return [...new Set(ids)].filter((id) => id !== event.actor_user_id);
}
