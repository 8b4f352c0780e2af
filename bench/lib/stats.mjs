// The statistics the benchmarks report: percentiles, medians, rounding and a latency summary.

/** An ascending copy of numbers. */
const ascending = (values) => [...values].sort((a, b) => a - b);

/**
 * The `p`th percentile (0–100) of `values`, one of the values themselves (no interpolation); null when there are
 * none. `method`: 'rank' (the nearest rank: the smallest value with at least p % of the values at or below it) or
 * 'above' (the value at index floor(p % × n), one place above the nearest rank when p % × n is whole: the
 * definition bench/cases.bench.mjs has always used, kept so that its figures stay comparable with earlier runs).
 */
export function percentile(values, p, { method = 'rank' } = {}) {
  const sorted = ascending(values);
  if (sorted.length === 0) return null;
  const index = method === 'above' ? Math.floor((p / 100) * sorted.length) : Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, index))];
}

/**
 * The median of the finite numbers among `values`; null when there are none. For an even count, `even: 'lower'`
 * takes the lower of the two middle values (a value that was measured), `even: 'mean'` their mean.
 */
export function median(values, { even = 'lower' } = {}) {
  const sorted = ascending(values.filter((v) => typeof v === 'number' && Number.isFinite(v)));
  if (sorted.length === 0) return null;
  const mid = Math.floor((sorted.length - 1) / 2);
  return even === 'mean' && sorted.length % 2 === 0 ? (sorted[mid] + sorted[mid + 1]) / 2 : sorted[mid];
}

/** `value` rounded to `digits` decimals; null for null, undefined and NaN. */
export function round(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Count, p50, p90, p99 and max of latencies (ms, to 0.1). */
export function summary(values) {
  const sorted = ascending(values);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? null),
  };
}
