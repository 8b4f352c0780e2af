// A case's indicators (baseline, target, measurements and corrections, survey import, CSV export) and the analysts'
// summary across cases.
export { CaseIndicatorsPage, caseIndicatorsPath } from './CaseIndicatorsPage';
export { IndicatorSummaryPage } from './IndicatorSummaryPage';
