// Child processes of the benchmarks (servers, workers, Redis): whether one has ended, waiting for its end, stopping
// it, the end of its log, and waiting until it answers its health check.
import { readFileSync } from 'node:fs';
import { sleep } from './clock.mjs';

/** Whether `child` has ended (or was never started). */
export function exited(child) {
  return !child || child.exitCode !== null || child.signalCode !== null;
}

/** Resolves when `child` has ended (at once if it already has). */
export function exitOf(child) {
  return new Promise((resolve) => (exited(child) ? resolve() : child.once('exit', () => resolve())));
}

/** Sends `signal` and waits until the process has ended. */
export async function killChild(child, signal = 'SIGKILL') {
  if (exited(child)) return;
  const done = exitOf(child);
  child.kill(signal);
  await done;
}

/** SIGTERM (the process's own graceful shutdown), SIGKILL after `graceMs`; resolves once it has ended. */
export async function stopChild(child, graceMs = 15_000) {
  if (exited(child)) return;
  const done = exitOf(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}

/** The last `lines` lines of a log file ('' when there is none), for error messages. */
export function tail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Keeps the last `max` characters `child` writes to the piped stdout/stderr (`streams`), for error messages. */
export function keepOutput(child, { streams = ['stdout', 'stderr'], max = 20_000 } = {}) {
  let output = '';
  for (const stream of streams) {
    child[stream].on('data', (chunk) => {
      output = (output + chunk).slice(-max);
    });
  }
  return () => output;
}

/**
 * Polls `url` every `intervalMs` until it answers 2xx; answers when (ms). Fails early, with `output()` (the
 * process's log), when `child` ends first or nothing answers within `timeoutMs`.
 */
export async function waitUntilAnswers(url, { child, name, timeoutMs = 60_000, intervalMs = 100, output = () => '' }) {
  for (const end = Date.now() + timeoutMs; ; ) {
    if (exited(child)) throw new Error(`${name} exited during start-up (${child.signalCode ?? child.exitCode}):\n${output()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return Date.now();
    if (Date.now() > end) throw new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${output()}`);
    await sleep(intervalMs);
  }
}
