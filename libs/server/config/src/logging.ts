import { AsyncLocalStorage } from 'node:async_hooks';
import { hostname } from 'node:os';
import { stdSerializers, type LoggerOptions } from 'pino';
import type { AppConfig } from './app-config';

/**
 * The one logger configuration of both processes (STYLE.md rule 14): the same level, redaction, serializers and base
 * fields in the API and in the worker, so that a line reads alike wherever it was written and a secret or a person's
 * details are held back by either. Each app adds only what is its own (the API: request ids and HTTP lines).
 */

export type ServiceName = 'api' | 'worker';

/** What a redacted value is printed as. */
export const REDACTED = '[redacted]';

/** Keys whose value is a secret: credentials, tokens and anything that lets someone act as someone else. */
const SECRET_KEYS = ['password', 'passwordHash', 'newPassword', 'currentPassword', 'token', 'accessToken', 'refreshToken', 'tokenHash', 'secret', 'jwtSecret', 'apiKey', 'authorization', 'cookie'];

/** Keys whose value is a person's details: how to reach them or who they are. */
const PERSONAL_KEYS = ['email', 'phone', 'phoneNumber', 'contactDetails', 'contact', 'displayName'];

/** GraphQL variables: the values of a request, whatever they hold (a search for a resident, a sign-in). */
const VALUE_KEYS = ['variables'];

/** How deep a key is looked for: a line's own fields, and two levels of objects inside (`{ user: { profile: { email } } }`). */
const DEPTHS = ['', '*.', '*.*.'];

/** Paths pino never prints, in either process. */
export const REDACT_PATHS: readonly string[] = [
  ...[...SECRET_KEYS, ...PERSONAL_KEYS, ...VALUE_KEYS].flatMap((key) => DEPTHS.map((depth) => `${depth}${key}`)),
  // Credentials in headers (a request's, a webhook's): names with a dash need brackets.
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.headers["x-api-key"]',
  '*.headers["set-cookie"]',
  // A failed SQL statement carries its parameters (the values sent) and PostgreSQL's detail (which quotes a value).
  'err.parameters',
  'err.detail',
  'err.driverError.detail',
  'err.driverError.parameters',
];

/** The path of a request URL: the query string (a GET's query, variables, tokens) is never logged. */
export function pathOf(url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** What a line may carry about the work it belongs to (a job of the worker): opaque ids and names, never values. */
export interface LogBindings {
  /** The request id of the change that caused the work (`X-Request-Id`, or the one the API gave it). */
  requestId?: string;
  job?: string;
  jobId?: string;
  attempt?: number;
}

const bindings = new AsyncLocalStorage<LogBindings>();

/**
 * Runs `work` with these fields on every line logged while it runs, through whichever logger (Nest's `Logger`, an
 * injected `PinoLogger`): the worker runs each job so, with the job's name, id and the request id that caused it.
 */
export function withLogBindings<T>(fields: LogBindings, work: () => T): T {
  return bindings.run({ ...bindings.getStore(), ...fields }, work);
}

/** The fields bound by withLogBindings around the current code, if any. */
export function currentLogBindings(): LogBindings {
  return bindings.getStore() ?? {};
}

/**
 * pino's options for a process: the configured level, the redaction above, `service` on every line, a request
 * serialized as its id, method and path only, errors with their type, message and stack.
 */
export function loggerOptions(config: Pick<AppConfig, 'logLevel'>, service: ServiceName): LoggerOptions {
  return {
    level: config.logLevel,
    base: { service, pid: process.pid, hostname: hostname() },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: pathOf(req.url) }),
      err: stdSerializers.err,
    },
    // The bindings of the work in hand (a job): read at each line, so that every logger in the process carries them.
    mixin: () => ({ ...bindings.getStore() }),
  };
}
