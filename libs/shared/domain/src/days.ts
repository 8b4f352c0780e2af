/** The time zone in which due dates, indicator periods and "today" are counted: the partnership's own. */
export const PARTNERSHIP_TIME_ZONE = 'Europe/Warsaw';

/** Today (YYYY-MM-DD) in Poland. */
export function todayInWarsaw(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: PARTNERSHIP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A day (YYYY-MM-DD) moved by a number of days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
