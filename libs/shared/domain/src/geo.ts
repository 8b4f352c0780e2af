/**
 * Where a case is: a point (WGS84 latitude and longitude) and optionally an area, a small GeoJSON polygon. No PostGIS:
 * plain numeric columns and a JSON polygon, validated here, on both the API and anything else that writes cases.
 */

/** A GeoJSON Polygon: rings of [longitude, latitude] positions, the first ring the outline, any others holes. */
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

/** The bounds of an area polygon: what "small" means (a street, an estate, a district; not a region). */
export const AREA_POLYGON_LIMITS = {
  /** The outline and at most this many holes, in all. */
  maxRings: 5,
  /** Positions in one ring, the closing one included (a ring needs 4: a triangle closed). */
  maxRingPositions: 200,
  /** Positions in all rings together. */
  maxPositions: 500,
  /** The largest extent of the outline, in degrees of latitude and of longitude (about 55 km by 35 km in Poland). */
  maxExtentDegrees: 0.5,
} as const;

export type GeoPolygonProblem = 'type' | 'rings' | 'ring' | 'position' | 'range' | 'closed' | 'extent';

/** What is wrong with a polygon, or null when it is a valid, small GeoJSON polygon. Pure; never throws. */
export function geoPolygonProblem(polygon: unknown): GeoPolygonProblem | null {
  if (typeof polygon !== 'object' || polygon === null) return 'type';
  const { type, coordinates } = polygon as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon') return 'type';
  if (!Array.isArray(coordinates) || coordinates.length < 1 || coordinates.length > AREA_POLYGON_LIMITS.maxRings) return 'rings';
  let total = 0;
  for (const ring of coordinates as unknown[]) {
    if (!Array.isArray(ring) || ring.length < 4 || ring.length > AREA_POLYGON_LIMITS.maxRingPositions) return 'ring';
    total += ring.length;
    if (total > AREA_POLYGON_LIMITS.maxPositions) return 'ring';
    for (const position of ring as unknown[]) {
      if (!Array.isArray(position) || position.length !== 2 || !position.every((v) => typeof v === 'number' && Number.isFinite(v))) return 'position';
      const [lng, lat] = position as [number, number];
      if (lng < -180 || lng > 180 || lat < -90 || lat > 90) return 'range';
    }
    const first = ring[0] as [number, number];
    const last = ring[ring.length - 1] as [number, number];
    if (first[0] !== last[0] || first[1] !== last[1]) return 'closed';
  }
  const outline = coordinates[0] as [number, number][];
  const lngs = outline.map((p) => p[0]);
  const lats = outline.map((p) => p[1]);
  if (Math.max(...lngs) - Math.min(...lngs) > AREA_POLYGON_LIMITS.maxExtentDegrees) return 'extent';
  if (Math.max(...lats) - Math.min(...lats) > AREA_POLYGON_LIMITS.maxExtentDegrees) return 'extent';
  return null;
}

/** Latitude and longitude are given together or not at all. */
export function pointProblem(latitude: number | null | undefined, longitude: number | null | undefined): 'incomplete' | null {
  return (latitude === null || latitude === undefined) !== (longitude === null || longitude === undefined) ? 'incomplete' : null;
}

/**
 * Aggregates shown to analysts, who read counts over every case but no case itself: a group (an indicator summary's
 * group, a hotspot's cell and period) made of fewer cases than this is suppressed, its figures withheld.
 */
export const MIN_GROUP_SIZE = 5;

/** The hotspot grid: cells are squares of `cellSize` degrees, from the map's zoom or given, within these bounds. */
export const HOTSPOT_GRID = {
  minCellDegrees: 0.001,
  maxCellDegrees: 1,
  /** The most cells a request may span (bounds ÷ cell size), so that a wide view asks for a coarser grid. */
  maxCells: 40_000,
  /** The longest period a request may cover, in days. */
  maxDays: 3660,
} as const;

/** The cell size (degrees) for a web map's zoom level: a quarter of a 256-pixel tile's width (64 pixels), within the bounds. */
export function hotspotCellForZoom(zoom: number): number {
  const size = 360 / 2 ** zoom / 4;
  return Math.min(HOTSPOT_GRID.maxCellDegrees, Math.max(HOTSPOT_GRID.minCellDegrees, Number(size.toPrecision(2))));
}
