import { isConstant, sql, type Sql } from '@cg/server/db';
import { HotspotPeriod } from './case-map.model';

/**
 * The SQL of the map: the located cases a reader may see, and the hotspot grid. No PostGIS: a case's point is two
 * numeric columns, and `ix_cases_location` (latitude, longitude, created_at, id) answers a range on both.
 */

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** The case `c` lies within the bounds (a range on the location index). */
function within(bounds: Bounds | undefined): Sql {
  if (!bounds) return sql`c.latitude IS NOT NULL AND c.longitude IS NOT NULL`;
  return sql`c.latitude BETWEEN ${bounds.south} AND ${bounds.north} AND c.longitude BETWEEN ${bounds.west} AND ${bounds.east}`;
}

/** Up to `limit + 1` located cases (`where`: the reader's rules and the list's filter on `c`), in a stable order. */
export function mapPoints(where: Sql, bounds: Bounds | undefined, limit: number): Sql {
  return sql`SELECT c.id, c.reference, c.title, c.type, c.phase, c.escalation, c.district, c.latitude, c.longitude, c.area_polygon
    FROM cases c WHERE ${sql.and([where, within(bounds)])}
    ORDER BY c.latitude, c.longitude, c.id LIMIT ${limit + 1}`;
}

/** How many of the matching cases are located (within the bounds) and how many have no point. */
export function mapCounts(where: Sql, bounds: Bounds | undefined): Sql {
  return sql`SELECT count(*) FILTER (WHERE ${within(bounds)})::int AS located,
      count(*) FILTER (WHERE c.latitude IS NULL OR c.longitude IS NULL)::int AS unlocated
    FROM cases c WHERE ${where}`;
}

export interface HotspotQuery {
  /** The reader's rules and the list's filter on the case `c` (for analysts, the filter alone). */
  where: Sql;
  /** Which INCIDENT updates `u` of a located case `l` the reader may count (for analysts, all). */
  incidentVisible: Sql;
  bounds: Bounds;
  cellSize: number;
  /** Warsaw days, inclusive; null: unbounded. */
  from: string | null;
  to: string | null;
  period: HotspotPeriod;
  /** At most this many rows (cell × period) + 1. */
  limit: number;
}

/**
 * The period of the timestamp `at`: the start of its month, quarter or year in Warsaw time (date_trunc, cheap per row),
 * or one constant for ALL (not NULL, so that the sources' rows join on it). `periodLabel` names it on the rows returned.
 */
function bucket(period: HotspotPeriod, at: Sql): Sql {
  const unit = PERIOD_UNIT[period];
  return unit ? sql`date_trunc(${unit}, ${at} AT TIME ZONE 'Europe/Warsaw')` : sql`timestamp '2000-01-01'`;
}

