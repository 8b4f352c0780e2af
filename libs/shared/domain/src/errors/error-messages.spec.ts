import { messageProblems } from '../messages';
import { DomainError } from './domain-error';
import { ERROR_MESSAGES, reasonOf, translate, type MessageKey } from './error-messages';

/** English quotation: no „ at all, and every ” closes a “ (a „…” pair is Polish). */
function englishQuotes(text: string): boolean {
  let open = 0;
  for (const ch of text) {
    if (ch === '„') return false;
    if (ch === '“') open++;
    if (ch === '”' && open-- <= 0) return false;
  }
  return true;
}

describe('error messages', () => {
  const keys = Object.keys(ERROR_MESSAGES.pl) as MessageKey[];
  const params = { line: 2, code: 'X', value: 'v', expected: 'a,b', visibility: 'LEAD', eventType: 'case.escalated', today: '2026-12-02', unit: 'SCORE' };

  it('exist in Polish and English, every one', () => {
    for (const key of keys) {
      expect(ERROR_MESSAGES.pl[key].trim()).not.toBe('');
      expect(ERROR_MESSAGES.en[key].trim()).not.toBe('');
    }
  });

  it('have the same keys and placeholders in both languages', () => {
    expect(messageProblems(ERROR_MESSAGES)).toEqual([]);
  });

  it('use English quotation marks in English and Polish ones in Polish', () => {
    expect(keys.filter((key) => !englishQuotes(translate(key, 'en', params)))).toEqual([]);
    expect(englishQuotes('Line 2: unknown indicator code „X”.')).toBe(false);
    expect(englishQuotes('Line 2: unknown indicator code “X”.')).toBe(true);
    expect(translate('csv.unknownCode', 'pl', params)).toContain('„X”');
  });
});

describe('error reasons', () => {
  const keys = Object.keys(ERROR_MESSAGES.pl) as MessageKey[];

  it('are the message keys in upper snake case, one per key', () => {
    expect(reasonOf('indicator.dates')).toBe('INDICATOR_DATES');
    expect(reasonOf('task.capacityExceeded')).toBe('TASK_CAPACITY_EXCEEDED');
    expect(reasonOf('notFound')).toBe('NOT_FOUND');
    expect(new Set(keys.map(reasonOf)).size).toBe(keys.length);
  });

  it('keep the names clients already rely on', () => {
    expect(DomainError.caseClosed().extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'CASE_CLOSED' });
    expect((['idempotency.keyReused', 'idempotency.keyInFlight', 'idempotency.keyInvalid', 'idempotency.keyMultipleFields'] as const).map(reasonOf)).toEqual([
      'IDEMPOTENCY_KEY_REUSED',
      'IDEMPOTENCY_KEY_IN_FLIGHT',
      'IDEMPOTENCY_KEY_INVALID',
      'IDEMPOTENCY_KEY_MULTIPLE_FIELDS',
    ]);
  });

  it('travel in extensions with the code and the details, in the message the caller reads', () => {
    const error = DomainError.badInput('input.passwordTooShort', { min: 12 }, { field: 'password' });
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INPUT_PASSWORD_TOO_SHORT', field: 'password' });
    expect(error.messageIn('en')).toBe('The password must be at least 12 characters long.');
    expect(error.messageIn('pl')).toBe('Hasło musi mieć co najmniej 12 znaków.');
  });

  it('need, when compiling, the values their message names', () => {
    // @ts-expect-error -- 'input.passwordTooShort' says {min}
    expect(DomainError.badInput('input.passwordTooShort').messageIn('en')).toBe('The password must be at least {min} characters long.');
    // @ts-expect-error -- {min}, not {max}
    expect(translate('input.passwordTooShort', 'en', { max: 12 })).toBe('The password must be at least {min} characters long.');
    // @ts-expect-error -- `reason` is the key's, never a detail
    expect(DomainError.badInput('case.closed', {}, { reason: 'OTHER' }).extensions.reason).toBe('CASE_CLOSED');
  });
});
