import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { geoPolygonProblem } from '@cg/shared/domain';
import { DEMO_CASES } from './demo-cases';
import { DEMO_CASE_AREAS, DEMO_DISTRICT_CENTRES } from './demo-map';

/** The outlines the web app ships with the demo. */
const DISTRICTS = JSON.parse(readFileSync(join(__dirname, '../../../web/src/features/map/districts.geo.json'), 'utf8')) as {
  features: { properties: { name: string }; geometry: { type: string; coordinates: number[][][] } }[];
};

/** Ray casting: whether [lng, lat] lies inside the ring. */
function inside(lng: number, lat: number, ring: number[][]): boolean {
  let within = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) within = !within;
  }
  return within;
}

const districtOf = (lat: number, lng: number) => DISTRICTS.features.find((f) => inside(lng, lat, f.geometry.coordinates[0]!))?.properties.name;

describe('the demo on the map', () => {
  it('ships valid, small outlines of the districts', () => {
    expect(DISTRICTS.features.length).toBeGreaterThan(0);
    for (const feature of DISTRICTS.features) expect({ name: feature.properties.name, problem: geoPolygonProblem(feature.geometry) }).toEqual({ name: feature.properties.name, problem: null });
  });

  it.each(DEMO_CASES.map((demo) => [demo.title, demo] as const))('puts the case %s inside the outline of its district', (_title, demo) => {
    expect(districtOf(demo.latitude, demo.longitude)).toBe(demo.district);
  });

  it('gives every demo case a valid area around its point, and every district a centre inside its outline', () => {
    expect(DEMO_CASE_AREAS.map((a) => a.title)).toEqual(DEMO_CASES.map((d) => d.title));
    for (const area of DEMO_CASE_AREAS) expect(geoPolygonProblem(area.polygon)).toBeNull();
    for (const centre of DEMO_DISTRICT_CENTRES) expect(districtOf(centre.latitude, centre.longitude)).toBe(centre.district);
  });
});
