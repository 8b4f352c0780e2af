import { AREA_POLYGON_LIMITS, geoPolygonProblem, HOTSPOT_GRID, hotspotCellForZoom, pointProblem } from './geo';

const ring = (points: [number, number][]) => [...points, points[0]!];
const square = (w: number, s: number, size: number) => ring([[w, s], [w + size, s], [w + size, s + size], [w, s + size]]);

describe("a case's area polygon", () => {
  it('accepts a small closed GeoJSON polygon, with a hole', () => {
    expect(geoPolygonProblem({ type: 'Polygon', coordinates: [square(20.93, 52.4, 0.01)] })).toBeNull();
    expect(geoPolygonProblem({ type: 'Polygon', coordinates: [square(20.93, 52.4, 0.01), square(20.932, 52.402, 0.001)] })).toBeNull();
  });

  it.each([
    ['not an object', 'Polygon', 'type'],
    ['another geometry', { type: 'MultiPolygon', coordinates: [[square(20, 52, 0.01)]] }, 'type'],
    ['no ring', { type: 'Polygon', coordinates: [] }, 'rings'],
    ['too many rings', { type: 'Polygon', coordinates: Array.from({ length: AREA_POLYGON_LIMITS.maxRings + 1 }, () => square(20, 52, 0.01)) }, 'rings'],
    ['a ring of three positions', { type: 'Polygon', coordinates: [[[20, 52], [20.01, 52], [20, 52]]] }, 'ring'],
    ['a ring too long', { type: 'Polygon', coordinates: [ring(Array.from({ length: AREA_POLYGON_LIMITS.maxRingPositions }, (_, i) => [20 + i / 1e5, 52] as [number, number]))] }, 'ring'],
    ['a position of three numbers', { type: 'Polygon', coordinates: [[[20, 52, 1], [20.01, 52], [20.01, 52.01], [20, 52, 1]]] }, 'position'],
    ['a position that is not a number', { type: 'Polygon', coordinates: [[[20, 52], [20.01, Number.NaN], [20.01, 52.01], [20, 52]]] }, 'position'],
    ['a latitude beyond 90', { type: 'Polygon', coordinates: [square(20, 89.995, 0.01)] }, 'range'],
    ['a ring left open', { type: 'Polygon', coordinates: [[[20, 52], [20.01, 52], [20.01, 52.01], [20, 52.01]]] }, 'closed'],
    ['a polygon wider than the limit', { type: 'Polygon', coordinates: [square(20, 52, AREA_POLYGON_LIMITS.maxExtentDegrees + 0.01)] }, 'extent'],
  ])('refuses %s', (_label, polygon, problem) => {
    expect(geoPolygonProblem(polygon)).toBe(problem);
  });
});

describe("a case's point", () => {
  it('has both coordinates or neither', () => {
    expect(pointProblem(52.4, 20.9)).toBeNull();
    expect(pointProblem(undefined, null)).toBeNull();
    expect(pointProblem(52.4, undefined)).toBe('incomplete');
    expect(pointProblem(null, 20.9)).toBe('incomplete');
  });
});

describe('the hotspot grid', () => {
  it('halves the cell with every zoom level, within the bounds', () => {
    expect(hotspotCellForZoom(13)).toBe(0.011);
    expect(hotspotCellForZoom(12)).toBe(0.022);
    expect(hotspotCellForZoom(0)).toBe(HOTSPOT_GRID.maxCellDegrees);
    expect(hotspotCellForZoom(19)).toBe(HOTSPOT_GRID.minCellDegrees);
  });
});
