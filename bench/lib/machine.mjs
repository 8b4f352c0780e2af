// What the figures were measured on (Linux /proc): the machine's description and load, and a process's CPU time.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
export const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** The 1-, 5- and 15-minute load averages. */
export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

/** Node version, CPU count and model, and the PostgreSQL client's version, as written into each results file. */
export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return { node: process.version, cpus: (cpuinfo.match(/^processor/gm) ?? []).length, cpu: cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1], psql: spawnSync('psql', ['--version'], { encoding: 'utf8' }).stdout?.trim() };
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): [0] state, [1] ppid, … [11] utime, [12] stime. */
export function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User + system CPU time of a process so far, in clock ticks (throws when the process is gone). */
export function cpuTicks(pid) {
  const fields = statFields(pid);
  return Number(fields[11]) + Number(fields[12]);
}
