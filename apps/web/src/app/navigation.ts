// The main navigation: one entry per feature page that people reach from the menu. Part 2's features add theirs here.
export interface NavItem {
  to: string;
  /** A key of the `common` namespace, or of a feature's own (`tasks:nav`). */
  label: string;
  end?: boolean;
  /**
   * Shown only to people with one of these roles (from `me.roles`). This decides whether the link is shown, never
   * access: the page asks the API, which refuses anyone else, and the page explains the refusal.
   */
  shownToRoles?: readonly string[];
}

export const NAVIGATION: NavItem[] = [
  { to: '/', label: 'nav.home', end: true },
  { to: '/cases', label: 'nav.cases' },
  { to: '/tasks', label: 'tasks:nav' },
  { to: '/workload', label: 'workload:nav' },
  { to: '/notifications', label: 'nav.notifications' },
  { to: '/profile', label: 'profile:nav' },
  { to: '/administration', label: 'admin:nav', shownToRoles: ['ADMIN', 'COORDINATOR'] },
];
