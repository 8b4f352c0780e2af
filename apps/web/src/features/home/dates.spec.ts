import { addDays, warsawDay } from './dates';

describe('days on Warsaw time', () => {
  it('is already tomorrow in Warsaw late in the evening UTC', () => {
    expect(warsawDay(new Date('2026-03-10T23:30:00Z'))).toBe('2026-03-11');
    expect(warsawDay(new Date('2026-07-10T21:59:00Z'))).toBe('2026-07-10');
    expect(warsawDay(new Date('2026-07-10T22:00:00Z'))).toBe('2026-07-11');
  });

  it('adds days across month ends and the change to summer time', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
});
