/**
 * Catalogue indicators on the demo cases, with baselines, targets and a series of measurements: most on
 * track, one (police interventions at the Sowińskiego conflict) off track, and one measurement corrected (the
 * Piaski survey of two months ago, re-weighted), so that the indicators page shows what a correction looks like.
 */
export interface DemoIndicator {
  caseIndex: number;
  code: string;
  baseline: number;
  baselineDaysAgo: number;
  target: number;
  targetInDays: number;
  /** [days ago, value] */
  series: [number, number][];
  /** A correction of the measurement at `of` in `series` (it supersedes it; the corrected one is kept, never edited). */
  correction?: { of: number; value: number; note: string };
}

export const DEMO_INDICATORS: DemoIndicator[] = [
  { caseIndex: 0, code: 'SAFE_AFTER_DARK', baseline: 38, baselineDaysAgo: 120, target: 60, targetInDays: 120, series: [[60, 45], [10, 52]], correction: { of: 0, value: 44, note: 'korekta: ważenie próby według wieku (dane demonstracyjne)' } },
  { caseIndex: 0, code: 'POLICE_INTERVENTIONS', baseline: 14, baselineDaysAgo: 120, target: 6, targetInDays: 120, series: [[90, 13], [60, 11], [30, 9], [5, 8]] },
  { caseIndex: 0, code: 'THREAT_MAP_REPORTS', baseline: 9, baselineDaysAgo: 120, target: 3, targetInDays: 120, series: [[60, 7], [30, 5]] },
  { caseIndex: 1, code: 'POLICE_INTERVENTIONS', baseline: 3, baselineDaysAgo: 90, target: 0, targetInDays: 90, series: [[60, 3], [30, 4], [5, 4]] },
  { caseIndex: 1, code: 'REPEAT_INCIDENTS', baseline: 5, baselineDaysAgo: 90, target: 1, targetInDays: 90, series: [[30, 3]] },
  { caseIndex: 2, code: 'POLICE_CONFIDENCE', baseline: 31, baselineDaysAgo: 85, target: 55, targetInDays: 20, series: [[40, 44], [7, 58]] },
  { caseIndex: 2, code: 'WILLINGNESS_TO_REPORT', baseline: 42, baselineDaysAgo: 85, target: 65, targetInDays: 20, series: [[40, 51], [7, 63]] },
  { caseIndex: 3, code: 'THREAT_MAP_REPORTS', baseline: 17, baselineDaysAgo: 10, target: 8, targetInDays: 80, series: [] },
];

/** A survey of Osiedle Piaski that imports cleanly into the first demo case (see docs/demo/survey-piaski.csv). */
export const DEMO_SURVEY_CASE_INDEX = 0;
