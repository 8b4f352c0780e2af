import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { createI18n, type Language } from '../../i18n';
import { ViewerContext, type Viewer } from '../../lib';
import { theme } from '../../ui/theme';
import { OrganisationsQuery } from './documents';

export const admin: Viewer = {
  id: '0c0c0c0c-0000-4000-8000-0000000000ad',
  displayName: 'Anna Admin',
  email: 'admin@legionowo-um.test',
  locale: 'en',
  roles: ['ADMIN'],
  version: 1,
  organisation: { id: '0b0b0b0b-0000-4000-8000-000000000003', name: 'UM Legionowo', kind: 'MUNICIPALITY' },
};

export function org(id: string, name: string, patch: Record<string, unknown> = {}) {
  return { __typename: 'Organisation' as const, id, name, code: name.slice(0, 3).toUpperCase(), kind: 'NGO', area: '', active: true, parentId: null, version: 1, ...patch };
}

export const POLICE = org('0b0b0b0b-0000-4000-8000-000000000001', 'KPP Legionowo', { kind: 'POLICE_UNIT', code: 'LEG', area: 'Legionowo county' });
export const NGO = org('0b0b0b0b-0000-4000-8000-000000000002', 'Piaski Sąsiedzi', { code: 'PSA' });

export function organisationsMock(orgs: ReturnType<typeof org>[] = [POLICE, NGO]): MockLink.MockedResponse {
  return {
    request: { query: OrganisationsQuery },
    result: { data: { organisations: { __typename: 'OrganisationConnection', totalCount: orgs.length, edges: orgs.map((node) => ({ __typename: 'OrganisationEdge', node })) } } },
    maxUsageCount: 10,
  };
}

/** A component as the app shows it: Mantine, i18n, a router, the viewer, and the API's answers. */
export function renderWithApi(ui: ReactNode, { mocks, language = 'en', viewer = admin }: { mocks: MockLink.MockedResponse[]; language?: Language; viewer?: Viewer }) {
  return render(
    <MockedProvider mocks={mocks}>
      <I18nextProvider i18n={createI18n(language)}>
        <MantineProvider theme={theme} env="test">
          <ViewerContext.Provider value={viewer}>
            <MemoryRouter>{ui}</MemoryRouter>
          </ViewerContext.Provider>
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
}
