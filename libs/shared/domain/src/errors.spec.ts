import { MESSAGES, translate, type MessageKey } from './errors';

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
  const keys = Object.keys(MESSAGES) as MessageKey[];
  const params = { line: 2, code: 'X', value: 'v', expected: 'a,b', visibility: 'LEAD', eventType: 'case.escalated', today: '2026-12-02', unit: 'SCORE' };

  it('exist in Polish and English, every one', () => {
    for (const key of keys) {
      expect(MESSAGES[key].pl.trim()).not.toBe('');
      expect(MESSAGES[key].en.trim()).not.toBe('');
    }
  });

  it('use English quotation marks in English and Polish ones in Polish', () => {
    expect(keys.filter((key) => !englishQuotes(translate(key, 'en', params)))).toEqual([]);
    expect(englishQuotes('Line 2: unknown indicator code „X”.')).toBe(false);
    expect(englishQuotes('Line 2: unknown indicator code “X”.')).toBe(true);
    expect(translate('csv.unknownCode', 'pl', params)).toContain('„X”');
  });
});
