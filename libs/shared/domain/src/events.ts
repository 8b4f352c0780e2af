/**
 * Domain events written to the outbox in the same transaction as the change. They carry ids and
 * codes only: no names, e-mails or free text.
 */
export interface DomainEventPayloads {
  'organisation.created': { organisationId: string };
  'organisation.deactivated': { organisationId: string };
  'user.created': { userId: string; organisationId: string };
  'user.deactivated': { userId: string; organisationId: string };
  'user.roles-changed': { userId: string; organisationId: string; roles: string[] };
  /** A session family revoked (logout, refresh-token reuse, an account gone): its sockets close. */
  'session.ended': { userId: string; sessionId: string };
  'agreement.created': { agreementId: string; organisationIds: string[] };
  'agreement.status-changed': { agreementId: string; status: string };
  /** An agreement's last day is `validTo`, `daysBefore` days from the day of the notice (30 or 7): both sides' coordinators hear. */
  'agreement.expiring': { agreementId: string; organisationIds: string[]; validTo: string; daysBefore: number; daysLeft: number };
  'case.opened': { caseId: string; leadOrganisationId: string };
  'case.updated': { caseId: string; fields: string[] };
  'case.phase-changed': { caseId: string; from: string; to: string };
  'case.escalated': { caseId: string; from: string; to: string };
  'case.closed': { caseId: string; outcome: string };
  'case.reopened': { caseId: string };
  'case.linked': { caseId: string; linkedCaseId: string; linkId: string; kind: string };
  'case.unlinked': { caseId: string; linkedCaseId: string; linkId: string };
  'case.merged': { caseId: string; survivorId: string };
  'case.participant-added': { caseId: string; organisationId: string; role: string; override: boolean };
  'case.participant-removed': { caseId: string; organisationId: string };
  /** The lead's coordinator recorded an override as the participation's basis (categories are codes). */
  'case.participant-rebased': { caseId: string; organisationId: string; grantedCategories: string[] };
  'case.update-posted': { caseId: string; updateId: string; kind: string; visibility: string };
  'case.input-submitted': { caseId: string; inputId: string; organisationId: string };
  'case.input-reviewed': { caseId: string; inputId: string; organisationId: string; status: string };
  'case.risk-assessed': { caseId: string; riskId: string; score: number };
  'action.planned': { caseId: string; actionId: string; leadOrganisationId: string };
  'action.cancelled': { caseId: string; actionId: string };
  'task.requested': TaskEvent;
  'task.created': TaskEvent;
  'task.accepted': TaskEvent;
  'task.declined': TaskEvent;
  'task.assigned': TaskEvent & { override: boolean };
  'task.started': TaskEvent;
  'task.blocked': TaskEvent;
  'task.unblocked': TaskEvent;
  'task.done': TaskEvent;
  'task.cancelled': TaskEvent;
  'task.reassignment-needed': TaskEvent;
  'task.due-soon': TaskEvent & { day: string };
  'task.overdue': TaskEvent & { day: string };
  'indicator.defined': { caseId: string; indicatorId: string };
  'indicator.measurement-recorded': { caseId: string; indicatorId: string; measurementId: string };
  'indicator.measurement-due': { caseId: string; indicatorId: string; period: string };
  'webhook.disabled': { endpointId: string; organisationId: string };
  /** Turned back on: the deliveries that waited while it was off are sent. */
  'webhook.enabled': { endpointId: string; organisationId: string };
}

/** Ids only: who the task is for and who asked. */
export interface TaskEvent {
  caseId: string;
  taskId: string;
  organisationId: string;
  requesterOrganisationId: string;
  assigneeId: string | null;
}

export type DomainEventType = keyof DomainEventPayloads;
