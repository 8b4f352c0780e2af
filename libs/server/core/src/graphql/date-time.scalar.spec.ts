import { IsoDateTime } from './date-time.scalar';

describe('the DateTime scalar', () => {
  it('writes a Date in ISO form and passes through the same form written by PostgreSQL', () => {
    expect(IsoDateTime.serialize(new Date(Date.UTC(2026, 11, 3, 9, 54, 33, 120)))).toBe('2026-12-03T09:54:33.120Z');
    expect(IsoDateTime.serialize('2026-12-03T09:54:33.120Z')).toBe('2026-12-03T09:54:33.120Z');
  });

  it('refuses text in any other form rather than answer it as a date', () => {
    for (const value of ['2026-12-03 09:54:33+00', '2026-12-03', 'tomorrow', 42, null]) expect(() => IsoDateTime.serialize(value)).toThrow('DateTime cannot represent');
  });

  it('reads input as a Date, as before', () => {
    expect(IsoDateTime.parseValue('2026-12-03T09:54:33Z')).toEqual(new Date(Date.UTC(2026, 11, 3, 9, 54, 33)));
  });
});
