import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { SessionError } from './session';

/** What the API answered, reduced to what a page shows: the code, the API's own (localised) message, and details. */
export interface ApiProblem {
  code: string;
  message: string;
  retryAfterSeconds: number | null;
  errorId: string | null;
  /**
   * `extensions.reason`: the stable name of what went wrong (`CASE_CLOSED`, `INDICATOR_DATES`, `AUTH_LOCKED`; the
   * API's message key in upper snake case, docs/domain.md). Branch on it, never on the message; a page that wants
   * its own words for a refusal can key them by it. The API's message is already in the reader's language, so
   * ErrorAlert shows that one.
   */
  reason: string | null;
  /** Validation problems by input field (`title`, `diagnosis.what`), from `extensions.fields`. */
  fields: Record<string, string[]>;
  extensions: Record<string, unknown>;
}

function fromExtensions(message: string, extensions: Record<string, unknown> | undefined): ApiProblem {
  const ext = extensions ?? {};
  const fields: Record<string, string[]> = {};
  if (Array.isArray(ext.fields)) {
    for (const entry of ext.fields as { field?: string; problems?: string[] }[]) {
      if (typeof entry.field !== 'string') continue;
      // Relative to the mutation's input: `input.title` → `title`.
      fields[entry.field.replace(/^input\./, '')] = entry.problems ?? [];
    }
  }
  return {
    code: typeof ext.code === 'string' ? ext.code : 'UNKNOWN',
    message,
    retryAfterSeconds: typeof ext.retryAfterSeconds === 'number' ? ext.retryAfterSeconds : null,
    errorId: typeof ext.errorId === 'string' ? ext.errorId : null,
    reason: typeof ext.reason === 'string' ? ext.reason : null,
    fields,
    extensions: ext,
  };
}

/** The problem an error stands for, whatever layer raised it (GraphQL, HTTP status, network, /auth). */
export function problemOf(error: unknown): ApiProblem | null {
  if (!error) return null;
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    return fromExtensions(first?.message ?? error.message, first?.extensions as Record<string, unknown> | undefined);
  }
  if (error instanceof SessionError) {
    return { ...fromExtensions(error.message, { ...error.extensions, code: error.code }), retryAfterSeconds: error.retryAfterSeconds };
  }
  if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
      const first = body.errors?.[0];
      if (first) return fromExtensions(first.message, first.extensions);
    } catch {
      // not the API's error shape
    }
    const code = error.statusCode === 503 ? 'SERVICE_UNAVAILABLE' : error.statusCode === 429 ? 'RATE_LIMITED' : 'UNKNOWN';
    return fromExtensions(error.message, { code });
  }
  if (error instanceof TypeError) return fromExtensions(error.message, { code: 'NETWORK' });
  return fromExtensions(error instanceof Error ? error.message : String(error), { code: 'UNKNOWN' });
}

export function isCode(error: unknown, code: string): boolean {
  return problemOf(error)?.code === code;
}

/**
 * Whether a page about one object (a case, a task) should say "not found": the object is unknown or hidden from the
 * viewer (NOT_FOUND), the address holds no id at all (bad input on `id`), or the viewer's role may not read such
 * objects at all (FORBIDDEN, e.g. an analyst opening a case). The not-found page says "does not exist or you have no
 * access to it", true of each; a retry would not change the answer.
 */
export function isAbsent(problem: ApiProblem | null): boolean {
  if (!problem) return false;
  return problem.code === 'NOT_FOUND' || problem.code === 'FORBIDDEN' || (problem.code === 'BAD_USER_INPUT' && 'id' in problem.fields);
}
