import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { todayInWarsaw } from '@cg/shared/domain';
import { abilityOf, caseChildFieldsNamed, rulesToSqlNamed } from '@cg/server/authz';
import type { RequestContext } from '@cg/server/core';
import { toCsv } from './csv';
import { SummaryGroupBy, SummaryPeriod, type IndicatorSummary, type IndicatorSummaryGroup } from './indicator.model';

/** Groups smaller than this are suppressed for analysts, who see aggregates of every case. */
export const MIN_GROUP_SIZE = 5;

/** Progress of one scored row, in SQL, exactly as computeProgress does it (libs/shared/domain/src/indicators.ts). */
const SIGN = `(CASE l.direction WHEN 'INCREASE' THEN 1 ELSE -1 END)`;
const PROGRESS_SQL = `CASE
  WHEN l.value IS NULL THEN NULL
  WHEN ${SIGN} * (l.target_value - l.baseline_value) <= 0 THEN CASE WHEN ${SIGN} * (l.value - l.target_value) >= 0 THEN 100 ELSE 0 END
  ELSE least(100, greatest(0, 100 * ${SIGN} * (l.value - l.baseline_value) / (${SIGN} * (l.target_value - l.baseline_value))))
END`;
const EXPECTED_SQL = (asOf: string) =>
  `CASE WHEN l.target_date <= l.baseline_date THEN 100 ELSE least(100, greatest(0, 100.0 * (${asOf} - l.baseline_date) / (l.target_date - l.baseline_date))) END`;

/**
 * Comparable results for a catalogue indicator: by district, case type, lead organisation or period.
 * Coordinators aggregate the cases they may see; analysts every case, with groups of fewer than five
 * cases suppressed. Only counts and statistics leave the database: no case, no person. One statement.
 */
@Injectable()
export class SummaryService {
  constructor(private readonly dataSource: DataSource) {}

  async summary(request: RequestContext, code: string, groupBy: SummaryGroupBy, period: SummaryPeriod): Promise<IndicatorSummary> {
    // Analysts summarise every case (small groups suppressed); anyone else the cases they may read.
    const analyst = abilityOf(request).can('summariseAllCases', 'IndicatorSummary');
    // Coordinators: the indicators they may read (the INDICATORS category shared with their organisation).
    const access = analyst ? { where: 'TRUE', params: {} } : rulesToSqlNamed(abilityOf(request), 'read', 'Indicator', caseChildFieldsNamed('i'));
    const byPeriod = groupBy === SummaryGroupBy.PERIOD;
    const bucket = byPeriod ? (period === SummaryPeriod.MONTH ? `to_char(m.measured_on, 'YYYY-MM')` : `to_char(m.measured_on, 'YYYY-"Q"Q')`) : `''`;
    const key =
      groupBy === SummaryGroupBy.DISTRICT ? 'c.district' : groupBy === SummaryGroupBy.CASE_TYPE ? 'c.type::text' : groupBy === SummaryGroupBy.LEAD_ORGANISATION ? 'o.name' : 'l.bucket';
    const asOf = byPeriod ? 'l.measured_on' : ':today::date';
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `WITH latest AS (
         SELECT DISTINCT ON (i.id${byPeriod ? `, ${bucket}` : ''}) i.id, i.case_id, i.direction, i.baseline_value, i.target_value, i.baseline_date, i.target_date,
                m.value, m.measured_on, ${bucket} AS bucket
           FROM indicators i
           JOIN cases c ON c.id = i.case_id
           ${byPeriod ? 'JOIN' : 'LEFT JOIN'} measurements m ON m.indicator_id = i.id AND NOT EXISTS (SELECT 1 FROM measurements s WHERE s.supersedes_id = m.id)
          WHERE i.code = :code AND ${access.where}
          ORDER BY i.id${byPeriod ? `, ${bucket}` : ''}, m.measured_on DESC NULLS LAST, m.recorded_at DESC
       ), scored AS (
         SELECT l.case_id, l.value, ${key} AS key, ${PROGRESS_SQL} AS progress, ${EXPECTED_SQL(asOf)} AS expected
           FROM latest l JOIN cases c ON c.id = l.case_id JOIN organisations o ON o.id = c.lead_organisation_id
       )
       SELECT key, count(DISTINCT case_id)::int AS cases,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY progress) AS median,
              avg(progress)::float8 AS mean,
              (100.0 * avg(CASE WHEN progress >= 100 OR progress >= expected THEN 1 ELSE 0 END) FILTER (WHERE progress IS NOT NULL))::float8 AS on_track,
              avg(value)::float8 AS latest,
              (SELECT count(DISTINCT case_id) FROM scored)::int AS total
         FROM scored GROUP BY key ORDER BY key`,
      { ...access.params, code, today: todayInWarsaw() },
    );
    const rows: { key: string; cases: number; median: number | null; mean: number | null; on_track: number | null; latest: number | null; total: number }[] = await this.dataSource.query(sql, params);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    const groups: IndicatorSummaryGroup[] = rows.map((r) => {
      const suppressed = analyst && r.cases < MIN_GROUP_SIZE;
      return {
        key: r.key,
        caseCount: r.cases,
        suppressed,
        medianProgress: suppressed ? null : round(r.median),
        meanProgress: suppressed ? null : round(r.mean),
        shareOnTrack: suppressed ? null : round(r.on_track),
        meanLatestValue: suppressed ? null : round(r.latest),
      };
    });
    return { code, groupBy, totalCases: rows[0]?.total ?? 0, groups };
  }

  async summaryCsv(request: RequestContext, code: string, groupBy: SummaryGroupBy, period: SummaryPeriod): Promise<string> {
    const summary = await this.summary(request, code, groupBy, period);
    return toCsv(
      ['indicator_code', 'group_by', 'group', 'case_count', 'suppressed', 'median_progress', 'mean_progress', 'share_on_track', 'mean_latest_value'],
      summary.groups.map((g) => [code, groupBy, g.key, g.caseCount, g.suppressed, g.medianProgress ?? '', g.meanProgress ?? '', g.shareOnTrack ?? '', g.meanLatestValue ?? '']),
    );
  }
}
