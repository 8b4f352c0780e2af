// The main navigation: one entry per feature page that people reach from the menu. Part 2's features add theirs here.
export interface NavItem {
  to: string;
  /** A key of the `common` namespace. */
  label: string;
  end?: boolean;
  /** Shown only to people with one of these roles (as the API reports them in `me.roles`); the page still handles a refusal. */
  roles?: string[];
}

export const NAVIGATION: NavItem[] = [
  { to: '/', label: 'nav.home', end: true },
  { to: '/cases', label: 'nav.cases' },
  // Opening a case (public bodies' coordinators; the API refuses anyone else).
  { to: '/cases/new', label: 'nav.openCase', roles: ['COORDINATOR'] },
  { to: '/tasks', label: 'nav.tasks' },
  { to: '/workload', label: 'nav.workload' },
  // The summary across cases: analysts (every case, small groups withheld) and coordinators (the cases they see).
  { to: '/indicators', label: 'nav.indicators', roles: ['ANALYST', 'COORDINATOR'] },
  // The map of cases and hotspots: those who read cases, and analysts (the hotspot grid only).
  { to: '/map', label: 'nav.map', roles: ['COORDINATOR', 'STAFF', 'PARTNER', 'ANALYST'] },
  { to: '/notifications', label: 'nav.notifications' },
  { to: '/audit', label: 'nav.audit', roles: ['AUDITOR'] },
  { to: '/profile', label: 'nav.profile' },
  // Whether the link is shown, never access: the API refuses anyone else and the page explains it.
  { to: '/administration', label: 'nav.administration', roles: ['ADMIN', 'COORDINATOR'] },
];
