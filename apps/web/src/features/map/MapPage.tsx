import { Alert, Anchor, Group, Loader, NativeSelect, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CaseFilters, filterOf, readView, writeView, type CaseListView } from '../cases';
import { problemOf, useViewer } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ScrollTable } from '../../ui/ScrollTable';
import { useFormat } from '../../ui/format';
import { usePageTitle } from '../../ui/usePageTitle';
import { CaseHotspotsQuery, CaseMapQuery, MapSettingsQuery, PERIODS } from './documents';
import type { HotspotPeriod } from './gql/graphql';
import type { MapCell, MapViewport } from './types';

// Leaflet and its styles come with this chunk only, loaded when the page first draws the map.
const LeafletMap = lazy(() => import('./LeafletMap'));

/** The roles that read cases; anyone else (an analyst) sees the hotspot grid only. */
const CASE_READERS = ['COORDINATOR', 'STAFF', 'PARTNER'];

type Layer = 'cases' | 'hotspots';

/**
 * The cases on a map, with the filters of the case list, and the hotspot grid (cases and incidents per cell and
 * period). The API decides what is shown: the cases the viewer may read, counts of every case with small cells
 * withheld for analysts. The address holds the filters, the layer and the period.
 */
export function MapPage() {
  const { t } = useTranslation('map');
  const format = useFormat();
  usePageTitle(t('title'));
  const navigate = useNavigate();
  const viewer = useViewer();
  const readsCases = viewer?.roles.some((role) => CASE_READERS.includes(role)) ?? false;
  const [params, setParams] = useSearchParams();
  const view = readView(params);
  const layer: Layer = params.get('layer') === 'hotspots' || !readsCases ? 'hotspots' : 'cases';
  const period = (PERIODS as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as HotspotPeriod) : 'ALL';
  const [viewport, setViewport] = useState<MapViewport | null>(null);
  const [shownPeriod, setShownPeriod] = useState<string>('');

  const update = (next: CaseListView, changes: Record<string, string | null> = {}) => {
    const out = writeView({ ...next, after: [] });
    out.delete('sort');
    const merged: Record<string, string | null> = { layer: layer === 'hotspots' && readsCases ? 'hotspots' : null, period: period === 'ALL' ? null : period, ...changes };
    for (const [key, value] of Object.entries(merged)) if (value) out.set(key, value);
    setParams(out);
  };
  const filter = filterOf(view);

  const settings = useQuery(MapSettingsQuery, { fetchPolicy: 'cache-first' });
  const points = useQuery(CaseMapQuery, { variables: { filter, limit: 1000 }, skip: !readsCases });
  const hotspots = useQuery(CaseHotspotsQuery, {
    variables: viewport ? { input: { bounds: viewport.bounds, zoom: Math.round(viewport.zoom), period, filter } } : { input: { bounds: { south: 0, west: 0, north: 1, east: 1 } } },
    skip: layer !== 'hotspots' || !viewport,
  });

  const map = points.data?.caseMap;
  const grid = layer === 'hotspots' ? hotspots.data?.caseHotspots : undefined;
  const periods = useMemo(() => [...new Set((grid?.cells ?? []).map((c) => c.period ?? ''))], [grid]);
  const drawnPeriod = periods.includes(shownPeriod) ? shownPeriod : (periods[0] ?? '');
  const drawnCells: MapCell[] = (grid?.cells ?? []).filter((c) => (c.period ?? '') === drawnPeriod);
  const problem = problemOf(points.error) ?? problemOf(hotspots.error) ?? problemOf(settings.error);

  const cellText = (cell: MapCell) =>
    cell.suppressed ? t('hotspots.withheld', { n: grid?.suppressedBelow ?? 0 }) : t('hotspots.counts', { cases: format.number(cell.cases ?? 0), incidents: format.number(cell.incidents ?? 0) });

  return (
    <Stack gap="md">
      <Title order={1}>{t('title')}</Title>
      <CaseFilters view={view} onChange={(next) => update(next)} compact fieldErrors={problem?.code === 'BAD_USER_INPUT' ? problem.fields : undefined} />
      <Group gap="md" align="flex-end">
        {readsCases && (
          <SegmentedControl
            aria-label={t('layer.label')}
            value={layer}
            onChange={(value) => update(view, { layer: value === 'hotspots' ? 'hotspots' : null })}
            data={[
              { value: 'cases', label: t('layer.cases') },
              { value: 'hotspots', label: t('layer.hotspots') },
            ]}
          />
        )}
        {layer === 'hotspots' && (
          <NativeSelect
            label={t('hotspots.period')}
            data={PERIODS.map((value) => ({ value, label: t(`period.${value}`) }))}
            value={period}
            onChange={(event) => update(view, { period: event.currentTarget.value === 'ALL' ? null : event.currentTarget.value })}
          />
        )}
        {layer === 'hotspots' && periods.length > 1 && (
          <NativeSelect label={t('hotspots.shown')} data={periods.map((value) => ({ value, label: value }))} value={drawnPeriod} onChange={(event) => setShownPeriod(event.currentTarget.value)} />
        )}
      </Group>

      {problem && <ErrorAlert problem={problem} onRetry={() => void (layer === 'hotspots' ? hotspots.refetch() : points.refetch())} />}
      {!readsCases && <Alert color="gray">{t('analystNote')}</Alert>}
      {!settings.loading && !settings.data?.mapSettings.tileUrl && (
        <Text size="sm" c="dimmed">
          {t('noTiles')}
        </Text>
      )}

      <Suspense
        fallback={
          <Group gap="xs" role="status">
            <Loader size="sm" aria-hidden />
            <Text size="sm">{t('loading')}</Text>
          </Group>
        }
      >
        {!settings.loading && (
          <LeafletMap
            points={layer === 'cases' ? (map?.points ?? []) : []}
            cells={drawnCells}
            tileUrl={settings.data?.mapSettings.tileUrl ?? null}
            tileAttribution={settings.data?.mapSettings.tileAttribution ?? ''}
            labels={{ openCase: t('openCase'), region: t('region'), cell: cellText }}
            onView={setViewport}
            onOpenCase={(id) => void navigate(`/cases/${id}`)}
          />
        )}
      </Suspense>

      {layer === 'cases' && map && (
        <Stack gap="xs">
          <Text size="sm" aria-live="polite" data-testid="case-map-summary">
            {t('summary', { located: format.number(map.located), unlocated: format.number(map.unlocated) })}
            {map.truncated && ` ${t('truncated', { n: format.number(map.points.length) })}`}
          </Text>
          <ul aria-label={t('listLabel')} style={{ margin: 0, paddingLeft: '1.2em' }}>
            {map.points.map((point) => (
              <li key={point.id}>
                <Anchor component={Link} to={`/cases/${point.id}`} size="sm">
                  {point.reference}
                </Anchor>{' '}
                <Text span size="sm">
                  {point.title} · {point.district}
                </Text>
              </li>
            ))}
          </ul>
        </Stack>
      )}

      {layer === 'hotspots' && grid && (
        <Stack gap="xs">
          <Text size="sm" aria-live="polite">
            {grid.suppressedBelow !== null ? t('hotspots.suppressionNote', { n: grid.suppressedBelow }) : t('hotspots.ownNote')}{' '}
            {t('hotspots.cellSize', { size: format.number(grid.cellSize) })}
          </Text>
          {grid.cells.length === 0 ? (
            <Text size="sm">{t('hotspots.empty')}</Text>
          ) : (
            <ScrollTable minWidth={520} label={t('hotspots.table')}>
              <Table striped data-testid="hotspot-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('hotspots.columns.period')}</Table.Th>
                    <Table.Th>{t('hotspots.columns.cell')}</Table.Th>
                    <Table.Th>{t('hotspots.columns.cases')}</Table.Th>
                    <Table.Th>{t('hotspots.columns.incidents')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {grid.cells.map((cell) => (
                    <Table.Tr key={`${cell.period ?? ''}:${cell.south}:${cell.west}`}>
                      <Table.Td>{cell.period ?? t('period.ALL')}</Table.Td>
                      <Table.Td>
                        {format.number(cell.south)}–{format.number(cell.north)}° N, {format.number(cell.west)}–{format.number(cell.east)}° E
                      </Table.Td>
                      {cell.suppressed ? (
                        <Table.Td colSpan={2}>{t('hotspots.withheld', { n: grid.suppressedBelow ?? 0 })}</Table.Td>
                      ) : (
                        <>
                          <Table.Td>{format.number(cell.cases ?? 0)}</Table.Td>
                          <Table.Td>{format.number(cell.incidents ?? 0)}</Table.Td>
                        </>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
        </Stack>
      )}
    </Stack>
  );
}
