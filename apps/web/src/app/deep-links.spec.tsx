import { MantineProvider } from '@mantine/core';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, vi } from 'vitest';
import { createI18n } from '../i18n';
import { Session, SessionContext } from '../lib';
import { theme } from '../ui/theme';
import { routes } from './router';

/**
 * Links in e-mails and notifications (`/cases/<id>`, `/notifications`) open their page after sign-in: signed out,
 * the link leads to the sign-in page with the address kept, and signing in goes on to it.
 */

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The API as the browser meets it: no session until the password is given; GraphQL answers the viewer. */
let signedIn = false;
function fakeApi() {
  signedIn = false;
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    if (path === '/auth/refresh') return signedIn ? json(200, { accessToken: 'a2', expiresInSeconds: 900 }) : json(401, { errors: [{ message: 'no session', extensions: { code: 'UNAUTHENTICATED' } }] });
    if (path === '/auth/login') {
      signedIn = true;
      return json(200, { accessToken: 'a1', expiresInSeconds: 900 });
    }
    if (path === '/auth/logout') return new Response(null, { status: 204 });
    const body = JSON.parse(String(init?.body ?? '{}')) as { operationName?: string };
    if (body.operationName === 'Viewer') {
      return json(200, {
        data: {
          me: {
            __typename: 'User',
            id: 'u1',
            displayName: 'Katarzyna Nowak',
            email: 'k.nowak@kpp-legionowo.test',
            locale: 'en',
            roles: ['COORDINATOR'],
            version: 1,
            organisation: { __typename: 'Organisation', id: 'o1', name: 'KPP Legionowo', kind: 'POLICE_UNIT' },
          },
        },
      });
    }
    return json(200, { data: null, errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });
}

/** A socket that never opens: the bell's subscription waits quietly. */
class SilentSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState = 0;
  protocol = '';
  onopen = null;
  onclose = null;
  onerror = null;
  onmessage = null;
  send() {}
  close() {
    this.readyState = 3;
  }
  addEventListener() {}
  removeEventListener() {}
}

let session: Session;

beforeEach(() => {
  const api = fakeApi();
  vi.stubGlobal('fetch', api);
  vi.stubGlobal('WebSocket', SilentSocket);
  session = new Session(() => 'en', api as unknown as typeof fetch);
});

afterEach(() => {
  session.ended();
  vi.unstubAllGlobals();
});

function openLink(path: string) {
  const router = createMemoryRouter(routes({ onLanguage: () => undefined, onProfileLanguage: () => undefined, language: () => 'en' }), { initialEntries: [path] });
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <MantineProvider theme={theme} env="test">
        <SessionContext.Provider value={session}>
          <RouterProvider router={router} />
        </SessionContext.Provider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return router;
}

async function signIn() {
  fireEvent.change(await screen.findByLabelText(/E-mail/i), { target: { value: 'k.nowak@kpp-legionowo.test' } });
  fireEvent.change(screen.getByLabelText(/Password/i), { target: { value: 'Legionowo-demo-2026' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

const here = (router: ReturnType<typeof createMemoryRouter>) => `${router.state.location.pathname}${router.state.location.search}`;

describe('a link from an e-mail, signed out', () => {
  it.each([
    ['/cases/5d1f0000-0000-4000-8000-000000000007'],
    ['/notifications'],
    ['/notifications?unread=1'],
    ['/notifications/preferences'],
  ])('%s: the sign-in page keeps the address, and signing in opens it', async (link) => {
    const router = openLink(link);
    await act(() => session.restore());

    await waitFor(() => expect(here(router)).toBe(`/signin?next=${encodeURIComponent(link)}`), { timeout: 15_000 });
    await signIn();

    await waitFor(() => expect(here(router)).toBe(link));
    // The signed-in frame is shown, not the sign-in page (its chunk loads first: a generous ceiling, not a wait).
    expect(await screen.findByTestId('viewer-name', {}, { timeout: 15_000 })).toHaveTextContent('Katarzyna Nowak');
    expect(screen.queryByRole('button', { name: 'Sign in' })).not.toBeInTheDocument();
  }, 30_000);

  it('never goes on to another site after sign-in', async () => {
    const router = openLink('/signin?next=%2F%2Fevil.example.com%2Fcases');
    await act(() => session.restore());
    await signIn();
    await waitFor(() => expect(here(router)).toBe('/'));
  });
});

describe('a session the API ends', () => {
  it('sends the person to the sign-in page, which says the session has ended', async () => {
    const router = openLink('/notifications');
    await act(() => session.restore());
    await signIn();
    expect(await screen.findByTestId('viewer-name', {}, { timeout: 15_000 })).toHaveTextContent('Katarzyna Nowak');
    // Deactivated elsewhere: the refresh cookie no longer works, and the next refresh (a socket closed with 4401) says so.
    signedIn = false;
    await act(() => session.refresh());
    await waitFor(() => expect(router.state.location.pathname).toBe('/signin'));
    expect(await screen.findByText('Your session has ended. Please sign in again.')).toBeInTheDocument();
  }, 30_000);

  it('says nothing of the kind after signing out here', async () => {
    const router = openLink('/');
    await act(() => session.restore());
    await signIn();
    await screen.findByTestId('viewer-name', {}, { timeout: 15_000 });
    await act(() => session.signOut());
    await waitFor(() => expect(router.state.location.pathname).toBe('/signin'));
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByText('Your session has ended. Please sign in again.')).not.toBeInTheDocument();
  }, 30_000);
});
