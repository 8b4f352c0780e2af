/**
 * Waiting in tests, without timing assumptions: a test waits for the condition it needs (a row written, a job
 * completed, a message received), never for a fixed time. The ceiling is only there to turn a hang into a clear
 * failure; it is generous (a loaded 2-core machine is slower, not wrong) and below Jest's test timeout
 * (jest.config.js), so that the failure names what was awaited.
 */
export const WAIT_CEILING_MS = 150_000;

/** Resolves with the first truthy value of `probe`, asked again after each answer; a probe that throws counts as "not yet". */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, ceilingMs = WAIT_CEILING_MS): Promise<T> {
  const end = Date.now() + ceilingMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > end) throw new Error(`still waiting for ${what} after ${ceilingMs / 1000} s${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    // Yield between probes (each probe is a round trip already): no fixed delay stands in for the condition.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A promise resolved from outside, for waiting on a callback (a message received, a request arrived). */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
