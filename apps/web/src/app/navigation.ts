// The main navigation: one entry per feature page that people reach from the menu. Part 2's features add theirs here.
export interface NavItem {
  to: string;
  /** A key of the `common` namespace. */
  label: string;
  end?: boolean;
}

export const NAVIGATION: NavItem[] = [
  { to: '/', label: 'nav.home', end: true },
  { to: '/cases', label: 'nav.cases' },
  { to: '/tasks', label: 'nav.tasks' },
  { to: '/workload', label: 'nav.workload' },
  { to: '/notifications', label: 'nav.notifications' },
];
