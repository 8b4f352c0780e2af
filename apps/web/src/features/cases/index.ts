export { CaseListPage } from './CaseListPage';
export { CasePage } from './CasePage';
export { OpenCasePage } from './open/OpenCasePage';
