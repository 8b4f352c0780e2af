import { sql, type Sql } from '@cg/server/db';
import { uuidOf } from '../sql';

/**
 * Who hears about an event, for a whole batch of events in one statement. Every rule keeps to people who
 * may read the case right now (active users of active organisations that take part in it) and applies the
 * access rules: an NGO is never told about an AGENCIES or LEAD update. The actor who caused the event is
 * left out.
 *
 * These rules restate, in SQL over a whole batch, what the CASL abilities (libs/server/authz/src/ability.ts) say one
 * person may read (docs/decisions/004-recipients-in-sql.md); recipients-match-abilities.int-spec.ts holds the two equal.
 *
 * `recipientsCtes` gives the WITH list: `ev`, one row per event (id, type, actor_user_id, occurred_at, payload and
 * the ids its payload names: case_id, org_id, assignee_id, task_id, input_id, agreement_id, all uuid or NULL; its
 * visibility and kind), and `recipients(event_id, user_id)`, distinct pairs.
 */

/** The payload fields of the event `e` that name something (uuid text). */
const PAYLOAD_IDS = {
  caseId: sql`e.payload->>'caseId'`,
  organisationId: sql`e.payload->>'organisationId'`,
  assigneeId: sql`e.payload->>'assigneeId'`,
  taskId: sql`e.payload->>'taskId'`,
  inputId: sql`e.payload->>'inputId'`,
  agreementId: sql`e.payload->>'agreementId'`,
};

/** A payload field of the event `e` as a uuid, or NULL when it is absent or not a uuid: a malformed payload never fails the statement. */
const payloadUuid = (field: keyof typeof PAYLOAD_IDS): Sql => uuidOf(PAYLOAD_IDS[field]);

/** The `ev` CTE over `outbox_events e`, for the events whose ids are given. */
function eventsCte(eventIds: readonly string[]): Sql {
  return sql`ev AS (
    SELECT e.id, e.type, e.payload, e.actor_user_id, e.occurred_at,
           ${payloadUuid('caseId')} AS case_id, ${payloadUuid('organisationId')} AS org_id,
           ${payloadUuid('assigneeId')} AS assignee_id, ${payloadUuid('taskId')} AS task_id,
           ${payloadUuid('inputId')} AS input_id, ${payloadUuid('agreementId')} AS agreement_id,
           e.payload->>'visibility' AS visibility, e.payload->>'kind' AS kind
      FROM outbox_events e WHERE e.id = ANY(${eventIds}::uuid[]))`;
}

const PUBLIC_BODY = sql`o.kind NOT IN ('NGO', 'OTHER')`;
const AGENCY_WORKER = sql`(${PUBLIC_BODY} AND u.roles && ARRAY['COORDINATOR','STAFF']::text[])`;
const CASE_READER = sql`u.roles && ARRAY['COORDINATOR','STAFF','PARTNER']::text[]`;
const COORDINATOR = sql`'COORDINATOR' = ANY(u.roles)`;

/** The rule per event type over the case's members (`u` user, `o` organisation, `cp` participation). */
const MEMBER_RULE = sql`CASE
    WHEN ev.type = 'case.update-posted' THEN CASE ev.visibility
      WHEN 'PARTNERS' THEN ${CASE_READER}
      WHEN 'AGENCIES' THEN ${AGENCY_WORKER}
      ELSE ${AGENCY_WORKER} AND cp.role = 'LEAD' END
    -- Every participant organisation's coordinators.
    WHEN ev.type = 'case.escalated' THEN ${COORDINATOR}
    WHEN ev.type IN ('case.phase-changed', 'case.closed', 'case.reopened') THEN ${CASE_READER}
    -- The agencies' coordinators on the case review partner input; its author hears the answer.
    WHEN ev.type = 'case.input-submitted' THEN ${COORDINATOR} AND ${PUBLIC_BODY}
    WHEN ev.type = 'case.input-reviewed' THEN ${CASE_READER} AND u.id = (SELECT author_id FROM partner_inputs WHERE id = ev.input_id)
    -- The organisation asked (its coordinators) and the named person. A person is told of a task only in a role that
    -- reads tasks (CASE_READER), whoever the task names.
    WHEN ev.type IN ('task.requested', 'task.reassignment-needed', 'task.cancelled') THEN cp.organisation_id = ev.org_id AND (${COORDINATOR} OR (${CASE_READER} AND u.id = ev.assignee_id))
    -- The requester.
    WHEN ev.type IN ('task.accepted', 'task.declined', 'task.blocked', 'task.done') THEN ${CASE_READER} AND u.id = (SELECT requested_by_id FROM tasks WHERE id = ev.task_id)
    -- The assignee; without one, the coordinators of the organisation the task is for.
    WHEN ev.type IN ('task.assigned', 'task.due-soon', 'task.overdue') THEN
      CASE WHEN ev.assignee_id IS NOT NULL THEN ${CASE_READER} AND u.id = ev.assignee_id ELSE cp.organisation_id = ev.org_id AND ${COORDINATOR} END
    WHEN ev.type = 'indicator.measurement-due' THEN ${AGENCY_WORKER} AND cp.role = 'LEAD'
    ELSE false END`;

