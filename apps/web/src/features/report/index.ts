// The printable case report for a partnership meeting: what the reader may see of a case, with a print stylesheet.
export { CaseReportPage, caseReportPath } from './CaseReportPage';
