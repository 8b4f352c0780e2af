import type { ApiProblem } from '../../../lib';

/**
 * The message to show on one input field, from the API's answer: a validation problem (`extensions.fields`, whose
 * problems are constraint names, so the generic text of `invalid`) or a domain refusal naming the field
 * (`extensions.field`, whose own message is already in the reader's language).
 */
export function fieldProblem(problem: ApiProblem | null, field: string, invalid: string): string | null {
  if (!problem) return null;
  if (problem.extensions.field === field) return problem.message;
  return problem.fields[field] ? invalid : null;
}

/** True when the answer is only about fields that the form shows on themselves (no alert above the form then). */
export function onlyFieldProblems(problem: ApiProblem | null, fields: readonly string[]): boolean {
  if (!problem || problem.code !== 'BAD_USER_INPUT') return false;
  const named = typeof problem.extensions.field === 'string' ? [problem.extensions.field] : Object.keys(problem.fields);
  return named.length > 0 && named.every((name) => fields.includes(name));
}
