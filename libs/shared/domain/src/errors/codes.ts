/** The codes a client may see in `extensions.code` (DESIGN.md §5). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  CAPACITY_EXCEEDED = 'CAPACITY_EXCEEDED',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** PostgreSQL or Redis unreachable: HTTP 503 with Retry-After; the request may be retried as it is. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

/** What an `Idempotency-Key` header may hold. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_\-:.]{1,128}$/;
