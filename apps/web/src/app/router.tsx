import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { Language } from '../i18n';
import { NotFound } from '../ui/NotFound';
import { RequireSession, Restoring } from './RequireSession';
import { SignInRoute } from './SignInRoute';

const SignedIn = lazy(() => import('./SignedIn'));

export interface LanguageHandlers {
  onLanguage: (language: Language) => void;
  onProfileLanguage: (language: Language) => void;
  language: () => string;
}

function SignedInFrame(props: LanguageHandlers) {
  const { t } = useTranslation();
  return (
    <RequireSession>
      <Suspense fallback={<Restoring label={t('loading')} />}>
        <SignedIn {...props} />
      </Suspense>
    </RequireSession>
  );
}

/**
 * Every page's address. The sign-in page needs only the shell; everything behind sign-in (the GraphQL client, the
 * layout) is one chunk, and each feature's pages another, loaded when first visited. Links in e-mails and
 * notifications use these paths: `/cases/<id>`, `/notifications`, `/notifications/preferences`.
 */
export function routes(handlers: LanguageHandlers): RouteObject[] {
  return [
    { path: '/signin', element: <SignInRoute onLanguage={handlers.onLanguage} /> },
    {
      path: '/',
      element: <SignedInFrame {...handlers} />,
      children: [
        { index: true, lazy: async () => ({ Component: (await import('../features/home')).HomePage }) },
        { path: 'cases', lazy: async () => ({ Component: (await import('../features/cases')).CaseListPage }) },
        { path: 'cases/new', lazy: async () => ({ Component: (await import('../features/cases')).OpenCasePage }) },
        { path: 'cases/:id', lazy: async () => ({ Component: (await import('../features/cases')).CasePage }) },
        { path: 'cases/:id/report', lazy: async () => ({ Component: (await import('../features/report')).CaseReportPage }) },
        { path: 'cases/:id/tasks', lazy: async () => ({ Component: (await import('../features/tasks')).CaseTasksPage }) },
        { path: 'cases/:id/indicators', lazy: async () => ({ Component: (await import('../features/indicators')).CaseIndicatorsPage }) },
        { path: 'indicators', lazy: async () => ({ Component: (await import('../features/indicators')).IndicatorSummaryPage }) },
        { path: 'tasks', lazy: async () => ({ Component: (await import('../features/tasks')).TasksPage }) },
        { path: 'tasks/:id', lazy: async () => ({ Component: (await import('../features/tasks')).TaskPage }) },
        { path: 'workload', lazy: async () => ({ Component: (await import('../features/workload')).WorkloadPage }) },
        { path: 'audit', lazy: async () => ({ Component: (await import('../features/audit')).AuditPage }) },
        { path: 'notifications', lazy: async () => ({ Component: (await import('../features/notifications')).NotificationsPage }) },
        { path: 'notifications/preferences', lazy: async () => ({ Component: (await import('../features/notifications')).PreferencesPage }) },
        { path: 'administration/*', lazy: async () => ({ Component: (await import('../features/admin')).AdminPage }) },
        { path: 'profile', lazy: async () => ({ Component: (await import('../features/profile')).ProfilePage }) },
        { path: '*', element: <NotFound /> },
      ],
    },
  ];
}

export function createRouter(handlers: LanguageHandlers) {
  return createBrowserRouter(routes(handlers));
}
