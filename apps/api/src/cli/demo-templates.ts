import type { EntityManager } from 'typeorm';
import { addDays, CasePriority, CaseType, TaskStatus, todayInWarsaw, type CaseTemplateDocument } from '@cg/shared/domain';
import { ActionEntity, CaseEntity, query, sql, TaskEntity } from '@cg/server/db';

/**
 * The demo's priority plan (Jabłonna, the fourth demo case) opened from the PRIORITY_PLAN template, version 1 (every
 * type's template comes from the migration CaseTemplatesV1): the plan's diagnosis, partners and evaluation actions and
 * the lead organisation's tasks, dated from the day the case was opened, as openCase would have made them. Its patrols
 * are the demo's own action ("Obchody wieczorne skweru"), and its indicators the demo's own, so those are left out.
 */
export const TEMPLATE_CASE_INDEX = 3;
const ACTIONS = ['diagnosis', 'partners', 'evaluation'];
const TASKS = ['threat-analysis', 'diagnosis-goal', 'partner-roles', 'interim-report', 'evaluation'];
const OPENED_DAYS_AGO = 8;

export async function seedTemplateCase(manager: EntityManager, caseIds: string[], coordinatorId: string | null): Promise<void> {
  const caseId = caseIds[TEMPLATE_CASE_INDEX];
  if (!caseId) return;
  const [template] = await query<{ id: string; items: CaseTemplateDocument }>(manager, sql`SELECT id, items FROM case_templates WHERE case_type = ${CaseType.PRIORITY_PLAN} AND version = 1`);
  if (!template) return;
  const opened = await manager.getRepository(CaseEntity).findOneByOrFail({ id: caseId });
  const day = addDays(todayInWarsaw(), -OPENED_DAYS_AGO);
  await manager.getRepository(CaseEntity).update({ id: caseId }, { templateId: template.id });
  const actionIds = new Map<string, string>();
  for (const a of template.items.actions.filter((x) => ACTIONS.includes(x.key))) {
    const saved = await manager.getRepository(ActionEntity).save({
      caseId,
      kind: a.kind,
      title: a.titlePl,
      description: a.descriptionPl,
      leadOrganisationId: opened.leadOrganisationId,
      startsOn: addDays(day, a.startDay),
      endsOn: addDays(day, a.endDay),
      createdById: coordinatorId,
    });
    actionIds.set(a.key, saved.id);
  }
  await manager.getRepository(TaskEntity).insert(
    template.items.tasks
      .filter((k) => TASKS.includes(k.key))
      .map((k) => ({
        caseId,
        actionId: k.actionKey ? (actionIds.get(k.actionKey) ?? null) : null,
        title: k.titlePl,
        description: k.descriptionPl,
        organisationId: opened.leadOrganisationId,
        assigneeId: null,
        requestedById: coordinatorId,
        requesterOrganisationId: opened.leadOrganisationId,
        dueDate: addDays(day, k.dueInDays),
        priority: CasePriority.MEDIUM,
        effortPoints: k.effortPoints,
        status: TaskStatus.PROPOSED,
        createdAt: new Date(Date.now() - OPENED_DAYS_AGO * 86_400_000),
      })),
  );
}
