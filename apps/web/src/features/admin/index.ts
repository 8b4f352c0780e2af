// Administration: organisations, users, partnership agreements and webhooks, as far as the API lets the viewer.
export { AdminPage } from './AdminPage';
