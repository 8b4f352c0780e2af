import { vi } from 'vitest';
import { Session } from './session';

/**
 * How a session ends decides what the sign-in page says: ended by the API while signed in (deactivated, signed out
 * elsewhere), the person is told; signed out here, or nobody signed in at start-up, nothing is said.
 */

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refused = () => json(401, { errors: [{ message: 'session ended', extensions: { code: 'UNAUTHENTICATED' } }] });

function api() {
  const state = { sessionGood: false };
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const path = String(input);
    if (path === '/auth/login') {
      state.sessionGood = true;
      return json(200, { accessToken: 'a1', expiresInSeconds: 900 });
    }
    if (path === '/auth/refresh') return state.sessionGood ? json(200, { accessToken: 'a2', expiresInSeconds: 900 }) : refused();
    if (path === '/auth/logout') {
      state.sessionGood = false;
      return new Response(null, { status: 204 });
    }
    return json(404, {});
  });
  return { state, session: new Session(() => 'pl', fetch as unknown as typeof globalThis.fetch) };
}

describe('how a session ends', () => {
  it('ended by the API while signed in (a refresh refused): signed out, and known to have ended elsewhere', async () => {
    const { state, session } = api();
    await session.signIn('z.kwiatkowska@kpp-legionowo.test', 'Legionowo-demo-2026');
    expect(session.endedElsewhere).toBe(false);
    state.sessionGood = false; // deactivated: every refresh token revoked
    expect(await session.refresh()).toBeNull();
    expect(session.status).toBe('signedOut');
    expect(session.accessToken).toBeNull();
    expect(session.endedElsewhere).toBe(true);
    session.ended();
  });

  it('signed out here: nothing to explain', async () => {
    const { session } = api();
    await session.signIn('k.nowak@kpp-legionowo.test', 'Legionowo-demo-2026');
    await session.signOut();
    expect(session.status).toBe('signedOut');
    expect(session.endedElsewhere).toBe(false);
    // A late refusal (the socket closed by the same sign-out) does not turn it into an ended session.
    expect(await session.refresh()).toBeNull();
    expect(session.endedElsewhere).toBe(false);
  });

  it('nobody signed in at start-up: nothing to explain', async () => {
    const { session } = api();
    await session.restore();
    expect(session.status).toBe('signedOut');
    expect(session.endedElsewhere).toBe(false);
  });

  it('signing in again clears it', async () => {
    const { state, session } = api();
    await session.signIn('k.nowak@kpp-legionowo.test', 'Legionowo-demo-2026');
    state.sessionGood = false;
    await session.refresh();
    expect(session.endedElsewhere).toBe(true);
    await session.signIn('k.nowak@kpp-legionowo.test', 'Legionowo-demo-2026');
    expect(session.endedElsewhere).toBe(false);
    session.ended();
  });
});
