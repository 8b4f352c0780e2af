// The run's clock: when the benchmark started, how long ago that was, and log lines stamped with it. Each benchmark
// keeps its own prefix and stamp, so that its output reads as it always has.
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `tag` prefixes every line (`[tag] …`). `width`: the seconds since the start padded to that many digits
 * (`  7s`); 0 for no padding. `stamp`: whether `log` writes the elapsed time itself (otherwise callers put
 * `elapsed()` where they want it, or leave it out).
 */
export function startClock(tag, { width = 3, stamp = true } = {}) {
  const started = Date.now();
  const elapsed = () => `${String(Math.round((Date.now() - started) / 1000)).padStart(width)}s`;
  const log = stamp ? (message) => process.stdout.write(`[${tag}] ${elapsed()} ${message}\n`) : (message) => process.stdout.write(`[${tag}] ${message}\n`);
  return { started, elapsed, log };
}