const PERIOD_UNIT: Record<HotspotPeriod, string | null> = { ALL: null, MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' };

/** YYYY-MM, YYYY-"Q"Q, YYYY, or NULL for ALL, of a period `bucket` made. */
function periodLabel(period: HotspotPeriod, column: Sql): Sql {
  switch (period) {
    case HotspotPeriod.MONTH:
      return sql`to_char(${column}, 'YYYY-MM')`;
    case HotspotPeriod.QUARTER:
      return sql`to_char(${column}, 'YYYY-"Q"Q')`;
    case HotspotPeriod.YEAR:
      return sql`to_char(${column}, 'YYYY')`;
    default:
      return sql`NULL::text`;
  }
}

/**
 * A view wider than this (square degrees, about a region) counts an analyst's incidents case by case from the index first
 * (every incident is read once, no join per case); a narrower one reads the incidents of its located cases only.
 */
export const WIDE_VIEW_SQUARE_DEGREES = 2;

/** `at` within the Warsaw days from–to (inclusive). */
function during(at: Sql, from: string | null, to: string | null): Sql {
  return sql.and([
    from ? sql`${at} >= (${from}::date::timestamp AT TIME ZONE 'Europe/Warsaw')` : sql.true,
    to ? sql`${at} < ((${to}::date + 1)::timestamp AT TIME ZONE 'Europe/Warsaw')` : sql.true,
  ]);
}

/**
 * The hotspot grid, one statement: the located cases in view (`ix_cases_location`), then each source counted per cell
 * (floor of latitude and longitude ÷ cell size) and period with hash aggregates, never a sort of every event. Each row:
 * the cell (`gy`, `gx`), `period`, and per source its count and the distinct cases behind it (`*_cases`: what
 * suppression for analysts looks at, so that no figure shown rests on fewer than MIN_GROUP_SIZE cases).
 *
 * Extension point, residents' reports (issue 18): a report is located itself, not through a case. Add a CTE like
 * `incidents` over the reports table (its own bounds, period and rule; `count(*)` as `reports` and, since a report names
 * no case, the distinct reporters or addresses as `reports_cases`), join it below like `incidents`, and add the field to
 * HotspotCell and the suppression check of CaseMapService.
 */
export function hotspotGrid(q: HotspotQuery): Sql {
  const size = q.cellSize;
  return sql`WITH located AS NOT MATERIALIZED (
      SELECT c.id, floor(c.latitude / ${size})::int AS gy, floor(c.longitude / ${size})::int AS gx, c.created_at
      FROM cases c WHERE ${sql.and([within(q.bounds), q.where])}
    ), opened AS (
      SELECT gy, gx, ${bucket(q.period, sql`l.created_at`)} AS period, count(*)::int AS cases
        FROM located l WHERE ${during(sql`l.created_at`, q.from, q.to)} GROUP BY 1, 2, 3
    ), incidents AS (${incidentCounts(q)}
    )
    SELECT gy, gx, ${periodLabel(q.period, sql`period`)} AS period, coalesce(o.cases, 0) AS cases, coalesce(i.incidents, 0) AS incidents,
      coalesce(i.incident_cases, 0) AS incident_cases
    FROM opened o FULL JOIN incidents i USING (gy, gx, period)
    ORDER BY period, gy, gx LIMIT ${q.limit + 1}`;
}

/**
 * The incidents per cell and period, with the distinct cases they belong to. When the reader counts every incident (an
 * analyst) over a wide view, they are counted per case and period first, straight from `ix_case_updates_kind` (kind, case_id,
 * created_at: an index-only scan in case order), then joined to the located cases; otherwise the reader's located cases
 * come first and each one's incidents are read through that index (LATERAL: per case, never a scan of every update),
 * each checked against the reader's rules.
 */
function incidentCounts(q: HotspotQuery): Sql {
  const { south, west, north, east } = q.bounds;
  const wide = (north - south) * (east - west) > WIDE_VIEW_SQUARE_DEGREES;
  const perCase = wide && isConstant(q.incidentVisible, 'TRUE')
    ? sql`SELECT l.gy, l.gx, i.period, i.n FROM (
          SELECT u.case_id, ${bucket(q.period, sql`u.created_at`)} AS period, count(*) AS n FROM case_updates u
            WHERE u.kind = 'INCIDENT' AND ${during(sql`u.created_at`, q.from, q.to)} GROUP BY 1, 2
        ) i JOIN located l ON l.id = i.case_id`
    : sql`SELECT l.gy, l.gx, i.period, i.n FROM located l CROSS JOIN LATERAL (
          SELECT ${bucket(q.period, sql`u.created_at`)} AS period, count(*) AS n FROM case_updates u
            WHERE u.case_id = l.id AND u.kind = 'INCIDENT' AND ${sql.and([during(sql`u.created_at`, q.from, q.to), q.incidentVisible])}
            GROUP BY 1
        ) i`;
  return sql`
      SELECT gy, gx, period, sum(n)::int AS incidents, count(*)::int AS incident_cases FROM (${perCase}) per_case GROUP BY 1, 2, 3`;
}
