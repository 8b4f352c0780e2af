// The map of cases and the hotspot grid (Leaflet, loaded with this page only).
export { MapPage } from './MapPage';
