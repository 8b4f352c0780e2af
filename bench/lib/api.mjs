// The built API (and the other Node servers a benchmark starts) as the benchmarks run it: where the build is, its
// environment, its CLIs, a server process started and waited for, and GraphQL requests to it.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { exited, keepOutput, stopChild, waitUntilAnswers } from './processes.mjs';

/** The password of the users the benchmarks insert themselves, and the JWT secret of their API (40 characters). */
export const BENCH_PASSWORD = 'bench-Haslo-do-pomiarow-2026';
export const BENCH_JWT_SECRET = 'bench-jwt-secret-0123456789-abcdefghijkl';

/** The built API (main.js, cli/) and worker (main.js) of the checkout at `root`. */
export const apiDist = (root) => path.join(root, 'dist/apps/api/apps/api/src');
export const workerMain = (root) => path.join(root, 'dist/apps/worker/apps/worker/src/main.js');

/**
 * The environment of the API, its CLIs and the worker: production, warn-level logs, loopback, tokens valid for an
 * hour, and the rate limits out of the way (the load comes from one address and a few users: they would measure
 * refusals, not the API). `extra` adds or replaces variables; a variable set to undefined there is left out.
 */
export function serverEnv({ databaseUrl, queuePrefix, jwtSecret = BENCH_JWT_SECRET, redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, extra = {}) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: jwtSecret,
    JWT_ACCESS_TTL_SECONDS: '3600',
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    HTTP_HOST: '127.0.0.1',
    RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000',
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '1000000',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

/** Runs a built CLI (cli/migrate.js, cli/seed.js) to its end; throws with its output, as `<label> failed`, if it fails. */
export function runCli(script, { cwd, env, label = path.basename(script, '.js') }) {
  const result = spawnSync(process.execPath, [script], { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** Servers still running when this process exits are killed with it (a failed run leaves nothing behind). */
const running = new Set();
process.on('exit', () => {
  for (const child of running) if (!exited(child)) child.kill('SIGKILL');
});

/**
 * A Node server (`node <args>`, e.g. node flags then dist main.js) listening on 127.0.0.1:`port`, resolved once
 * `health` answers 2xx. `ipc` opens an IPC channel (process.send); `echoStderr` copies its stderr to ours. `stop()`:
 * SIGTERM, SIGKILL after `graceMs`.
 */
export async function startServer({ name, args, cwd, env, port, health = '/health/live', timeoutMs = 60_000, intervalMs = 200, ipc = false, echoStderr = false }) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const output = keepOutput(child);
  if (echoStderr) child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswers(`${url}${health}`, { child, name, timeoutMs, intervalMs, output });
  return { child, url, port, output, stop: (graceMs) => stopChild(child, graceMs) };
}

/** The body of a GraphQL request, as a client sends it. */
export const gqlBody = (query, variables) => JSON.stringify({ query, variables });

/** A GraphQL request to `${url}/graphql` (bearer `token` when given); answers `data`, throws on GraphQL errors. */
export async function gql(url, query, variables, token) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: gqlBody(query, variables),
  });
  const answer = await response.json();
  if (answer.errors) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors).slice(0, 2000)}`);
  return answer.data;
}

/** Signs in through the API's `login` mutation; answers the access token. */
export async function login(url, email, password = BENCH_PASSWORD) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: gqlBody('mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { email, password } }),
  });
  const body = await response.json();
  const token = body.data?.login?.accessToken;
  if (!token) throw new Error(`login as ${email} failed: ${JSON.stringify(body.errors ?? body)}`);
  return token;
}
