import type { AppAbility, NamedFieldMap, SqlCondition } from '@cg/server/authz';
import { caseFieldsNamed, rulesToSqlNamed, taskFieldsNamed } from '@cg/server/authz';
import { sqlUuid } from './sql';

/**
 * Whether a notification `n` (its case joined as `c`, its task as `t`) is still about something its
 * recipient may read now, by the recipient's CASL rules, as one SQL condition for the rows of a list:
 * the case, the task it names, and for an update its visibility and kind (an INCIDENT needs INCIDENT_DATA shared). A case or task gone, or an organisation
 * removed from the case, makes it unreadable. Notifications outside cases (a webhook disabled) stay readable.
 */
export function readableNow(ability: AppAbility): SqlCondition {
  const caseRead = rulesToSqlNamed(ability, 'read', 'Case', caseFieldsNamed('c'));
  const taskRead = rulesToSqlNamed(ability, 'read', 'Task', taskFieldsNamed('t'));
  const updateFields = { ...caseFieldsNamed('c'), visibility: "(n.payload->>'visibility')", kind: "(n.payload->>'kind')" } as NamedFieldMap<'CaseUpdate'>;
  const updateRead = rulesToSqlNamed(ability, 'read', 'CaseUpdate', updateFields);
  const taskId = sqlUuid("n.payload->>'taskId'");
  return {
    where: `(n.case_id IS NULL OR (c.id IS NOT NULL AND ${caseRead.where}
      AND (${taskId} IS NULL OR (t.id IS NOT NULL AND ${taskRead.where}))
      AND (n.type <> 'case.update-posted' OR ${updateRead.where})))`,
    params: { ...caseRead.params, ...taskRead.params, ...updateRead.params },
  };
}
