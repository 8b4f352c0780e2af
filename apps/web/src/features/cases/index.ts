export { CaseListPage } from './CaseListPage';
export { CasePage } from './CasePage';
// The case list's filters, for the map, which shows the same cases (features/map).
export { CaseFilters } from './list/CaseFilters';
export { filterOf, readView, writeView, type CaseListView } from './list/view';
export { OpenCasePage } from './open/OpenCasePage';