/**
 * The data category an event about a case tells of (DATA_CATEGORY_COVERS): only organisations with which it is shared
 * right now (the `case_sharing` view `cs`) hear of it. NULL: the case's header (phase, escalation, closing,
 * participants), which every participant sees.
 */
const EVENT_CATEGORY = sql`CASE
    WHEN ev.type = 'case.update-posted' THEN CASE WHEN ev.kind = 'INCIDENT' THEN 'INCIDENT_DATA' ELSE 'CASE_CONTENT' END
    WHEN ev.type LIKE 'case.input-%' OR ev.type = 'case.risk-assessed' OR ev.type LIKE 'action.%' THEN 'CASE_CONTENT'
    WHEN ev.type LIKE 'task.%' THEN 'TASKS'
    WHEN ev.type LIKE 'indicator.%' THEN 'INDICATORS'
    END`;

/**
 * `recipients(event_id, user_id)`: follows `ev` in a WITH list. The categories of each participation of the batch's
 * cases (`shares`) are resolved once per participation, not once per event.
 */
const RECIPIENTS_CTE = sql`shares AS MATERIALIZED (
    SELECT s.participant_id, s.categories FROM case_sharing s WHERE s.case_id IN (SELECT ev.case_id FROM ev WHERE ev.case_id IS NOT NULL)),
  recipients AS (
    SELECT DISTINCT x.event_id, x.user_id
      FROM (
        SELECT ev.id AS event_id, u.id AS user_id
          FROM ev
          JOIN case_participants cp ON cp.case_id = ev.case_id
          JOIN shares cs ON cs.participant_id = cp.id
          JOIN users u ON u.organisation_id = cp.organisation_id AND u.active
          JOIN organisations o ON o.id = u.organisation_id AND o.active
         WHERE ${MEMBER_RULE} AND (${EVENT_CATEGORY} IS NULL OR ${EVENT_CATEGORY} = ANY(cs.categories))
        UNION ALL
        -- A participant added, re-based or removed: the organisation concerned (its coordinators; after a removal they
        -- can no longer read the case) and the lead's coordinators.
        SELECT ev.id, u.id
          FROM ev
          JOIN users u ON u.organisation_id = ANY(ARRAY[ev.org_id, (SELECT lead_organisation_id FROM cases WHERE id = ev.case_id)])
                      AND u.active AND ${COORDINATOR}
          JOIN organisations o ON o.id = u.organisation_id AND o.active
         WHERE ev.type IN ('case.participant-added', 'case.participant-rebased', 'case.participant-removed')
        UNION ALL
        -- An agreement nears its last day: the coordinators of both organisations party to it.
        SELECT ev.id, u.id
          FROM ev
          JOIN partnership_agreements pa ON pa.id = ev.agreement_id
          JOIN users u ON u.organisation_id IN (pa.organisation_a_id, pa.organisation_b_id) AND u.active AND ${COORDINATOR}
          JOIN organisations o ON o.id = u.organisation_id AND o.active
         WHERE ev.type = 'agreement.expiring'
        UNION ALL
        -- An endpoint of an organisation was disabled: that organisation's coordinators.
        SELECT ev.id, u.id
          FROM ev
          JOIN users u ON u.active AND u.organisation_id = ev.org_id AND ${COORDINATOR}
          JOIN organisations o ON o.id = u.organisation_id AND o.active
         WHERE ev.type = 'webhook.disabled'
      ) x
      JOIN ev ON ev.id = x.event_id
     WHERE x.user_id IS DISTINCT FROM ev.actor_user_id)`;

/** The WITH list `ev, shares, recipients` for a batch of events (the ids of outbox events). */
export function recipientsCtes(eventIds: readonly string[]): Sql {
  return sql`${eventsCte(eventIds)}, ${RECIPIENTS_CTE}`;
}

/** Who hears of each of the events, by the rules above: distinct (event, user) pairs. */
export function recipientsOf(eventIds: readonly string[]): Sql {
  return sql`WITH ${recipientsCtes(eventIds)} SELECT event_id, user_id FROM recipients`;
}
