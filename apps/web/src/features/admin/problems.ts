import type { ApiProblem } from '../../lib';

/**
 * The API's message for one input field, from either shape of refusal: validation (`extensions.fields`) or a domain
 * rule naming its field (`extensions.field`, e.g. an e-mail already in use).
 */
export function fieldError(problem: ApiProblem | null, field: string): string | undefined {
  if (!problem) return undefined;
  const listed = problem.fields[field];
  if (listed?.length) return problem.message;
  return problem.extensions.field === field ? problem.message : undefined;
}

/** A refusal shown on a field is not shown again above the form. */
export function isFieldProblem(problem: ApiProblem | null, fields: readonly string[]): boolean {
  return !!problem && fields.some((field) => fieldError(problem, field) !== undefined);
}

/** Today in Warsaw, YYYY-MM-DD (agreements' validity is a calendar date there). */
export function warsawToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
