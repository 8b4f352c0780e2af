import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { createI18n, type Language } from '../../../i18n';
import { theme } from '../../../ui/theme';

/** A section as the case page mounts it: Mantine, the messages in one language, a router, and the API's answers. */
export function renderWork(ui: ReactElement, mocks: readonly MockLink.MockedResponse[], language: Language = 'en') {
  const i18n = createI18n(language);
  return render(
    <MockedProvider mocks={mocks}>
      <I18nextProvider i18n={i18n}>
        <MantineProvider theme={theme} env="test">
          <MemoryRouter>{ui}</MemoryRouter>
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
}

/** An API refusal in its error shape (`extensions.code`, and the details the API adds). */
export function refusal(code: string, message: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

export const org = (id: string, name: string) => ({ __typename: 'Organisation' as const, id, name });
export const person = (id: string, displayName: string, organisationId: string) => ({ __typename: 'CasePerson' as const, id, displayName, organisationId });

/** Types into a field the way a person pastes: one input event, so that long texts do not slow the tests down. */
export async function fill(user: { click: (e: Element) => Promise<void>; paste: (text: string) => Promise<void> }, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

type Visibility = 'PARTNERS' | 'AGENCIES' | 'LEAD';
/** `Case.viewerCan` as the API would answer it; nothing allowed unless named. */
export function viewerCan(allowed: Partial<Record<string, boolean | Visibility[]>> = {}) {
  return {
    __typename: 'CaseViewerPermissions' as const,
    addParticipant: false,
    addStakeholder: false,
    assessRisk: false,
    changePhase: false,
    close: false,
    createTask: false,
    escalate: false,
    planAction: false,
    postIncidentVisibilities: [] as Visibility[],
    postUpdate: false,
    postUpdateVisibilities: [] as Visibility[],
    readStakeholderContacts: false,
    removeParticipant: false,
    reopen: false,
    reviewPartnerInput: false,
    submitPartnerInput: false,
    updateCase: false,
    ...allowed,
  };
}
/** What a coordinator of the lead organisation may do. */
export const COORDINATOR = viewerCan({
  addStakeholder: true,
  assessRisk: true,
  postUpdate: true,
  postUpdateVisibilities: ['PARTNERS', 'AGENCIES', 'LEAD'],
  postIncidentVisibilities: ['PARTNERS', 'AGENCIES', 'LEAD'],
  readStakeholderContacts: true,
  reviewPartnerInput: true,
  updateCase: true,
});
/** What an NGO partner may do. */
export const PARTNER = viewerCan({ postUpdate: true, postUpdateVisibilities: ['PARTNERS'], submitPartnerInput: true });
