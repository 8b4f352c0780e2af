import type { ApiProblem } from '../../lib';

/**
 * The API's message for one input field, from either shape of refusal: validation (`extensions.fields`) or a domain
 * rule naming its field (`extensions.field`, e.g. a decline without a reason).
 */
export function fieldError(problem: ApiProblem | null, field: string): string | undefined {
  if (!problem) return undefined;
  const listed = problem.fields[field];
  if (listed?.length) return problem.message;
  return problem.extensions.field === field ? problem.message : undefined;
}

/** A refusal shown on a field is not shown again above the form. */
export function isFieldProblem(problem: ApiProblem | null, fields: string[]): boolean {
  return !!problem && fields.some((field) => fieldError(problem, field) !== undefined);
}

/** The figures of a CAPACITY_EXCEEDED answer (libs/server/tasks guardCapacity): load, effort, capacity, overage. */
export interface CapacityFigures {
  load: number;
  effort: number;
  capacity: number;
  overage: number;
  assigneeId: string | null;
}

export function capacityFigures(problem: ApiProblem | null): CapacityFigures | null {
  if (problem?.code !== 'CAPACITY_EXCEEDED') return null;
  const ext = problem.extensions;
  const num = (value: unknown) => (typeof value === 'number' ? value : 0);
  return { load: num(ext.load), effort: num(ext.effort), capacity: num(ext.capacity), overage: num(ext.overage), assigneeId: typeof ext.assigneeId === 'string' ? ext.assigneeId : null };
}
