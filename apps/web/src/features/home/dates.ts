/** The partnership works on Warsaw time: "today" is the calendar day there, whatever the device's time zone. */
const WARSAW_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });

/** `YYYY-MM-DD` of the day in Europe/Warsaw at that instant. */
export function warsawDay(now: Date = new Date()): string {
  return WARSAW_DAY.format(now);
}

/** A calendar day `days` after `day` (`YYYY-MM-DD`), without time-zone shifts. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Phases in which a case still needs work. */
export const OPEN_PHASES = ['SCANNING', 'ANALYSIS', 'RESPONSE', 'ASSESSMENT'] as const;
