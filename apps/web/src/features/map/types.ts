/** What the map draws, independent of GraphQL's generated types (the Leaflet chunk imports no document). */
export interface MapPoint {
  id: string;
  reference: string;
  title: string;
  latitude: number;
  longitude: number;
  polygon: { type: string; coordinates: number[][][] } | null;
}

export interface MapCell {
  south: number;
  west: number;
  north: number;
  east: number;
  cases: number | null;
  incidents: number | null;
  suppressed: boolean;
}

export interface MapViewport {
  bounds: { south: number; west: number; north: number; east: number };
  zoom: number;
}

export interface MapLabels {
  openCase: string;
  cell: (cell: MapCell) => string;
  region: string;
}
