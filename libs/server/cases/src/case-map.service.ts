import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, HOTSPOT_GRID, hotspotCellForZoom, MIN_GROUP_SIZE, type GeoPolygon } from '@cg/shared/domain';
import { query, sql } from '@cg/server/db';
import { abilityOf, perCaseFields, rulesToSql } from '@cg/server/authz';
import type { RequestContext } from '@cg/server/core';
import type { CasePhase, CaseType, Escalation } from '@cg/shared/domain';
import { type CaseHotspots, type CaseMap, type HotspotCell } from './case-map.model';
import { hotspotGrid, mapCounts, mapPoints, type Bounds } from './case-map.queries';
import { caseReader, casesWhere, type CaseReader } from './cases.queries';
import type { CaseFilter, CaseHotspotsInput } from './inputs';

/** The most rows (cell × period) one hotspot answer holds. */
export const MAX_HOTSPOT_ROWS = 10_000;

/**
 * The map: located cases and the hotspot grid. Both read cases through the same rules and filter as the case list
 * (`casesWhere`), in SQL; the grid counts, for analysts, every case, with cells of few cases suppressed.
 */
@Injectable()
export class CaseMapService {
  constructor(private readonly dataSource: DataSource) {}

  /** The located cases the caller may read that match `filter` (and lie in `bounds`). Two statements. */
  async points(request: RequestContext, filter: CaseFilter = {}, bounds: Bounds | undefined, limit: number): Promise<CaseMap> {
    if (bounds) checkBounds(bounds, 'bounds');
    const where = casesWhere(reader(request, false), filter);
    const [rows, counts] = await Promise.all([
      query<PointRow>(this.dataSource, mapPoints(where, bounds, limit)),
      query<{ located: number; unlocated: number }>(this.dataSource, mapCounts(where, bounds)),
    ]);
    return {
      points: rows.slice(0, limit).map((r) => ({
        id: r.id,
        reference: r.reference,
        title: r.title,
        type: r.type,
        phase: r.phase,
        escalation: r.escalation,
        district: r.district,
        latitude: r.latitude,
        longitude: r.longitude,
        polygon: r.area_polygon,
      })),
      located: counts[0]?.located ?? 0,
      unlocated: counts[0]?.unlocated ?? 0,
      truncated: rows.length > limit,
    };
  }

  /**
   * Counts of cases and incidents per grid cell and period. Readers of cases count the cases they may read and the
   * incidents they may read (INCIDENT_DATA); analysts count every case and incident, and a cell-period where fewer than
   * MIN_GROUP_SIZE cases were opened, or whose incidents belong to fewer than MIN_GROUP_SIZE cases, is suppressed (its
   * counts withheld), as groups of fewer than five cases are in the indicator summaries. One statement.
   */
  async hotspots(request: RequestContext, input: CaseHotspotsInput): Promise<CaseHotspots> {
    checkBounds(input.bounds, 'input.bounds');
    const cellSize = input.cellSize ?? hotspotCellForZoom(input.zoom ?? 12);
    if (cellSize < HOTSPOT_GRID.minCellDegrees || cellSize > HOTSPOT_GRID.maxCellDegrees) {
      throw DomainError.badInput('hotspot.cellSize', { min: HOTSPOT_GRID.minCellDegrees, max: HOTSPOT_GRID.maxCellDegrees }, { field: 'input.cellSize' });
    }
    const { south, west, north, east } = input.bounds;
    const cells = Math.ceil((north - south) / cellSize) * Math.ceil((east - west) / cellSize);
    if (cells > HOTSPOT_GRID.maxCells) {
      throw DomainError.badInput('hotspot.tooManyCells', { cells, max: HOTSPOT_GRID.maxCells }, { field: 'input.cellSize' });
    }
    const from = input.from?.slice(0, 10) ?? null;
    const to = input.to?.slice(0, 10) ?? null;
    if (from && to && (from > to || (Date.parse(to) - Date.parse(from)) / 86_400_000 > HOTSPOT_GRID.maxDays)) {
      throw DomainError.badInput('hotspot.period', { maxDays: HOTSPOT_GRID.maxDays }, { field: 'input.from' });
    }

    const analyst = abilityOf(request).can('summariseAllCases', 'CaseHotspots');
    const rows = await query<GridRow>(
      this.dataSource,
      hotspotGrid({
        where: casesWhere(reader(request, analyst), input.filter ?? {}),
        incidentVisible: analyst ? sql.true : rulesToSql(abilityOf(request), 'read', 'CaseUpdate', perCaseFields('l', 'u')),
        bounds: input.bounds,
        cellSize,
        from,
        to,
        period: input.period,
        limit: MAX_HOTSPOT_ROWS,
      }),
    );
    const round = (v: number) => Number(v.toFixed(6));
    const result: HotspotCell[] = rows.slice(0, MAX_HOTSPOT_ROWS).map((r) => {
      // Each figure shown rests on at least MIN_GROUP_SIZE cases: the cases opened, and the cases the incidents belong to.
      const suppressed = analyst && (r.cases < MIN_GROUP_SIZE || (r.incidents > 0 && r.incident_cases < MIN_GROUP_SIZE));
      return {
        south: round(r.gy * cellSize),
        west: round(r.gx * cellSize),
        north: round((r.gy + 1) * cellSize),
        east: round((r.gx + 1) * cellSize),
        period: r.period,
        cases: suppressed ? null : r.cases,
        incidents: suppressed ? null : r.incidents,
        suppressed,
      };
    });
    return { cellSize, suppressedBelow: analyst ? MIN_GROUP_SIZE : null, cells: result, truncated: rows.length > MAX_HOTSPOT_ROWS };
  }
}

function checkBounds(bounds: Bounds, field: string): void {
  if (!(bounds.south < bounds.north) || !(bounds.west < bounds.east)) throw DomainError.badInput('hotspot.bounds', {}, { field });
}

/**
 * The caller's conditions on cases `c`. Analysts read no case, but the grid counts every case for them: their `read`
 * is TRUE there (and only there); the content condition stays theirs (none), so a search matches reference and title only.
 */
function reader(request: RequestContext, allCases: boolean): CaseReader {
  const own = caseReader(request);
  return allCases ? { ...own, read: sql.true } : own;
}

interface PointRow {
  id: string;
  reference: string;
  title: string;
  type: CaseType;
  phase: CasePhase;
  escalation: Escalation;
  district: string;
  latitude: number;
  longitude: number;
  area_polygon: GeoPolygon | null;
}

interface GridRow {
  gy: number;
  gx: number;
  period: string | null;
  cases: number;
  incidents: number;
  incident_cases: number;
}
