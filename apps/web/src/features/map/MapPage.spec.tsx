import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render, screen, within } from '@testing-library/react';
import { useEffect } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import { createI18n } from '../../i18n';
import { ViewerContext, type Viewer } from '../../lib';
import { theme } from '../../ui/theme';
import { CaseHotspotsQuery, CaseMapQuery, MapSettingsQuery } from './documents';
import type { LeafletMapProps } from './LeafletMap';
import { MapPage } from './MapPage';

const VIEW = { bounds: { south: 52.3, west: 20.8, north: 52.5, east: 21.1 }, zoom: 13 };

// Leaflet needs a real browser (the journey apps/web/e2e/map.e2e.ts draws it): here the map reports one view and lists
// what it was given to draw.
vi.mock('./LeafletMap', () => ({
  default: function FakeMap({ points, cells, tileUrl, onView }: LeafletMapProps) {
    useEffect(() => onView(VIEW), [onView]);
    return (
      <div data-testid="fake-map" data-tiles={tileUrl ?? 'none'}>
        {points.map((p) => (
          <span key={p.id} data-testid="marker">
            {p.reference}
          </span>
        ))}
        {cells.map((c) => (
          <span key={`${c.south}:${c.west}`} data-testid="cell">
            {c.suppressed ? 'withheld' : `${c.cases}/${c.incidents}`}
          </span>
        ))}
      </div>
    );
  },
}));

function viewer(roles: string[]): Viewer {
  return { id: 'u-1', displayName: 'K. Nowak', email: 'k@x.test', locale: 'en', roles, version: 1, organisation: { id: 'o-1', name: 'KPP', kind: 'POLICE_UNIT' } };
}

const settings: MockLink.MockedResponse = {
  request: { query: MapSettingsQuery },
  result: { data: { mapSettings: { __typename: 'MapSettings', tileUrl: null, tileAttribution: '' } } },
};

const point = (n: number) => ({
  __typename: 'CaseMapPoint',
  id: `c-${n}`,
  reference: `KPPLEG/2026/000${n}`,
  title: `Sprawa ${n}`,
  type: 'PUBLIC_NUISANCE',
  phase: 'RESPONSE',
  escalation: 'NORMAL',
  district: 'Piaski',
  latitude: 52.4 + n / 1000,
  longitude: 20.94,
  polygon: null,
});

const points: MockLink.MockedResponse = {
  request: { query: CaseMapQuery, variables: { filter: {}, limit: 1000 } },
  result: { data: { caseMap: { __typename: 'CaseMap', located: 2, unlocated: 1, truncated: false, points: [point(1), point(2)] } } },
};

const cell = (west: number, patch: Record<string, unknown>) => ({ __typename: 'HotspotCell', south: 52.4, west, north: 52.411, east: west + 0.011, period: null, ...patch });

const hotspots = (suppressedBelow: number | null, cells: unknown[]): MockLink.MockedResponse => ({
  request: { query: CaseHotspotsQuery, variables: { input: { bounds: VIEW.bounds, zoom: 13, period: 'ALL', filter: {} } } },
  result: { data: { caseHotspots: { __typename: 'CaseHotspots', cellSize: 0.011, suppressedBelow, truncated: false, cells } } },
});

function renderPage(mocks: MockLink.MockedResponse[], roles: string[], path = '/map') {
  return render(
    <MockedProvider mocks={mocks}>
      <I18nextProvider i18n={createI18n('en')}>
        <MantineProvider theme={theme} env="test">
          <ViewerContext.Provider value={viewer(roles)}>
            <MemoryRouter initialEntries={[path]}>
              <Routes>
                <Route path="/map" element={<MapPage />} />
              </Routes>
            </MemoryRouter>
          </ViewerContext.Provider>
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
}

// The first render loads the page's messages and the (fake) map's chunk: slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

describe('MapPage', () => {
  it('draws the cases the API answers, says how many have no point, and links each to its case', async () => {
    renderPage([settings, points], ['COORDINATOR']);
    expect(await screen.findByText('2 cases on the map; 1 without a point are not shown.', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect((await screen.findAllByTestId('marker')).map((m) => m.textContent)).toEqual(['KPPLEG/2026/0001', 'KPPLEG/2026/0002']);
    const list = screen.getByRole('list', { name: 'Cases on the map' });
    expect(within(list).getByRole('link', { name: 'KPPLEG/2026/0002' })).toHaveAttribute('href', '/cases/c-2');
    expect(screen.getByTestId('fake-map')).toHaveAttribute('data-tiles', 'none');
    expect(screen.getByText(/No map tiles are configured/)).toBeInTheDocument();
  });

  it('shows an analyst the hotspot grid only, with small cells withheld, and asks for no case', async () => {
    renderPage([settings, hotspots(5, [cell(20.93, { cases: 12, incidents: 30, suppressed: false }), cell(20.96, { cases: null, incidents: null, suppressed: true })])], ['ANALYST']);
    expect(await screen.findByText(/Your role reads no cases/, {}, { timeout: 10_000 })).toBeInTheDocument();
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(2).map((c) => c.textContent))).toEqual([['12', '30'], ['Withheld: fewer than 5 cases']]);
    expect(screen.getByText(/cells of fewer than 5 cases are withheld/)).toBeInTheDocument();
    expect(screen.getAllByTestId('cell').map((c) => c.textContent)).toEqual(['12/30', 'withheld']);
    expect(screen.queryByTestId('marker')).toBeNull();
    expect(screen.queryByRole('radiogroup')).toBeNull();
  });

  it("counts a coordinator's own cases in the hotspot layer, nothing withheld", async () => {
    renderPage([settings, points, hotspots(null, [cell(20.93, { cases: 2, incidents: 1, suppressed: false })])], ['COORDINATOR'], '/map?layer=hotspots');
    expect(await screen.findByText(/Counted over the cases and incidents you may read/, {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.getAllByTestId('cell').map((c) => c.textContent)).toEqual(['2/1']);
  });
});
