import { GraphQLError } from 'graphql';
import { ErrorCode, translate, type Locale } from '@cg/shared/domain';

/** What a client is told to wait before retrying while PostgreSQL or Redis is unreachable. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** A store is unreachable: HTTP 503, `Retry-After`, code SERVICE_UNAVAILABLE, in the caller's language. */
export function serviceUnavailable(locale: Locale): GraphQLError {
  return new GraphQLError(translate('unavailable', locale, { seconds: OUTAGE_RETRY_AFTER_SECONDS }), {
    extensions: {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS,
      // Apollo takes the response's status and headers from here, and removes it from the error it shows.
      http: { status: 503, headers: new Map([['retry-after', String(OUTAGE_RETRY_AFTER_SECONDS)]]) },
    },
  });
}
