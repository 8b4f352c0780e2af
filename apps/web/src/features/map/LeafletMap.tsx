import type { FeatureCollection, Polygon } from 'geojson';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import districts from './districts.geo.json';
import type { MapCell, MapLabels, MapPoint, MapViewport } from './types';

// Leaflet itself, loaded only with this module (React.lazy from MapPage): no other page's chunk carries it.

export interface LeafletMapProps {
  points: MapPoint[];
  cells: MapCell[];
  /** A tile server's URL template; null: a plain background with the demo's district outlines. */
  tileUrl: string | null;
  tileAttribution: string;
  labels: MapLabels;
  onView: (view: MapViewport) => void;
  onOpenCase: (id: string) => void;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

function viewportOf(map: L.Map): MapViewport {
  const b = map.getBounds();
  return {
    bounds: {
      south: clamp(b.getSouth(), -90, 90),
      west: clamp(b.getWest(), -180, 180),
      north: clamp(b.getNorth(), -90, 90),
      east: clamp(b.getEast(), -180, 180),
    },
    zoom: map.getZoom(),
  };
}

/** The case markers' popup: reference, title and a link that the router follows (no page reload). */
function popupOf(point: MapPoint, labels: MapLabels, onOpenCase: (id: string) => void): HTMLElement {
  const box = document.createElement('div');
  const reference = document.createElement('strong');
  reference.textContent = point.reference;
  const title = document.createElement('div');
  title.textContent = point.title;
  const link = document.createElement('a');
  link.href = `/cases/${encodeURIComponent(point.id)}`;
  link.textContent = labels.openCase;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    onOpenCase(point.id);
  });
  box.append(reference, title, link);
  return box;
}

export default function LeafletMap({ points, cells, tileUrl, tileAttribution, labels, onView, onOpenCase }: LeafletMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const pointLayer = useRef<L.LayerGroup | null>(null);
  const cellLayer = useRef<L.LayerGroup | null>(null);
  const fitted = useRef(false);
  const handlers = useRef({ onView, onOpenCase, labels });
  handlers.current = { onView, onOpenCase, labels };

  useEffect(() => {
    if (!container.current) return;
    const created = L.map(container.current, { attributionControl: true });
    if (tileUrl) L.tileLayer(tileUrl, { attribution: tileAttribution, maxZoom: 19 }).addTo(created);
    const outlines = L.geoJSON(districts as FeatureCollection, {
      style: { color: '#364fc7', weight: 2, fillColor: '#4c6ef5', fillOpacity: 0.06 },
      interactive: false,
    }).addTo(created);
    // Each district's name above its outline, clear of the cases inside it.
    outlines.eachLayer((layer) => {
      const polygon = layer as L.Polygon;
      const name = (polygon.feature?.properties as { name?: string } | null)?.name;
      const bounds = polygon.getBounds();
      if (name) L.tooltip({ permanent: true, direction: 'top', className: 'cg-district-label' }).setLatLng([bounds.getNorth(), bounds.getCenter().lng]).setContent(name).addTo(created);
    });
    created.fitBounds(outlines.getBounds(), { paddingTopLeft: [16, 40], paddingBottomRight: [16, 16] });
    cellLayer.current = L.layerGroup().addTo(created);
    pointLayer.current = L.layerGroup().addTo(created);
    created.on('moveend', () => handlers.current.onView(viewportOf(created)));
    map.current = created;
    handlers.current.onView(viewportOf(created));
    return () => {
      created.remove();
      map.current = null;
    };
  }, [tileUrl, tileAttribution]);

  useEffect(() => {
    const layer = pointLayer.current;
    if (!layer || !map.current) return;
    layer.clearLayers();
    for (const point of points) {
      if (point.polygon) {
        L.geoJSON({ type: 'Polygon', coordinates: point.polygon.coordinates } as Polygon, { style: { color: '#c92a2a', weight: 1, fillOpacity: 0.15 }, interactive: false }).addTo(layer);
      }
      L.circleMarker([point.latitude, point.longitude], { radius: 9, color: '#fff', weight: 2, fillColor: '#c92a2a', fillOpacity: 0.9, className: 'cg-case-marker' })
        .bindPopup(() => popupOf(point, handlers.current.labels, handlers.current.onOpenCase))
        .bindTooltip(point.reference)
        .addTo(layer);
    }
    // Once, when the first cases arrive: show them all (with the districts) if some lie outside the outlines' view.
    if (!fitted.current && points.length > 0) {
      fitted.current = true;
      const bounds = L.latLngBounds(points.map((p) => [p.latitude, p.longitude] as [number, number]));
      if (!map.current.getBounds().contains(bounds)) map.current.fitBounds(bounds.extend(map.current.getBounds()), { padding: [16, 16] });
    }
  }, [points]);

  useEffect(() => {
    const layer = cellLayer.current;
    if (!layer) return;
    layer.clearLayers();
    const most = Math.max(1, ...cells.map((c) => (c.cases ?? 0) + (c.incidents ?? 0)));
    for (const cell of cells) {
      const weight = ((cell.cases ?? 0) + (cell.incidents ?? 0)) / most;
      L.rectangle(
        [
          [cell.south, cell.west],
          [cell.north, cell.east],
        ],
        cell.suppressed
          ? { color: '#868e96', weight: 1, dashArray: '4 3', fillColor: '#adb5bd', fillOpacity: 0.25, className: 'cg-hotspot-cell' }
          : { color: '#e8590c', weight: 1, fillColor: '#fd7e14', fillOpacity: 0.2 + 0.5 * weight, className: 'cg-hotspot-cell' },
      )
        .bindTooltip(handlers.current.labels.cell(cell))
        .addTo(layer);
    }
  }, [cells]);

  return <div ref={container} role="region" aria-label={labels.region} data-testid="case-map" style={{ height: '60vh', minHeight: 360, background: '#eef1f4', borderRadius: 4 }} />;
}
