import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { isAbsent, problemOf } from './errors';
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

describe('isAbsent', () => {
  const refusal = (extensions: Record<string, unknown>) => problemOf(new CombinedGraphQLErrors({ errors: [{ message: 'refused', extensions }] }));

  it('is true for an unknown or hidden object, an address without an id, and a role that may not read such objects', () => {
    expect(isAbsent(refusal({ code: 'NOT_FOUND' }))).toBe(true);
    expect(isAbsent(refusal({ code: 'FORBIDDEN' }))).toBe(true);
    expect(isAbsent(refusal({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', problems: ['not a UUID'] }] }))).toBe(true);
  });

  it('is false where a retry or a correction can help, and when nothing went wrong', () => {
    expect(isAbsent(refusal({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.title', problems: ['too long'] }] }))).toBe(false);
    expect(isAbsent(refusal({ code: 'INTERNAL_SERVER_ERROR', errorId: 'e-1' }))).toBe(false);
    expect(isAbsent(problemOf(new TypeError('Failed to fetch')))).toBe(false);
    expect(isAbsent(null)).toBe(false);
  });
});
