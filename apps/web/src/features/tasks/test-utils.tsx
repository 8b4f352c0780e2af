import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { createI18n, type Language } from '../../i18n';
import { ViewerContext, type Viewer } from '../../lib';
import { theme } from '../../ui/theme';

export const POLICE = { __typename: 'Organisation' as const, id: '0b0b0b0b-0000-4000-8000-000000000001', name: 'KPP Legionowo' };
export const NGO = { __typename: 'Organisation' as const, id: '0b0b0b0b-0000-4000-8000-000000000002', name: 'Piaski Sąsiedzi' };

export const coordinator: Viewer = {
  id: '0c0c0c0c-0000-4000-8000-000000000001',
  displayName: 'Katarzyna Nowak',
  email: 'k.nowak@kpp-legionowo.test',
  locale: 'PL',
  roles: ['COORDINATOR'],
  version: 1,
  organisation: { id: POLICE.id, name: POLICE.name, kind: 'POLICE_UNIT' },
};

function Location() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

/** A component as the app shows it: Mantine, i18n, a router at `path` (matching `route`), the viewer, and the API's answers. */
export function renderWithApi(
  ui: ReactNode,
  { mocks, path = '/', route, language = 'en', viewer = coordinator }: { mocks: MockLink.MockedResponse[]; path?: string; route?: string; language?: Language; viewer?: Viewer },
) {
  return render(
    <MockedProvider mocks={mocks}>
      <I18nextProvider i18n={createI18n(language)}>
        <MantineProvider theme={theme} env="test">
          <ViewerContext.Provider value={viewer}>
            <MemoryRouter initialEntries={[path]}>
              {route ? (
                <Routes>
                  <Route path={route} element={ui} />
                  <Route path="*" element={null} />
                </Routes>
              ) : (
                ui
              )}
              <Location />
            </MemoryRouter>
          </ViewerContext.Provider>
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
}

/** A task as the API answers `TaskDetailFields`. */
export function taskNode(patch: Record<string, unknown> = {}) {
  return {
    __typename: 'Task' as const,
    id: '7a000000-0000-4000-8000-000000000001',
    title: 'Mediation between neighbours',
    caseId: '5d1f0000-0000-4000-8000-000000000007',
    caseReference: 'LEG/2026/0007',
    dueDate: '2026-05-10',
    priority: 'MEDIUM',
    effortPoints: 5,
    status: 'PROPOSED',
    overdue: false,
    isRequest: true,
    needsReassignment: false,
    declineReason: null,
    organisation: NGO,
    assignee: null,
    version: 1,
    description: '',
    blockReason: null,
    capacityOverrideReason: null,
    createdAt: '2026-05-01T08:00:00.000Z',
    respondedAt: null,
    requesterOrganisationId: POLICE.id,
    requestedBy: { __typename: 'TaskPerson' as const, id: coordinator.id, displayName: coordinator.displayName },
    viewerCan: { __typename: 'TaskViewerPermissions' as const, respond: false, assign: false, overrideCapacity: false, cancel: false, moveTo: [] as string[] },
    ...patch,
  };
}
