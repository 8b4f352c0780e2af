import type { ApiProblem } from '../../lib';

/**
 * The message to show on one input field, from the API's answer: a domain refusal naming the field
 * (`extensions.field`, already in the reader's language) or a validation problem (`extensions.fields`, constraint
 * names only, so the generic `invalid`).
 */
export function fieldProblem(problem: ApiProblem | null, field: string, invalid: string): string | null {
  if (!problem) return null;
  if (problem.extensions.field === field) return problem.message;
  return problem.fields[field] ? invalid : null;
}

/** True when every problem of the answer is shown on a field of the form (no alert above it then). */
export function onlyFieldProblems(problem: ApiProblem | null, fields: readonly string[]): boolean {
  if (!problem || problem.code !== 'BAD_USER_INPUT') return false;
  const named = typeof problem.extensions.field === 'string' ? [problem.extensions.field] : Object.keys(problem.fields);
  return named.length > 0 && named.every((name) => fields.includes(name));
}

export interface LineProblem {
  line: number;
  message: string;
}

/** The bad rows of a refused survey file (`extensions.errors`: line and message, the API lists up to 100). */
export function lineProblems(problem: ApiProblem | null): LineProblem[] {
  const errors = problem?.extensions.errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter((e): e is LineProblem => typeof e === 'object' && e !== null && typeof (e as LineProblem).line === 'number' && typeof (e as LineProblem).message === 'string');
}
