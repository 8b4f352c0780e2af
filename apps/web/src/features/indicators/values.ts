import type { IndicatorUnit } from './gql/graphql';

/** A value in its unit, for the reader's locale: `45 %` for a percentage, the plain number otherwise. */
export function formatValue(number: (value: number) => string, unit: IndicatorUnit, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return unit === 'PERCENT' ? `${number(value)} %` : number(value);
}

/** A percentage rounded to a whole number, or a dash. */
export function formatPercent(number: (value: number) => string, value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${number(Math.round(value))} %`;
}
