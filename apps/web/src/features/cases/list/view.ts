import type { CaseFilter, CaseOrder, CasePhase, CaseType, Escalation } from '../gql/graphql';

// What the case list shows, as the address holds it: every filter, the search, the order and the page (the cursors
// of the pages before it), so that a link reproduces the view and back/forward move through it.

export const PHASES = ['SCANNING', 'ANALYSIS', 'RESPONSE', 'ASSESSMENT', 'CLOSED'] as const satisfies readonly CasePhase[];
export const TYPES = ['SOCIAL_TENSION', 'LOCAL_CONFLICT', 'CRISIS', 'PUBLIC_NUISANCE', 'PRIORITY_PLAN'] as const satisfies readonly CaseType[];
export const ESCALATIONS = ['NORMAL', 'ELEVATED', 'CRISIS'] as const satisfies readonly Escalation[];
export const ORDERS = ['LAST_ACTIVITY', 'PRIORITY', 'REVIEW_DATE'] as const satisfies readonly CaseOrder[];
export const DEFAULT_ORDER: CaseOrder = 'LAST_ACTIVITY';
export const PAGE_SIZE = 25;

export interface CaseListView {
  search: string;
  phase: CasePhase[];
  type: CaseType[];
  escalation: Escalation[];
  lead: string;
  district: string;
  reviewBefore: string;
  /** Only cases with partner input awaiting a review the viewer may give. */
  awaitingReview: boolean;
  sort: CaseOrder;
  /** The end cursor of each page before this one: empty on the first page. */
  after: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  // A hand-edited address with an unknown value shows the rest of the view rather than an error.
  return allowed.filter((value) => values.includes(value));
}

export function readView(params: URLSearchParams): CaseListView {
  const sort = params.get('sort');
  const reviewBefore = params.get('reviewBefore') ?? '';
  return {
    search: (params.get('q') ?? '').trim(),
    phase: oneOf(PHASES, params.getAll('phase')),
    type: oneOf(TYPES, params.getAll('type')),
    escalation: oneOf(ESCALATIONS, params.getAll('escalation')),
    lead: params.get('lead') ?? '',
    district: (params.get('district') ?? '').trim(),
    reviewBefore: DAY.test(reviewBefore) ? reviewBefore : '',
    awaitingReview: params.get('awaitingReview') === 'true',
    sort: (ORDERS as readonly string[]).includes(sort ?? '') ? (sort as CaseOrder) : DEFAULT_ORDER,
    after: params.getAll('after').filter((cursor) => cursor.length > 0),
  };
}

/** The address of a view: only what differs from the default, in a stable order. */
export function writeView(view: CaseListView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.search) params.set('q', view.search);
  for (const value of view.phase) params.append('phase', value);
  for (const value of view.type) params.append('type', value);
  for (const value of view.escalation) params.append('escalation', value);
  if (view.lead) params.set('lead', view.lead);
  if (view.district) params.set('district', view.district);
  if (view.reviewBefore) params.set('reviewBefore', view.reviewBefore);
  if (view.awaitingReview) params.set('awaitingReview', 'true');
  if (view.sort !== DEFAULT_ORDER) params.set('sort', view.sort);
  for (const cursor of view.after) params.append('after', cursor);
  return params;
}

/** True when anything narrows the list (the order and the page do not). */
export function isFiltered(view: CaseListView): boolean {
  return Boolean(view.search || view.phase.length || view.type.length || view.escalation.length || view.lead || view.district || view.reviewBefore || view.awaitingReview);
}

export function filterOf(view: CaseListView): CaseFilter {
  const filter: CaseFilter = {};
  if (view.search) filter.search = view.search;
  if (view.phase.length) filter.phase = view.phase;
  if (view.type.length) filter.type = view.type;
  if (view.escalation.length) filter.escalation = view.escalation;
  if (view.lead) filter.leadOrganisationId = view.lead;
  if (view.district) filter.district = view.district;
  if (view.reviewBefore) filter.reviewBefore = view.reviewBefore;
  if (view.awaitingReview) filter.inputsAwaitingReview = true;
  return filter;
}

/** The variables of the list query for a view. */
export function variablesOf(view: CaseListView) {
  return { first: PAGE_SIZE, after: view.after.at(-1) ?? null, filter: filterOf(view), orderBy: view.sort };
}

/** The same order, every filter removed, back to the first page. */
export function clearFilters(view: CaseListView): CaseListView {
  return { ...view, search: '', phase: [], type: [], escalation: [], lead: '', district: '', reviewBefore: '', awaitingReview: false, after: [] };
}
