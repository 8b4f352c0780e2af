import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { problemOf } from './errors';
import { SessionError } from './session';

describe('problemOf', () => {
  it('reads the code, the stable reason and the field of a GraphQL refusal, with the API’s message', () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'The target date must be after the baseline date.', extensions: { code: 'BAD_USER_INPUT', reason: 'INDICATOR_DATES', field: 'targetDate' } }],
    });
    expect(problemOf(error)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INDICATOR_DATES', message: 'The target date must be after the baseline date.', extensions: { field: 'targetDate' } });
  });

  it('reads the reason of a refusal on the /auth routes too, with when to retry', () => {
    const error = new SessionError('RATE_LIMITED', 'Too many sign-in attempts.', 900, { code: 'RATE_LIMITED', reason: 'AUTH_LOCKED', retryAfterSeconds: 900 });
    expect(problemOf(error)).toMatchObject({ code: 'RATE_LIMITED', reason: 'AUTH_LOCKED', retryAfterSeconds: 900 });
  });

  it('has no reason where the API sent none', () => {
    expect(problemOf(new CombinedGraphQLErrors({ errors: [{ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: 'e-1' } }] }))?.reason).toBeNull();
  });
});
