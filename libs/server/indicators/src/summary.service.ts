import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MIN_GROUP_SIZE, todayInWarsaw } from '@cg/shared/domain';
import { query, sql, type Sql } from '@cg/server/db';
import { abilityOf, caseChildFields, rulesToSql } from '@cg/server/authz';
import type { RequestContext } from '@cg/server/core';
import { toCsv } from './csv';
import { SummaryGroupBy, SummaryPeriod, type IndicatorSummary, type IndicatorSummaryGroup } from './indicator.model';
import { indicatorSummary, summarisedCodes } from './indicators.queries';

/** Groups smaller than this are suppressed for analysts, who see aggregates of every case (the rule of every aggregate: @cg/shared/domain). */
export { MIN_GROUP_SIZE };

/**
 * Comparable results for a catalogue indicator: by district, case type, lead organisation or period.
 * Coordinators aggregate the cases they may see; analysts every case, with groups of fewer than five
 * cases suppressed. Only counts and statistics leave the database: no case, no person. One statement.
 */
@Injectable()
export class SummaryService {
  constructor(private readonly dataSource: DataSource) {}

  async summary(request: RequestContext, code: string, groupBy: SummaryGroupBy, period: SummaryPeriod): Promise<IndicatorSummary> {
    const { analyst, access } = this.scope(request);
    const rows = await query<{ key: string; cases: number; median: number | null; mean: number | null; on_track: number | null; latest: number | null; total: number }>(
      this.dataSource,
      indicatorSummary({ code, access, groupBy, period, today: todayInWarsaw() }),
    );
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

  /** The catalogue codes a summary has at least one case for, in the caller's scope (one statement). */
  async codes(request: RequestContext): Promise<string[]> {
    const rows = await query<{ code: string }>(this.dataSource, summarisedCodes(this.scope(request).access));
    return rows.map((r) => r.code);
  }

  /**
   * Whose indicators a summary aggregates: analysts every case (small groups suppressed), anyone else the indicators
   * they may read (the INDICATORS category shared with their organisation).
   */
  private scope(request: RequestContext): { analyst: boolean; access: Sql } {
    const analyst = abilityOf(request).can('summariseAllCases', 'IndicatorSummary');
    return { analyst, access: analyst ? sql.true : rulesToSql(abilityOf(request), 'read', 'Indicator', caseChildFields('i')) };
  }

  async summaryCsv(request: RequestContext, code: string, groupBy: SummaryGroupBy, period: SummaryPeriod): Promise<string> {
    const summary = await this.summary(request, code, groupBy, period);
    return toCsv(
      ['indicator_code', 'group_by', 'group', 'case_count', 'suppressed', 'median_progress', 'mean_progress', 'share_on_track', 'mean_latest_value'],
      summary.groups.map((g) => [code, groupBy, g.key, g.caseCount, g.suppressed, g.medianProgress ?? '', g.meanProgress ?? '', g.shareOnTrack ?? '', g.meanLatestValue ?? '']),
    );
  }
}
