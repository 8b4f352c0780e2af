import type { TaskEntity } from '@cg/server/db';
import type { CaseFacts } from '@cg/server/authz';

/** A task being written (locked for the transaction) with its case's facts, which the access checks read. */
export interface TaskFacts {
  task: TaskEntity;
  caseFacts: CaseFacts;
}

/** The task's own fields of the Task rules (the case's come from its facts). */
export function taskSubject(facts: TaskFacts) {
  return {
    organisationId: facts.task.organisationId,
    assigneeId: facts.task.assigneeId,
    requestedById: facts.task.requestedById,
    requesterOrganisationId: facts.task.requesterOrganisationId,
  };
}
