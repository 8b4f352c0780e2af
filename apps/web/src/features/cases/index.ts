export { CaseListPage } from './CaseListPage';
export { CasePage } from './CasePage';
