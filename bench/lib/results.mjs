// Where a run's figures go: bench/results/<name>-<start time>.json (not committed).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/results/ */
export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Writes `text` to bench/results/<name>-<ISO time of `started`, filename-safe>.json; answers the file's path. */
export function writeResults(name, started, text) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, text);
  return file;
}
