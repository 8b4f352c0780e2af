import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, useLocation } from 'react-router';
import { createI18n, type Language } from '../../i18n';
import { Session, SessionContext } from '../../lib';
import { theme } from '../../ui/theme';

/** Where the router is now, for tests that follow a link. */
function Location() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

/** A component as the app shows it: Mantine, i18n, a router at `path`, and the API's answers from `mocks`. */
export function renderWithApi(ui: ReactNode, { mocks, path = '/', language = 'en' }: { mocks: MockLink.MockedResponse[]; path?: string; language?: Language }) {
  // Never signed in here: the API's answers come from `mocks`, not from a session.
  const session = new Session(() => language, () => Promise.reject(new TypeError('no network in component tests')));
  return render(
    <SessionContext.Provider value={session}>
      <MockedProvider mocks={mocks}>
        <I18nextProvider i18n={createI18n(language)}>
          <MantineProvider theme={theme} env="test">
            <MemoryRouter initialEntries={[path]}>
              {ui}
              <Location />
            </MemoryRouter>
          </MantineProvider>
        </I18nextProvider>
      </MockedProvider>
    </SessionContext.Provider>,
  );
}
