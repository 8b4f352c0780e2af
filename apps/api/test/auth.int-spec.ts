import { Role } from '@cg/shared/domain';
import { AuditEventEntity, RefreshTokenEntity } from '@cg/server/db';
import { errorCode, TEST_PASSWORD, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id email organisation { id name } } } }';
const REFRESH = 'mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken refreshToken } }';
const ME = '{ me { id email roles } }';

describe('authentication', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  async function auditOf(action: string, actorUserId?: string) {
    return api.dataSource.getRepository(AuditEventEntity).find({ where: { action, ...(actorUserId ? { actorUserId } : {}) }, order: { occurredAt: 'ASC' } });
  }

  it('signs in with e-mail and password, then `me` answers with the bearer token', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const login = await api.gql<{ login: { accessToken: string; refreshToken: string; user: { id: string; organisation: { id: string } } } }>(LOGIN, {
      input: { email: user.email.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(login.errors).toBeUndefined();
    expect(login.data?.login.user).toMatchObject({ id: user.id, organisation: { id: organisation.id } });
    const me = await api.gql<{ me: { id: string; roles: string[] } }>(ME, {}, { token: login.data?.login.accessToken });
    expect(me.data?.me).toEqual({ id: user.id, email: user.email, roles: ['STAFF'] });
    const success = await auditOf('auth.login', user.id);
    expect(success.map((e) => e.outcome)).toEqual(['SUCCESS']);
    expect(success[0]?.requestId).toBeTruthy();
  });

  it('refuses a wrong password and an unknown e-mail with the same answer, in the caller’s language', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const wrong = await api.gql(LOGIN, { input: { email: user.email, password: 'not the password at all' } }, { headers: { 'accept-language': 'en' } });
    const unknown = await api.gql(LOGIN, { input: { email: 'nobody.here@example.test', password: 'not the password at all' } }, { headers: { 'accept-language': 'en' } });
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0]?.message).toBe('Invalid e-mail or password.');
    expect(unknown.errors?.[0]).toEqual({ ...wrong.errors?.[0], locations: unknown.errors?.[0]?.locations });
    const polish = await api.gql(LOGIN, { input: { email: user.email, password: 'not the password at all' } }, { headers: { 'accept-language': 'pl-PL,pl;q=0.9' } });
    expect(polish.errors?.[0]?.message).toBe('Nieprawidłowy adres e-mail lub hasło.');
    const failures = await auditOf('auth.login', user.id);
    expect(failures.map((e) => [e.outcome, e.reason])).toEqual([
      ['FAILURE', 'INVALID_CREDENTIALS'],
      ['FAILURE', 'INVALID_CREDENTIALS'],
    ]);
  });

  it('locks an e-mail for fifteen minutes after five failures, whether or not it has an account', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.COORDINATOR]);
    for (const email of [user.email, 'ghost.account@example.test']) {
      const codes: unknown[] = [];
      for (let i = 0; i < 5; i++) codes.push(errorCode(await api.gql(LOGIN, { input: { email, password: `wrong password ${i}` } })));
      expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
      const locked = await api.gql(LOGIN, { input: { email, password: TEST_PASSWORD } }, { headers: { 'accept-language': 'en' } });
      expect(errorCode(locked)).toBe('RATE_LIMITED');
      expect(locked.errors?.[0]?.message).toMatch(/Try again in 15 min/);
      expect(locked.data).toBeNull();
    }
    // The lock ends after fifteen minutes: simulate the time passing.
    await api.dataSource.query(`UPDATE login_attempts SET locked_until = now() - interval '1 second'`);
    const after = await api.gql(LOGIN, { input: { email: user.email, password: TEST_PASSWORD } });
    expect(after.errors).toBeUndefined();
    const events = await auditOf('auth.login', user.id);
    expect(events.map((e) => e.outcome)).toEqual(['FAILURE', 'FAILURE', 'FAILURE', 'FAILURE', 'FAILURE', 'SUCCESS']);
    const refusedWhileLocked = await api.dataSource.getRepository(AuditEventEntity).countBy({ action: 'auth.login', outcome: 'REFUSED', reason: 'LOCKED' });
    expect(refusedWhileLocked).toBe(2);
  });

  it('rotates refresh tokens, and a reused one revokes the whole session family', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const first = await api.login(user.email);
    const second = await api.gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, { input: { refreshToken: first.refreshToken } });
    expect(second.errors).toBeUndefined();
    const rotated = second.data!.refreshSession;
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    expect((await api.gql(ME, {}, { token: rotated.accessToken })).data).toBeTruthy();

    // The first token again, after the grace for parallel tabs (simulate the time passing): theft suspected, the family dies.
    await api.dataSource.query(`UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE user_id = $1 AND used_at IS NOT NULL`, [user.id]);
    const reuse = await api.gql(REFRESH, { input: { refreshToken: first.refreshToken } });
    expect(errorCode(reuse)).toBe('UNAUTHENTICATED');
    const afterReuse = await api.gql(REFRESH, { input: { refreshToken: rotated.refreshToken } });
    expect(errorCode(afterReuse)).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(ME, {}, { token: rotated.accessToken }))).toBe('UNAUTHENTICATED');
    const tokens = await api.dataSource.getRepository(RefreshTokenEntity).findBy({ userId: user.id });
    expect(tokens).toHaveLength(2);
    expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
    expect(tokens.every((t) => t.tokenHash !== first.refreshToken && !first.refreshToken.includes(t.tokenHash))).toBe(true);
    const reuseAudit = await auditOf('auth.refresh', user.id);
    expect(reuseAudit.map((e) => [e.outcome, e.reason])).toEqual([
      ['SUCCESS', null],
      ['REFUSED', 'REFRESH_TOKEN_REUSED'],
    ]);
  });

  it('two tabs refreshing at once: ten parallel refreshes of one token all get the same successor, and the session lives on', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const first = await api.login(user.email);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => api.gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, { input: { refreshToken: first.refreshToken } })),
    );
    expect(answers.map((a) => errorCode(a) ?? 'OK')).toEqual(Array(10).fill('OK'));
    const successors = new Set(answers.map((a) => a.data!.refreshSession.refreshToken));
    expect(successors.size).toBe(1);
    const [successor] = [...successors] as [string];
    expect(successor).not.toBe(first.refreshToken);
    for (const answer of answers) expect((await api.gql(ME, {}, { token: answer.data!.refreshSession.accessToken })).data).toEqual({ me: { id: user.id, email: user.email, roles: ['STAFF'] } });

    // The successor rotates as usual; nothing was revoked, and the successor is stored hashed only.
    const next = await api.gql<{ refreshSession: { refreshToken: string } }>(REFRESH, { input: { refreshToken: successor } });
    expect(next.errors).toBeUndefined();
    const tokens = await api.dataSource.getRepository(RefreshTokenEntity).findBy({ userId: user.id });
    expect(tokens).toHaveLength(3);
    expect(tokens.every((t) => t.revokedAt === null)).toBe(true);
    expect(tokens.every((t) => !successor.includes(t.tokenHash))).toBe(true);
    const audit = await auditOf('auth.refresh', user.id);
    expect(audit.map((e) => [e.outcome, e.reason]).sort()).toEqual([...Array(9).fill(['SUCCESS', 'WITHIN_REUSE_GRACE']), ['SUCCESS', null], ['SUCCESS', null]].sort());
  });

  it('a rotated token presented after the grace, or after its successor was used, revokes the family', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const first = await api.login(user.email);
    const second = (await api.gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, { input: { refreshToken: first.refreshToken } })).data!.refreshSession;
    const third = (await api.gql<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, { input: { refreshToken: second.refreshToken } })).data!.refreshSession;
    // Within the grace, but its successor has moved on: a replay, not a second tab.
    const replay = await api.gql(REFRESH, { input: { refreshToken: first.refreshToken } }, { headers: { 'accept-language': 'en' } });
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
    expect(replay.errors?.[0]?.message).toBe('A refresh token was reused; the session has been closed. Sign in again.');
    expect(errorCode(await api.gql(ME, {}, { token: third.accessToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(REFRESH, { input: { refreshToken: third.refreshToken } }))).toBe('UNAUTHENTICATED');
  });

  it('refuses malformed and forged refresh tokens', async () => {
    expect(errorCode(await api.gql(REFRESH, { input: { refreshToken: 'garbage' } }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(REFRESH, { input: { refreshToken: '7f0c2a4e-2b1d-4c1e-9a51-4b8f1c2d3e4f.forged' } }))).toBe('UNAUTHENTICATED');
  });

  it('logout ends the session: the access token and refresh token stop working at once', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.PARTNER]);
    const session = await api.login(user.email);
    const logout = await api.gql<{ logout: boolean }>('mutation { logout }', {}, { token: session.accessToken });
    expect(logout.data?.logout).toBe(true);
    expect(errorCode(await api.gql(ME, {}, { token: session.accessToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(REFRESH, { input: { refreshToken: session.refreshToken } }))).toBe('UNAUTHENTICATED');
    expect(await auditOf('auth.logout', user.id)).toHaveLength(1);
  });

  it('deactivating a user takes effect at the next request, not when the token expires', async () => {
    const organisation = await api.fixtures.organisation();
    const admin = await api.signedIn(organisation, [Role.ADMIN]);
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const session = await api.login(user.email);
    expect((await api.gql(ME, {}, { token: session.accessToken })).data).toBeTruthy();
    const deactivated = await api.gql('mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { id active version } }', { input: { id: user.id, version: user.version } }, { token: admin.token });
    expect(deactivated.errors).toBeUndefined();
    expect(errorCode(await api.gql(ME, {}, { token: session.accessToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(REFRESH, { input: { refreshToken: session.refreshToken } }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(LOGIN, { input: { email: user.email, password: TEST_PASSWORD } }))).toBe('UNAUTHENTICATED');
    const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'user.deactivate', entityId: user.id });
    expect(audit.actorUserId).toBe(admin.user.id);
    expect(audit.changes).toEqual({ active: { before: true, after: false } });
  });

  it('removing a role takes effect at the next request', async () => {
    const organisation = await api.fixtures.organisation();
    const root = await api.signedIn(organisation, [Role.ADMIN]);
    const other = await api.fixtures.user(organisation, [Role.ADMIN]);
    const otherSession = await api.login(other.email);
    const create = (token: string, code: string) =>
      api.gql('mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }', { input: { name: `Nowa ${code}`, code, kind: 'NGO' } }, { token });
    expect((await create(otherSession.accessToken, 'ROLEA1')).errors).toBeUndefined();
    const change = await api.gql('mutation($input: SetUserRolesInput!) { setUserRoles(input: $input) { roles } }', { input: { id: other.id, version: other.version, roles: ['STAFF'] } }, { token: root.token });
    expect(change.errors).toBeUndefined();
    expect(errorCode(await create(otherSession.accessToken, 'ROLEA2'))).toBe('FORBIDDEN');
    const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'user.set-roles', entityId: other.id });
    expect(audit.changes).toEqual({ roles: { before: ['ADMIN'], after: ['STAFF'] } });
  });

  it('carries a request id per request, from X-Request-Id when given, into the audit trail and the outbox', async () => {
    const organisation = await api.fixtures.organisation();
    const admin = await api.fixtures.user(organisation, [Role.ADMIN]);
    const session = await api.gql<{ login: { accessToken: string } }>(LOGIN, { input: { email: admin.email, password: TEST_PASSWORD } }, { headers: { 'x-request-id': 'trace-login-0001' } });
    const login = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'auth.login', actorUserId: admin.id });
    expect(login.requestId).toBe('trace-login-0001');
    const created = await api.gql<{ createOrganisation: { id: string } }>(
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
      { input: { name: 'Klub Seniora Piaski', code: 'KSPIA', kind: 'OTHER' } },
      { token: session.data!.login.accessToken, headers: { 'x-request-id': 'trace-create-0002' } },
    );
    const [event] = await api.dataSource.query('SELECT request_id FROM outbox_events WHERE aggregate_id = $1', [created.data!.createOrganisation.id]);
    expect(event.request_id).toBe('trace-create-0002');
    expect(api.logs.text).toContain('"id":"trace-create-0002"');
    // Also as `requestId`, the name the worker's lines about the jobs this change causes give it.
    expect(api.logs.lines.some((line) => (JSON.parse(line) as { requestId?: string; service?: string }).requestId === 'trace-create-0002' && line.includes('"service":"api"'))).toBe(true);
    await api.gql(ME, {}, { token: session.data!.login.accessToken, headers: { 'x-request-id': 'bad id with spaces' } });
    const generated = await api.gql(ME, {}, { token: session.data!.login.accessToken });
    expect(generated.errors).toBeUndefined();
    expect(api.logs.text).not.toContain('bad id with spaces');
  });

  it('parallel wrong guesses never get past the lock: fifteen at once evaluate exactly LOGIN_MAX_FAILURES, then the right password is refused', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => api.gql(LOGIN, { input: { email: user.email, password: `wrong guess number ${i}` } })));
    const codes = answers.map((a) => errorCode(a));
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(4);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(11);
    const evaluated = await auditOf('auth.login', user.id);
    expect(evaluated.map((e) => e.outcome)).toEqual(Array(5).fill('FAILURE'));
    const locked = await api.gql(LOGIN, { input: { email: user.email, password: TEST_PASSWORD } }, { headers: { 'accept-language': 'en' } });
    expect(errorCode(locked)).toBe('RATE_LIMITED');
    expect(locked.errors?.[0]?.message).toMatch(/Try again in 15 min/);
    expect(locked.data).toBeNull();
  });

  it('fourteen wrong passwords and the right one at once: at most LOGIN_MAX_FAILURES guesses are evaluated, the right one only within them', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const passwords = Array.from({ length: 15 }, (_, i) => (i === 7 ? TEST_PASSWORD : `wrong guess number ${i}`));
    const answers = await Promise.all(passwords.map((password) => api.gql<{ login: { accessToken: string } }>(LOGIN, { input: { email: user.email, password } })));
    const right = answers[7]!;
    const wrongEvaluated = (await auditOf('auth.login', user.id)).filter((e) => e.outcome === 'FAILURE').length;
    const signedIn = Boolean(right.data?.login);
    // Five attempts are evaluated (the right one may be among them); every other one is refused unevaluated.
    expect(wrongEvaluated + (signedIn ? 1 : 0)).toBe(5);
    const wrongCodes = answers.filter((_, i) => i !== 7).map((a) => errorCode(a));
    expect(wrongCodes.every((c) => c === 'UNAUTHENTICATED' || c === 'RATE_LIMITED')).toBe(true);
    expect(wrongCodes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(10);
    if (!signedIn) {
      expect(errorCode(right)).toBe('RATE_LIMITED');
      const again = await api.gql(LOGIN, { input: { email: user.email, password: TEST_PASSWORD } }, { headers: { 'accept-language': 'en' } });
      expect(errorCode(again)).toBe('RATE_LIMITED');
      expect(again.errors?.[0]?.message).toMatch(/Try again in 15 min/);
    }
  });

  it('never writes a password or token to the logs', async () => {
    const organisation = await api.fixtures.organisation();
    const user = await api.fixtures.user(organisation, [Role.STAFF]);
    const before = api.logs.lines.length;
    const session = await api.login(user.email);
    await api.gql(ME, {}, { token: session.accessToken });
    await api.gql(REFRESH, { input: { refreshToken: session.refreshToken } });
    await api.gql(LOGIN, { input: { email: user.email, password: 'a wrong password here' } });
    const logged = api.logs.lines.slice(before).join('\n');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).toContain('request completed');
    for (const secret of [TEST_PASSWORD, 'a wrong password here', session.accessToken, session.refreshToken, session.refreshToken.split('.')[1]!, user.email]) {
      expect(logged).not.toContain(secret);
    }
  });
});
