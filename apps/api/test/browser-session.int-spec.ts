import { Role } from '@cg/shared/domain';
import { AuditEventEntity, RefreshTokenEntity } from '@cg/server/db';
import { errorCode, TEST_PASSWORD, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * The web app's session: sign-in, refresh and sign-out over /auth/…, the access token in the body (kept in memory by
 * the page), the refresh token only in an HttpOnly cookie scoped to /auth that no script can read.
 */

const ME = '{ me { id } }';
const JSON_TYPE = { 'content-type': 'application/json' };

interface Answer {
  status: number;
  body: Record<string, unknown> & { errors?: { message: string; extensions: Record<string, unknown> }[] };
  headers: Record<string, unknown>;
  cookie: string | undefined;
}

function parseCookie(setCookie: unknown): { value: string; attributes: string[] } | undefined {
  const line: string | undefined = Array.isArray(setCookie) ? setCookie.find((c: string) => c.startsWith('cg_refresh=')) : (setCookie as string | undefined);
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return { value: pair!.slice('cg_refresh='.length), attributes };
}

describe('browser sessions on /auth', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.stop();
  });

  async function post(path: string, options: { body?: unknown; cookie?: string; headers?: Record<string, string>; remoteAddress?: string } = {}): Promise<Answer> {
    const response = await api.app.inject({
      method: 'POST',
      url: path,
      headers: { ...JSON_TYPE, host: '127.0.0.1:3000', ...(options.cookie ? { cookie: `theme=dark; cg_refresh=${options.cookie}` } : {}), ...options.headers },
      payload: options.body === undefined ? '{}' : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    });
    return {
      status: response.statusCode,
      body: response.body ? (JSON.parse(response.body) as Answer['body']) : {},
      headers: response.headers,
      cookie: parseCookie(response.headers['set-cookie'])?.value,
    };
  }

  async function signIn(roles = [Role.STAFF]) {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, roles);
    const login = await post('/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(login.status).toBe(200);
    return { user, login };
  }

  it('signs in: the access token in the body, the refresh token only in an HttpOnly, SameSite=Strict cookie for /auth', async () => {
    const { user, login } = await signIn();
    expect(Object.keys(login.body).sort()).toEqual(['accessToken', 'expiresInSeconds']);
    expect(login.body.expiresInSeconds).toBeGreaterThan(800);
    expect(login.body.expiresInSeconds).toBeLessThanOrEqual(900);
    expect(login.headers['cache-control']).toBe('no-store');
    const cookie = parseCookie(login.headers['set-cookie'])!;
    expect(cookie.value).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]+$/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['Path=/auth', 'HttpOnly', 'SameSite=Strict']));
    // The refresh token's lifetime (REFRESH_TTL_DAYS, 14 by default), less the moments the request took.
    const maxAge = Number(cookie.attributes.find((a) => a.startsWith('Max-Age='))!.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(14 * 24 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(14 * 24 * 3600);
    // Plain http on a loopback address (development): a browser would drop a Secure cookie there.
    expect(cookie.attributes).not.toContain('Secure');
    expect(JSON.stringify(login.body)).not.toContain(cookie.value);

    const me = await api.gql<{ me: { id: string } }>(ME, {}, { token: login.body.accessToken as string });
    expect(me.data?.me.id).toBe(user.id);
    const audit = await api.dataSource.getRepository(AuditEventEntity).findBy({ action: 'auth.login', actorUserId: user.id });
    expect(audit.map((e) => e.outcome)).toEqual(['SUCCESS']);
  });

  it('marks the cookie Secure on any host that is not loopback, and over https', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const body = { email: user.email, password: TEST_PASSWORD };
    const remote = await post('/auth/login', { body, headers: { host: 'commonground.example.pl' } });
    expect(parseCookie(remote.headers['set-cookie'])!.attributes).toContain('Secure');
    const lan = await post('/auth/login', { body, headers: { host: '192.168.1.20:3000' } });
    expect(parseCookie(lan.headers['set-cookie'])!.attributes).toContain('Secure');
    const localhost = await post('/auth/login', { body, headers: { host: 'localhost:3000' } });
    expect(parseCookie(localhost.headers['set-cookie'])!.attributes).not.toContain('Secure');
  });

  it('refreshes from the cookie alone: a new access token and a rotated cookie; the old cookie reused later ends the whole session', async () => {
    const { user, login } = await signIn();
    const first = login.cookie!;
    const refreshed = await post('/auth/refresh', { cookie: first });
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body).sort()).toEqual(['accessToken', 'expiresInSeconds']);
    const second = refreshed.cookie!;
    expect(second).not.toBe(first);
    expect(parseCookie(refreshed.headers['set-cookie'])!.attributes).toEqual(expect.arrayContaining(['Path=/auth', 'HttpOnly', 'SameSite=Strict']));
    expect((await api.gql(ME, {}, { token: refreshed.body.accessToken as string })).data).toEqual({ me: { id: user.id } });

    // The first cookie again, after the grace for parallel tabs: theft suspected, the family ends.
    await api.dataSource.query(`UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE user_id = $1 AND used_at IS NOT NULL`, [user.id]);
    const reuse = await post('/auth/refresh', { cookie: first, headers: { 'accept-language': 'en' } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.errors?.[0]).toEqual({ message: 'A refresh token was reused; the session has been closed. Sign in again.', extensions: { code: 'UNAUTHENTICATED', reason: 'AUTH_REFRESH_TOKEN_REUSED' } });
    // The refused cookie is cleared.
    expect(parseCookie(reuse.headers['set-cookie'])).toEqual({ value: '', attributes: expect.arrayContaining(['Max-Age=0', 'Path=/auth']) });
    expect((await post('/auth/refresh', { cookie: second })).status).toBe(401);
    expect(errorCode(await api.gql(ME, {}, { token: refreshed.body.accessToken as string }))).toBe('UNAUTHENTICATED');
    const tokens = await api.dataSource.getRepository(RefreshTokenEntity).findBy({ userId: user.id });
    expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
    const audit = await api.dataSource.getRepository(AuditEventEntity).find({ where: { action: 'auth.refresh', actorUserId: user.id }, order: { occurredAt: 'ASC' } });
    expect(audit.map((e) => [e.outcome, e.reason])).toEqual([
      ['SUCCESS', null],
      ['REFUSED', 'REFRESH_TOKEN_REUSED'],
    ]);
  });

  it('two tabs refreshing at once with the same cookie both stay signed in (the reuse grace)', async () => {
    const { user, login } = await signIn();
    const answers = await Promise.all([post('/auth/refresh', { cookie: login.cookie }), post('/auth/refresh', { cookie: login.cookie })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]!.cookie).toBe(answers[1]!.cookie);
    for (const answer of answers) expect((await api.gql(ME, {}, { token: answer.body.accessToken as string })).data).toEqual({ me: { id: user.id } });
    expect((await post('/auth/refresh', { cookie: answers[0]!.cookie })).status).toBe(200);
  });

  it('refresh without the cookie, or with a forged one, is 401 in the caller’s language', async () => {
    const none = await post('/auth/refresh');
    expect(none.status).toBe(401);
    expect(none.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(none.body.errors?.[0]?.message).toBe('Sesja wygasła lub jest nieprawidłowa. Zaloguj się ponownie.');
    const forged = await post('/auth/refresh', { cookie: '7f0c2a4e-2b1d-4c1e-9a51-4b8f1c2d3e4f.forged', headers: { 'accept-language': 'en-GB,en;q=0.8' } });
    expect(forged.status).toBe(401);
    expect(forged.body.errors?.[0]?.message).toBe('The session has expired or is invalid. Sign in again.');
  });

  it('signs out: 204, the session family ended (its access token too), the cookie cleared, audited', async () => {
    const { user, login } = await signIn([Role.PARTNER]);
    const refreshed = await post('/auth/refresh', { cookie: login.cookie });
    const logout = await post('/auth/logout', { cookie: refreshed.cookie });
    expect(logout.status).toBe(204);
    expect(parseCookie(logout.headers['set-cookie'])).toEqual({ value: '', attributes: expect.arrayContaining(['Max-Age=0', 'Path=/auth', 'HttpOnly']) });
    expect(errorCode(await api.gql(ME, {}, { token: refreshed.body.accessToken as string }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(ME, {}, { token: login.body.accessToken as string }))).toBe('UNAUTHENTICATED');
    expect((await post('/auth/refresh', { cookie: refreshed.cookie })).status).toBe(401);
    const tokens = await api.dataSource.getRepository(RefreshTokenEntity).findBy({ userId: user.id });
    expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
    const audit = await api.dataSource.getRepository(AuditEventEntity).findBy({ action: 'auth.logout', actorUserId: user.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorOrganisationId).toBe(user.organisationId);
    // Signing out again, or without a cookie, still leaves the browser signed out and ends nothing more.
    expect((await post('/auth/logout', { cookie: refreshed.cookie })).status).toBe(204);
    expect((await post('/auth/logout')).status).toBe(204);
    expect(await api.dataSource.getRepository(AuditEventEntity).countBy({ action: 'auth.logout', actorUserId: user.id })).toBe(1);
  });

  it('refuses anything but JSON with 415 (a form on another site cannot send JSON), before the password is checked', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const form = `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(TEST_PASSWORD)}`;
    for (const [path, type] of [
      ['/auth/login', 'application/x-www-form-urlencoded'],
      ['/auth/login', 'text/plain'],
      ['/auth/login', 'multipart/form-data; boundary=x'],
      ['/auth/refresh', 'text/plain'],
      ['/auth/logout', 'application/x-www-form-urlencoded'],
    ] as const) {
      const answer = await post(path, { body: form, headers: { 'content-type': type, 'accept-language': 'en' } });
      expect({ path, type, status: answer.status }).toEqual({ path, type, status: 415 });
      expect(answer.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.message).toBe('Send the request body as JSON (Content-Type: application/json).');
      expect(answer.cookie).toBeUndefined();
    }
    expect(await api.dataSource.getRepository(AuditEventEntity).countBy({ action: 'auth.login', actorUserId: user.id })).toBe(0);
  });

  it('answers bad input with 400 and the fields, wrong credentials with 401', async () => {
    const missing = await post('/auth/login', { body: { email: 'someone@example.test' }, headers: { 'accept-language': 'en' } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'password' }] });
    const notJson = await post('/auth/login', { body: '{"email":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'MALFORMED_BODY' });
    const wrong = await post('/auth/login', { body: { email: 'nobody@example.test', password: 'not it at all' }, headers: { 'accept-language': 'en' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors?.[0]).toEqual({ message: 'Invalid e-mail or password.', extensions: { code: 'UNAUTHENTICATED', reason: 'AUTH_INVALID_CREDENTIALS' } });
  });

  it('locks an e-mail after five failures and says when to try again, in Polish by default', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.COORDINATOR]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post('/auth/login', { body: { email: user.email, password: `wrong password ${i}` } })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await post('/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('900');
    expect(locked.body.errors?.[0]).toEqual({
      message: 'Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za 15 min.',
      extensions: { code: 'RATE_LIMITED', reason: 'AUTH_LOCKED', retryAfterSeconds: 900 },
    });
    expect(locked.cookie).toBeUndefined();
  });
});

describe('browser sessions on /auth, under the sign-in rate limit', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_SIGN_IN_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('counts login, refresh and logout per client address, with the GraphQL sign-in mutations, and says when to retry', async () => {
    const inject = (url: string, remoteAddress: string) =>
      api.app.inject({ method: 'POST', url, remoteAddress, headers: { ...JSON_TYPE, 'accept-language': 'en' }, payload: JSON.stringify({ email: 'a@example.test', password: 'x' }) });
    const address = '198.51.100.7';
    const statuses = [(await inject('/auth/login', address)).statusCode, (await inject('/auth/refresh', address)).statusCode, (await inject('/auth/logout', address)).statusCode];
    expect(statuses).toEqual([401, 401, 204]);
    const limited = await inject('/auth/login', address);
    expect(limited.statusCode).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = JSON.parse(limited.body) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toEqual({ code: 'RATE_LIMITED', reason: 'RATE_LIMIT_SIGN_IN', retryAfterSeconds: retryAfter });
    expect(body.errors[0]!.message).toMatch(/\d/);
    // The GraphQL login shares the count.
    const gql = await api.gql('mutation { login(input: { email: "a@example.test", password: "x" }) { accessToken } }', {}, { remoteAddress: address });
    expect(errorCode(gql)).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect((await inject('/auth/login', '198.51.100.8')).statusCode).toBe(401);
  });
});
