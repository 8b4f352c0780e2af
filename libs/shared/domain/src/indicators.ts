export enum IndicatorDirection {
  INCREASE = 'INCREASE',
  DECREASE = 'DECREASE',
}

export enum IndicatorSource {
  SURVEY = 'SURVEY',
  POLICE_RECORDS = 'POLICE_RECORDS',
  THREAT_MAP = 'THREAT_MAP',
  PARTNER_REPORT = 'PARTNER_REPORT',
  OBSERVATION = 'OBSERVATION',
}

export enum Cadence {
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  SEMIANNUAL = 'SEMIANNUAL',
  ANNUAL = 'ANNUAL',
}

export enum IndicatorUnit {
  PERCENT = 'PERCENT',
  COUNT = 'COUNT',
  SCORE = 'SCORE',
}

export interface ProgressInput {
  direction: IndicatorDirection;
  baseline: number;
  target: number;
  latest: number | null;
  baselineDate: string;
  targetDate: string;
  today: string;
}

export interface Progress {
  /** 0–100, or null before any measurement. */
  percent: number | null;
  /** Whether progress keeps up with the time elapsed between baseline and target date; null before any measurement. */
  onTrack: boolean | null;
  /** The share of the way from baseline date to target date, 0–100. */
  expectedPercent: number;
  targetReached: boolean | null;
}

function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

/**
 * Progress towards the target, direction-aware: how much of the way from baseline to target the latest
 * value has come, clamped to 0–100 (an overshoot is 100, a move the wrong way is 0). When baseline and
 * target are equal, the target is either held (100) or not (0). On track means progress is at least the
 * share of time elapsed between baseline date and target date (a straight-line plan).
 */
export function computeProgress(input: ProgressInput): Progress {
  const span = dayNumber(input.targetDate) - dayNumber(input.baselineDate);
  const elapsed = dayNumber(input.today) - dayNumber(input.baselineDate);
  const expected = span <= 0 ? 100 : Math.min(100, Math.max(0, (100 * elapsed) / span));
  const expectedPercent = Math.round(expected * 10) / 10;
  if (input.latest === null) return { percent: null, onTrack: null, expectedPercent, targetReached: null };
  const sign = input.direction === IndicatorDirection.INCREASE ? 1 : -1;
  const gained = sign * (input.latest - input.baseline);
  const needed = sign * (input.target - input.baseline);
  const reached = sign * (input.latest - input.target) >= 0;
  let percent: number;
  if (needed <= 0) percent = reached ? 100 : 0;
  else percent = Math.min(100, Math.max(0, (100 * gained) / needed));
  percent = Math.round(percent * 10) / 10;
  return { percent, onTrack: reached || percent >= expected, expectedPercent, targetReached: reached };
}

/** The period a day falls in for a cadence: `2026-11`, `2026-Q4`, `2026-H2`, `2026`. */
export function periodOf(day: string, cadence: Cadence): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  switch (cadence) {
    case Cadence.MONTHLY:
      return `${year}-${String(month).padStart(2, '0')}`;
    case Cadence.QUARTERLY:
      return `${year}-Q${Math.ceil(month / 3)}`;
    case Cadence.SEMIANNUAL:
      return `${year}-H${month <= 6 ? 1 : 2}`;
    default:
      return year;
  }
}

/** A measurement is due when none was taken (nor the baseline set) in the current period of the cadence. */
export function isMeasurementDue(lastDay: string, cadence: Cadence, today: string): boolean {
  return periodOf(lastDay, cadence) !== periodOf(today, cadence) && lastDay < today;
}
