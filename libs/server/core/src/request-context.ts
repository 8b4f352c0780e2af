import type { Locale, OrganisationKind, Role } from '@cg/shared/domain';

/** Who is acting: loaded from the database at every request, so deactivation and role changes apply at once. */
export interface Actor {
  userId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: Role[];
  locale: Locale;
  sessionId: string;
}

/** What every service call knows about the request behind it. Passed explicitly, never global. */
export interface RequestContext {
  requestId: string;
  clientAddress: string | null;
  locale: Locale;
  actor: Actor | null;
}

/** A context for work not started by a person (seeds, jobs). */
export function systemContext(requestId = 'system'): RequestContext {
  return { requestId, clientAddress: null, locale: 'pl', actor: null };
}
