// Test support for the case page's component tests (imported by *.spec.tsx only).
import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router';
import { createI18n, type Language } from '../../../i18n';
import { theme } from '../../../ui/theme';
import type { Visibility } from '../gql/graphql';

// jsdom lacks what Mantine's comboboxes call when they highlight an option.
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;

/** `Case.viewerCan` with every operation of the case page allowed (a lead coordinator on an open case). */
export const ALLOWED = {
  __typename: 'CaseViewerPermissions' as const,
  updateCase: true,
  changePhase: true,
  escalate: true,
  close: true,
  reopen: true,
  addParticipant: true,
  removeParticipant: true,
  addStakeholder: true,
  assessRisk: true,
  createTask: true,
  planAction: true,
  postUpdate: true,
  postUpdateVisibilities: ['PARTNERS', 'AGENCIES', 'LEAD'] as Visibility[],
  postIncidentVisibilities: ['AGENCIES', 'LEAD'] as Visibility[],
  readStakeholderContacts: true,
  reviewPartnerInput: true,
  submitPartnerInput: false,
};
/** `Case.viewerCan` of a reader who may change nothing (e.g. an NGO partner). */
export const READ_ONLY = {
  ...ALLOWED,
  updateCase: false,
  changePhase: false,
  escalate: false,
  close: false,
  reopen: false,
  addParticipant: false,
  removeParticipant: false,
  addStakeholder: false,
  assessRisk: false,
  createTask: false,
  planAction: false,
  postUpdate: false,
  postUpdateVisibilities: [] as Visibility[],
  postIncidentVisibilities: [] as Visibility[],
  readStakeholderContacts: false,
  reviewPartnerInput: false,
};

export const CASE_ID = '6f1c2b1e-8d7a-4c1e-9b53-0a4b7f3e2d10';
export const LEAD_ID = '0b8e5a52-3c0e-4f4b-8f1a-5a7f0d7e6c01';

/** Renders `ui` at `/cases/<id>` with the app's providers and the given API answers. */
export function renderWithApi(ui: ReactElement, { mocks, language = 'en', path = `/cases/${CASE_ID}` }: { mocks: MockLink.MockedResponse[]; language?: Language; path?: string }) {
  return render(
    <I18nextProvider i18n={createI18n(language)}>
      <MantineProvider theme={theme} env="test">
        <MockedProvider mocks={mocks}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path="/cases/:id" element={ui} />
            </Routes>
          </MemoryRouter>
        </MockedProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
}

/** A GraphQL error answer as the API sends it. */
export function apiError(code: string, message: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}
