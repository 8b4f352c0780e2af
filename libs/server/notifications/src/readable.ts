import type { AppAbility, FieldMap } from '@cg/server/authz';
import { caseFields, rulesToSql, taskFields } from '@cg/server/authz';
import { sql, type Sql } from '@cg/server/db';
import { uuidOf } from './sql';

/** The task a notification `n` names in its payload (NULL when none, or not a uuid). */
export const notificationTaskId: Sql = uuidOf(sql`n.payload->>'taskId'`);

/**
 * Whether a notification `n` (its case joined as `c`, its task as `t`) is still about something its
 * recipient may read now, by the recipient's CASL rules, as one SQL condition for the rows of a list:
 * the case, the task it names, and for an update its visibility and kind (an INCIDENT needs INCIDENT_DATA shared). A case or task gone, or an organisation
 * removed from the case, makes it unreadable. Notifications outside cases (a webhook disabled) stay readable.
 */
export function readableNow(ability: AppAbility): Sql {
  const caseRead = rulesToSql(ability, 'read', 'Case', caseFields('c'));
  const taskRead = rulesToSql(ability, 'read', 'Task', taskFields('t'));
  const updateFields = { ...caseFields('c'), visibility: sql`(n.payload->>'visibility')`, kind: sql`(n.payload->>'kind')` } as FieldMap<'CaseUpdate'>;
  const updateRead = rulesToSql(ability, 'read', 'CaseUpdate', updateFields);
  return sql`(n.case_id IS NULL OR (c.id IS NOT NULL AND ${caseRead}
      AND (${notificationTaskId} IS NULL OR (t.id IS NOT NULL AND ${taskRead}))
      AND (n.type <> 'case.update-posted' OR ${updateRead})))`;
}
