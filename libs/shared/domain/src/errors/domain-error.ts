import type { MessageParams } from '../messages';
import type { Locale } from '../roles';
import { ErrorCode } from './codes';
import { reasonOf, translate, type MessageKey, type MessageParamsArg } from './error-messages';

/** What a domain error adds to `extensions` beside `code` and `reason` (the field at fault, a limit, an id). */
export type ErrorDetails = Record<string, unknown> & { code?: never; reason?: never };

/** What a client sees of a domain error in `extensions`. */
export type ErrorExtensions = { code: DomainError['code']; reason: string } & Record<string, unknown>;

/**
 * A failure the domain knows about. Services throw these; one mapper in the API turns them into `extensions.code`,
 * `extensions.reason` and a message in the caller's locale. `refused` marks an access refusal, which is audited.
 * The factories type a message's values by its key; the constructor takes any (for a key held in a variable).
 */
export class DomainError extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, ErrorCode.INTERNAL_SERVER_ERROR | ErrorCode.SERVICE_UNAVAILABLE>,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    readonly details: ErrorDetails = {},
    readonly refused = false,
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'DomainError';
  }

  /** The stable name of what went wrong, for a client that shows its own text (`extensions.reason`). */
  get reason(): string {
    return reasonOf(this.messageKey);
  }

  /** What the error says, in the caller's language. */
  messageIn(locale: Locale): string {
    return translate(this.messageKey, locale, this.params);
  }

  /** `extensions` of the GraphQL error (and of the same shape on the REST routes). */
  get extensions(): ErrorExtensions {
    const own = { code: this.code, reason: this.reason };
    // Code and reason first when read, and never overridden by a detail (the types refuse one; a cast would not).
    return { ...own, ...this.details, ...own };
  }

  static notFound(entity: string, refused = false): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, 'notFound', { entity }, { entity }, refused);
  }

  static forbidden(): DomainError {
    return new DomainError(ErrorCode.FORBIDDEN, 'access.denied', {}, {}, true);
  }

  static unauthenticated(key: MessageKey = 'auth.required'): DomainError {
    return new DomainError(ErrorCode.UNAUTHENTICATED, key);
  }

  static badInput<Key extends MessageKey>(key: Key, ...[params, details]: [...MessageParamsArg<Key>, details?: ErrorDetails]): DomainError {
    return new DomainError(ErrorCode.BAD_USER_INPUT, key, (params ?? {}) as MessageParams, details);
  }

  /** Refused by a rate limit: `retryAfterSeconds` tells when the next attempt may succeed (also sent as HTTP 429 Retry-After). */
  static rateLimited(key: MessageKey, retryAfterSeconds: number): DomainError {
    return new DomainError(ErrorCode.RATE_LIMITED, key, { seconds: retryAfterSeconds }, { retryAfterSeconds });
  }

  /** A write to a CLOSED case (reason CASE_CLOSED): refused until the case is reopened. */
  static caseClosed(): DomainError {
    return new DomainError(ErrorCode.BAD_USER_INPUT, 'case.closed');
  }

  static staleVersion(entity: string): DomainError {
    return new DomainError(ErrorCode.CONFLICT, 'conflict.staleVersion', {}, { entity });
  }
}
