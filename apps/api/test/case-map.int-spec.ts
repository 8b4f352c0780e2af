import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { errorCode, type GqlResponse, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const MAP = `query($filter: CaseFilter, $bounds: MapBoundsInput, $limit: Int) {
  caseMap(filter: $filter, bounds: $bounds, limit: $limit) { located unlocated truncated points { id reference title latitude longitude district polygon { type coordinates } } }
}`;
const HOTSPOTS = `query($input: CaseHotspotsInput!) {
  caseHotspots(input: $input) { cellSize suppressedBelow truncated cells { south west north east period cases incidents suppressed } }
}`;
const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id version area { latitude longitude polygon { type coordinates } } } }`;
const UPDATE = `mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id version area { latitude longitude polygon { coordinates } } } }`;

interface MapData {
  caseMap: { located: number; unlocated: number; truncated: boolean; points: { id: string; title: string; district: string; polygon: { coordinates: number[][][] } | null }[] };
}
interface Cell {
  south: number;
  west: number;
  north: number;
  east: number;
  period: string | null;
  cases: number | null;
  incidents: number | null;
  suppressed: boolean;
}
interface HotspotData {
  caseHotspots: { cellSize: number; suppressedBelow: number | null; truncated: boolean; cells: Cell[] };
}

const LEGIONOWO = { south: 52.3, west: 20.8, north: 52.5, east: 21.0 };
/** Cells of 0.1°: the lead's cases (52.40…, 20.93…) fall in one cell, the foreign ones (52.38, 20.81) in another. */
const GRID = { bounds: LEGIONOWO, cellSize: 0.1 };
const reasonOf = (response: GqlResponse<unknown>) => response.errors?.[0]?.extensions?.reason;
const cellAt = (cells: Cell[], lat: number, lng: number) => cells.find((c) => c.south <= lat && lat < c.north && c.west <= lng && lng < c.east);

describe('the map and its hotspots', () => {
  let api: TestApp;
  let lead: OrganisationEntity;
  let coordinator: string;
  let partner: string;
  let analyst: string;
  let auditor: string;
  let foreigner: string;

  beforeAll(async () => {
    api = await startApi();
    lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT, code: 'MAPA' });
    const ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    const foreign = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT, code: 'OBCA' });
    const lonely = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    await api.fixtures.agreement(lead, ngo);
    const leadCoordinator = await api.fixtures.user(lead, [Role.COORDINATOR]);
    const foreignCoordinator = await api.fixtures.user(foreign, [Role.COORDINATOR]);
    coordinator = (await api.login(leadCoordinator.email)).accessToken;
    foreigner = (await api.login(foreignCoordinator.email)).accessToken;
    partner = (await api.signedIn(ngo, [Role.PARTNER])).token;
    analyst = (await api.signedIn(lonely, [Role.ANALYST])).token;
    auditor = (await api.signedIn(lonely, [Role.AUDITOR])).token;
    // 12 located cases of the lead in Legionowo (every other one shared with the NGO), one without a point; 3 foreign
    // cases in another cell. Each case: two AGENCIES incidents and one PARTNERS incident.
    const insert = `INSERT INTO cases (reference, title, type, district, latitude, longitude, lead_organisation_id, coordinator_id, created_at)
       SELECT $3::text || g, $4::text || g, 'PUBLIC_NUISANCE', CASE WHEN g % 3 = 0 THEN 'Piaski' ELSE 'Centrum' END,
              CASE WHEN $5::boolean THEN $6::float8 + g * 0.001 END, CASE WHEN $5::boolean THEN $7::float8 + g * 0.001 END,
              $1, $2, timestamptz '2026-03-10 12:00+01' + make_interval(days => g * 5)
         FROM generate_series(1, $8::int) g`;
    await api.dataSource.query(insert, [lead.id, leadCoordinator.id, 'MAPA/2026/', 'Sprawa na mapie ', true, 52.4, 20.93, 12]);
    await api.dataSource.query(insert, [lead.id, leadCoordinator.id, 'MAPA/2026/X', 'Sprawa bez punktu ', false, 0, 0, 1]);
    await api.dataSource.query(insert, [foreign.id, foreignCoordinator.id, 'OBCA/2026/', 'Sprawa obca ', true, 52.38, 20.81, 3]);
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) SELECT id, lead_organisation_id, 'LEAD' FROM cases`);
    await api.dataSource.query(
      `INSERT INTO case_participants (case_id, organisation_id, role)
       SELECT id, $2::uuid, 'PARTNER' FROM cases WHERE lead_organisation_id = $1 AND title LIKE 'Sprawa na mapie %' AND substring(title from 17)::int % 2 = 0`,
      [lead.id, ngo.id],
    );
    await api.dataSource.query(
      `INSERT INTO case_updates (case_id, kind, visibility, body, created_at)
       SELECT c.id, 'INCIDENT', v::case_update_visibility, 'zdarzenie', c.created_at + interval '1 day'
         FROM cases c CROSS JOIN unnest(ARRAY['AGENCIES','AGENCIES','PARTNERS']) v`,
    );
    await api.dataSource.query(`INSERT INTO case_updates (case_id, kind, visibility, body) SELECT c.id, 'NOTE', 'PARTNERS', 'notatka' FROM cases c`);
  });
  afterAll(async () => {
    await api.stop();
  });

  describe('the located cases (caseMap)', () => {
    it('shows a coordinator the located cases of its organisation only, and counts those without a point', async () => {
      const response = await api.gql<MapData>(MAP, {}, { token: coordinator });
      expect(response.errors).toBeUndefined();
      const map = response.data!.caseMap;
      expect(map.points.map((p) => p.title).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Sprawa na mapie ${i + 1}`).sort());
      expect(map).toMatchObject({ located: 12, unlocated: 1, truncated: false });
      const foreign = await api.gql<MapData>(MAP, {}, { token: foreigner });
      expect(foreign.data!.caseMap.points.map((p) => p.title).sort()).toEqual(['Sprawa obca 1', 'Sprawa obca 2', 'Sprawa obca 3']);
    });

    it('shows an NGO partner only the cases its organisation takes part in', async () => {
      const map = (await api.gql<MapData>(MAP, {}, { token: partner })).data!.caseMap;
      expect(map.points.map((p) => p.title).sort()).toEqual(['Sprawa na mapie 10', 'Sprawa na mapie 12', 'Sprawa na mapie 2', 'Sprawa na mapie 4', 'Sprawa na mapie 6', 'Sprawa na mapie 8']);
      expect(map.located).toBe(6);
    });

    it('applies the filters of the case list and the bounds', async () => {
      const piaski = (await api.gql<MapData>(MAP, { filter: { district: 'piaski' } }, { token: coordinator })).data!.caseMap;
      expect(piaski.points.map((p) => p.title).sort()).toEqual(['Sprawa na mapie 12', 'Sprawa na mapie 3', 'Sprawa na mapie 6', 'Sprawa na mapie 9']);
      const searched = (await api.gql<MapData>(MAP, { filter: { search: 'mapie' } }, { token: coordinator })).data!.caseMap;
      expect(searched.located).toBe(12);
      const bounded = (await api.gql<MapData>(MAP, { bounds: { south: 52.4, west: 20.93, north: 52.4035, east: 20.9335 } }, { token: coordinator })).data!.caseMap;
      expect(bounded.points.map((p) => p.title).sort()).toEqual(['Sprawa na mapie 1', 'Sprawa na mapie 2', 'Sprawa na mapie 3']);
      expect(bounded.located).toBe(3);
    });

    it('says when more cases match than the limit, in the same two statements whatever the limit (no N+1)', async () => {
      const small = await api.countQueries(() => api.gql<MapData>(MAP, { limit: 2 }, { token: coordinator }));
      const large = await api.countQueries(() => api.gql<MapData>(MAP, { limit: 1000 }, { token: coordinator }));
      expect(small.result.data!.caseMap).toMatchObject({ truncated: true, located: 12 });
      expect(small.result.data!.caseMap.points).toHaveLength(2);
      expect(large.result.data!.caseMap.points).toHaveLength(12);
      expect(large.count).toBe(small.count);
    });

    it('refuses analysts and auditors, who read no case (FORBIDDEN), and anyone signed out', async () => {
      expect(errorCode(await api.gql(MAP, {}, { token: analyst }))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(MAP, {}, { token: auditor }))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(MAP, {}))).toBe('UNAUTHENTICATED');
    });
  });

  describe('the hotspot grid (caseHotspots)', () => {
    it('counts for a coordinator the cases and incidents it may read, with nothing suppressed', async () => {
      const response = await api.gql<HotspotData>(HOTSPOTS, { input: GRID }, { token: coordinator });
      expect(response.errors).toBeUndefined();
      const grid = response.data!.caseHotspots;
      expect(grid).toMatchObject({ cellSize: 0.1, suppressedBelow: null, truncated: false });
      expect(grid.cells).toEqual([{ south: 52.4, west: 20.9, north: 52.5, east: 21, period: null, cases: 12, incidents: 36, suppressed: false }]);
    });

    it('counts for an NGO partner its cases and only the incidents it may read (PARTNERS, not AGENCIES)', async () => {
      const grid = (await api.gql<HotspotData>(HOTSPOTS, { input: GRID }, { token: partner })).data!.caseHotspots;
      expect(grid.cells).toEqual([expect.objectContaining({ cases: 6, incidents: 6, suppressed: false })]);
    });

    it('counts every case for an analyst and suppresses a cell of fewer than five cases', async () => {
      const grid = (await api.gql<HotspotData>(HOTSPOTS, { input: GRID }, { token: analyst })).data!.caseHotspots;
      expect(grid.suppressedBelow).toBe(5);
      expect(cellAt(grid.cells, 52.405, 20.935)).toMatchObject({ cases: 12, incidents: 36, suppressed: false });
      expect(cellAt(grid.cells, 52.381, 20.811)).toEqual(expect.objectContaining({ cases: null, incidents: null, suppressed: true }));
      expect(grid.cells).toHaveLength(2);
    });

    it('counts the same over a wide view, where an analyst\'s incidents are counted case by case from the index first', async () => {
      const wide = { bounds: { south: 49, west: 14, north: 55, east: 24.5 }, cellSize: 0.1 };
      for (const token of [analyst, coordinator]) {
        const narrow = (await api.gql<HotspotData>(HOTSPOTS, { input: { ...GRID, period: 'MONTH' } }, { token })).data!.caseHotspots.cells;
        const response = await api.gql<HotspotData>(HOTSPOTS, { input: { ...wide, period: 'MONTH' } }, { token });
        expect(response.errors).toBeUndefined();
        expect(response.data!.caseHotspots.cells).toEqual(narrow);
      }
    });

    it('splits by period and keeps to the days asked for, with the filters of the case list', async () => {
      // Cases are opened every 5 days from 15 March 2026 (case 1) to 10 May (case 12); incidents a day later.
      const months = (await api.gql<HotspotData>(HOTSPOTS, { input: { ...GRID, period: 'MONTH' } }, { token: coordinator })).data!.caseHotspots;
      expect(months.cells.map((c) => [c.period, c.cases])).toEqual([['2026-03', 4], ['2026-04', 6], ['2026-05', 2]]);
      const april = (await api.gql<HotspotData>(HOTSPOTS, { input: { ...GRID, from: '2026-04-01', to: '2026-04-30' } }, { token: coordinator })).data!.caseHotspots;
      expect(april.cells).toEqual([expect.objectContaining({ cases: 6, incidents: 18 })]);
      const piaski = (await api.gql<HotspotData>(HOTSPOTS, { input: { ...GRID, filter: { district: 'Piaski' } } }, { token: analyst })).data!.caseHotspots;
      // Piaski holds 4 of the lead's cases and 1 foreign one: two cells, each of fewer than five cases.
      expect(piaski.cells).toHaveLength(2);
      expect(piaski.cells.every((c) => c.suppressed && c.cases === null && c.incidents === null)).toBe(true);
    });

    it('chooses the cell size from the zoom', async () => {
      const grid = (await api.gql<HotspotData>(HOTSPOTS, { input: { bounds: LEGIONOWO, zoom: 13 } }, { token: coordinator })).data!.caseHotspots;
      expect(grid.cellSize).toBe(0.011);
      expect(grid.cells.reduce((n, c) => n + (c.cases ?? 0), 0)).toBe(12);
    });

    it.each([
      ['south above north', { bounds: { ...LEGIONOWO, south: 52.6 }, cellSize: 0.1 }, 'HOTSPOT_BOUNDS'],
      ['a latitude out of range', { bounds: { ...LEGIONOWO, north: 95 }, cellSize: 0.1 }, 'INPUT_INVALID'],
      ['a cell too large', { bounds: LEGIONOWO, cellSize: 5 }, 'HOTSPOT_CELL_SIZE'],
      ['a cell too small', { bounds: LEGIONOWO, cellSize: 0.0001 }, 'HOTSPOT_CELL_SIZE'],
      ['too many cells', { bounds: { south: -80, west: -170, north: 80, east: 170 }, cellSize: 0.01 }, 'HOTSPOT_TOO_MANY_CELLS'],
      ['a period ending before it starts', { ...GRID, from: '2026-05-01', to: '2026-04-01' }, 'HOTSPOT_PERIOD'],
      ['a zoom out of range', { bounds: LEGIONOWO, zoom: 40 }, 'INPUT_INVALID'],
    ])('refuses %s (BAD_USER_INPUT)', async (_label, input, reason) => {
      const response = await api.gql(HOTSPOTS, { input }, { token: coordinator });
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(reasonOf(response)).toBe(reason);
    });

    it('refuses auditors and administrators (FORBIDDEN)', async () => {
      expect(errorCode(await api.gql(HOTSPOTS, { input: GRID }, { token: auditor }))).toBe('FORBIDDEN');
      const admin = (await api.signedIn(lead, [Role.ADMIN])).token;
      expect(errorCode(await api.gql(HOTSPOTS, { input: GRID }, { token: admin }))).toBe('FORBIDDEN');
    });
  });

  describe("a case's point and area", () => {
    const polygon = { type: 'Polygon', coordinates: [[[20.93, 52.4], [20.935, 52.4], [20.935, 52.403], [20.93, 52.403], [20.93, 52.4]]] };
    const input = (area: Record<string, unknown>) => ({ title: 'Sprawa z obszarem', type: 'PUBLIC_NUISANCE', area: { district: 'Centrum', ...area }, diagnosis: { what: 'hałas' } });
    const count = async () => Number((await api.dataSource.query(`SELECT count(*) AS n FROM cases`))[0].n);

    it('is set when the case is opened, audited, and shown on the map', async () => {
      const opened = await api.gql<{ openCase: { id: string; version: number; area: { latitude: number; polygon: unknown } } }>(
        OPEN,
        { input: input({ latitude: 52.401, longitude: 20.932, polygon }) },
        { token: coordinator },
      );
      expect(opened.errors).toBeUndefined();
      expect(opened.data!.openCase.area).toEqual({ latitude: 52.401, longitude: 20.932, polygon });
      const [audit] = await api.dataSource.query(`SELECT changes FROM audit_events WHERE action = 'case.open' AND entity_id = $1`, [opened.data!.openCase.id]);
      expect(audit.changes.areaPolygon).toEqual({ before: null, after: polygon });
      const map = (await api.gql<MapData>(MAP, {}, { token: coordinator })).data!.caseMap;
      expect(map.points.find((p) => p.id === opened.data!.openCase.id)?.polygon?.coordinates).toEqual(polygon.coordinates);
    });

    it('is changed with the version read (a stale one is CONFLICT), and audited', async () => {
      const opened = (await api.gql<{ openCase: { id: string; version: number } }>(OPEN, { input: input({ latitude: 52.41, longitude: 20.94 }) }, { token: coordinator })).data!.openCase;
      const moved = await api.gql<{ updateCase: { version: number; area: { latitude: number; polygon: unknown } } }>(
        UPDATE,
        { input: { id: opened.id, version: opened.version, area: { district: 'Piaski', latitude: 52.402, longitude: 20.931, polygon } } },
        { token: coordinator },
      );
      expect(moved.errors).toBeUndefined();
      expect(moved.data!.updateCase.area).toEqual({ latitude: 52.402, longitude: 20.931, polygon: { coordinates: polygon.coordinates } });
      const [audit] = await api.dataSource.query(`SELECT changes FROM audit_events WHERE action = 'case.update' AND entity_id = $1`, [opened.id]);
      expect(audit.changes).toMatchObject({ latitude: { before: 52.41, after: 52.402 }, areaPolygon: { before: null, after: polygon } });
      const stale = await api.gql(UPDATE, { input: { id: opened.id, version: opened.version, area: { district: 'Piaski' } } }, { token: coordinator });
      expect(errorCode(stale)).toBe('CONFLICT');
    });

    it.each([
      ['a point without its longitude', { latitude: 52.4 }, 'CASE_POINT_INCOMPLETE'],
      ['a ring that is not closed', { latitude: 52.4, longitude: 20.93, polygon: { type: 'Polygon', coordinates: [[[20.93, 52.4], [20.935, 52.4], [20.935, 52.403], [20.93, 52.403]]] } }, 'CASE_AREA_POLYGON'],
      ['a polygon too large', { polygon: { type: 'Polygon', coordinates: [[[19, 52], [21, 52], [21, 53], [19, 52]]] } }, 'CASE_AREA_POLYGON'],
      ['a position out of range', { polygon: { type: 'Polygon', coordinates: [[[200, 52], [200.1, 52], [200.1, 52.1], [200, 52]]] } }, 'CASE_AREA_POLYGON'],
      ['not a polygon', { polygon: { type: 'LineString', coordinates: [[[20.93, 52.4], [20.935, 52.4], [20.935, 52.403], [20.93, 52.4]]] } }, 'CASE_AREA_POLYGON'],
      ['a latitude out of range', { latitude: 123, longitude: 20 }, 'INPUT_INVALID'],
    ])('refuses %s, writing nothing (BAD_USER_INPUT)', async (_label, area, reason) => {
      const before = await count();
      const response = await api.gql(OPEN, { input: input(area) }, { token: coordinator });
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(reasonOf(response)).toBe(reason);
      expect(await count()).toBe(before);
    });
  });
});
