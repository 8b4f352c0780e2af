// The bell is in the header of every page; the inbox and the preferences load as their own chunks when visited.
import { lazy } from 'react';

export { NotificationBell } from './NotificationBell';
export const NotificationsPage = lazy(() => import('./NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
export const PreferencesPage = lazy(() => import('./PreferencesPage').then((m) => ({ default: m.PreferencesPage })));
