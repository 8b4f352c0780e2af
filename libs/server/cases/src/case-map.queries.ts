import { sql, type Sql } from '@cg/server/db';
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

/** The period key of the timestamp `at` in Warsaw time. */
function bucket(period: HotspotPeriod, at: Sql): Sql {
  const local = sql`(${at} AT TIME ZONE 'Europe/Warsaw')`;
  switch (period) {
    case HotspotPeriod.MONTH:
      return sql`to_char(${local}, 'YYYY-MM')`;
    case HotspotPeriod.QUARTER:
      return sql`to_char(${local}, 'YYYY-"Q"Q')`;
    case HotspotPeriod.YEAR:
      return sql`to_char(${local}, 'YYYY')`;
    default:
      return sql`NULL::text`;
  }
}

/** `at` within the Warsaw days from–to (inclusive). */
function during(at: Sql, from: string | null, to: string | null): Sql {
  return sql.and([
    from ? sql`${at} >= (${from}::date::timestamp AT TIME ZONE 'Europe/Warsaw')` : sql.true,
    to ? sql`${at} < ((${to}::date + 1)::timestamp AT TIME ZONE 'Europe/Warsaw')` : sql.true,
  ]);
}

/**
 * The hotspot grid, one statement: the located cases in view (`ix_cases_location`), then everything counted about
 * them as events (what, which case, when) binned by cell (floor of latitude and longitude ÷ cell size) and period.
 * Each row: the cell (`gy`, `gx`), `period`, the counts per source, and `contributing`, the distinct cases behind the
 * row (what suppression for analysts looks at).
 *
 * Extension point, residents' reports (issue 18): a report is located itself, not through a case. Add its branch to
 * `events` (`SELECT floor(r.latitude / size), floor(r.longitude / size), NULL, 'reports', r.created_at FROM
 * resident_reports r WHERE …bounds… AND …its rule…`), a `reports` count below, and the field on HotspotCell.
 */
export function hotspotGrid(q: HotspotQuery): Sql {
  const size = q.cellSize;
  return sql`WITH located AS MATERIALIZED (
      SELECT c.id, floor(c.latitude / ${size})::int AS gy, floor(c.longitude / ${size})::int AS gx, c.created_at
      FROM cases c WHERE ${sql.and([within(q.bounds), q.where])}
    ), events AS (
      SELECT l.gy, l.gx, l.id AS case_id, 'cases' AS source, l.created_at AS at
        FROM located l WHERE ${during(sql`l.created_at`, q.from, q.to)}
      UNION ALL
      SELECT l.gy, l.gx, l.id, 'incidents', u.created_at
        FROM located l JOIN case_updates u ON u.case_id = l.id
        WHERE u.kind = 'INCIDENT' AND ${sql.and([during(sql`u.created_at`, q.from, q.to), q.incidentVisible])}
    )
    SELECT gy, gx, ${bucket(q.period, sql`at`)} AS period,
      count(*) FILTER (WHERE source = 'cases')::int AS cases,
      count(*) FILTER (WHERE source = 'incidents')::int AS incidents,
      count(DISTINCT case_id)::int AS contributing
    FROM events GROUP BY 1, 2, 3 ORDER BY 3 NULLS FIRST, 1, 2 LIMIT ${q.limit + 1}`;
}
