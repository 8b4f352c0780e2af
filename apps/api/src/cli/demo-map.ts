import type { EntityManager } from 'typeorm';
import type { GeoPolygon } from '@cg/shared/domain';
import { execute, sql } from '@cg/server/db';
import { DEMO_CASES } from './demo-cases';

/**
 * The demo on the map (issue 16): an area polygon for each demo case, drawn around its point, and the centres of the
 * demo's districts, whose schematic outlines the web app ships (apps/web/src/features/map/districts.geo.json):
 * a demo case without a point of its own is put at its district's centre, so that every demo case is on the map.
 */

/** A small square area (about 2 × `half` degrees of latitude across) around a point, closed as GeoJSON wants. */
export function squareAround(latitude: number, longitude: number, half = 0.0012): GeoPolygon {
  const w = Number((longitude - half * 1.6).toFixed(6));
  const e = Number((longitude + half * 1.6).toFixed(6));
  const s = Number((latitude - half).toFixed(6));
  const n = Number((latitude + half).toFixed(6));
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

/** The area of each demo case, by title: the block, street or square where the problem is. */
export const DEMO_CASE_AREAS: { title: string; polygon: GeoPolygon }[] = DEMO_CASES.map((demo) => ({
  title: demo.title,
  polygon: squareAround(demo.latitude, demo.longitude),
}));

/** The centre of each district of the demo's outlines (latitude, longitude). */
export const DEMO_DISTRICT_CENTRES: { district: string; latitude: number; longitude: number }[] = [
  { district: 'Centrum', latitude: 52.4015, longitude: 20.925 },
  { district: 'Piaski', latitude: 52.4045, longitude: 20.943 },
  { district: 'Osiedle Młodych', latitude: 52.394, longitude: 20.955 },
  { district: 'Jabłonna', latitude: 52.379, longitude: 20.91 },
];

/** Gives the demo cases their areas, and a point to any demo case that has none. Idempotent. */
export async function seedDemoMap(manager: EntityManager): Promise<void> {
  for (const area of DEMO_CASE_AREAS) {
    await execute(manager, sql`UPDATE cases SET area_polygon = ${JSON.stringify(area.polygon)}::jsonb WHERE title = ${area.title} AND area_polygon IS NULL`);
  }
  const centre = DEMO_DISTRICT_CENTRES.find((d) => d.district === 'Centrum')!;
  await execute(
    manager,
    sql`UPDATE cases c SET latitude = coalesce(d.latitude, ${centre.latitude}), longitude = coalesce(d.longitude, ${centre.longitude})
        FROM cases k LEFT JOIN unnest(${DEMO_DISTRICT_CENTRES.map((d) => d.district)}::text[], ${DEMO_DISTRICT_CENTRES.map((d) => d.latitude)}::float8[], ${DEMO_DISTRICT_CENTRES.map((d) => d.longitude)}::float8[]) AS d(district, latitude, longitude)
          ON lower(d.district) = lower(k.district)
        WHERE c.id = k.id AND (c.latitude IS NULL OR c.longitude IS NULL)`,
  );
}
