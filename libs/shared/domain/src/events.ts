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
  'agreement.created': { agreementId: string; organisationIds: string[] };
  'agreement.status-changed': { agreementId: string; status: string };
}

export type DomainEventType = keyof DomainEventPayloads;
