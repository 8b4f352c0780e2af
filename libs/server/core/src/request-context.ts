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
  /**
   * The request's `Idempotency-Key` header, checked by the API (1–128 of A–Z a–z 0–9 _ - : .); honoured by the
   * creating mutations only (IdempotencyService.once), ignored by everything else.
   */
  idempotencyKey?: string | null;
  /** Set by IdempotencyService.once for the write it wraps: the service records its result with it. */
  idempotency?: IdempotencyClaim;
}

/** A key being used by one write: the service records the created id in its own transaction (recordIdempotentResult). */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  operation: string;
  inputHash: string;
  recorded: boolean;
}
