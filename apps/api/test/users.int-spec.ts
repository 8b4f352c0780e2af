import { Role } from '@cg/shared/domain';
import { AuditEventEntity, RefreshTokenEntity, UserEntity, type OrganisationEntity } from '@cg/server/db';
import { errorCode, TEST_PASSWORD, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const ROLES = Object.values(Role);
const UPDATE = 'mutation($input: UpdateUserInput!) { updateUser(input: $input) { id displayName locale weeklyCapacity roles version } }';
const REACTIVATE = 'mutation($input: ReactivateUserInput!) { reactivateUser(input: $input) { id active version } }';
const DEACTIVATE = 'mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { id active version } }';
const CHANGE_PASSWORD = 'mutation($input: ChangeMyPasswordInput!) { changeMyPassword(input: $input) { id version } }';
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }';
const REFRESH = 'mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken } }';
const ME = '{ me { id roles locale } }';
const NEW_PASSWORD = 'a brand new passphrase 2026';

type UserAnswer = { updateUser: { id: string; displayName: string; locale: string; weeklyCapacity: number; roles: string[]; version: number } };

describe('changing users: administrators, coordinators (capacity), everyone (own language and password)', () => {
  let api: TestApp;
  let home: OrganisationEntity;
  let foreign: OrganisationEntity;
  const tokens = new Map<Role, string>();
  const users = new Map<Role, UserEntity>();

  beforeAll(async () => {
    api = await startApi();
    home = await api.fixtures.organisation({ name: 'Home' });
    foreign = await api.fixtures.organisation({ name: 'Foreign' });
    for (const role of ROLES) {
      const { user, token } = await api.signedIn(home, [role]);
      tokens.set(role, token);
      users.set(role, user);
    }
  });
  afterAll(async () => {
    await api.stop();
  });

  const changeField = {
    displayName: 'Nowe Nazwisko',
    locale: 'en',
    weeklyCapacity: 8,
    roles: ['COORDINATOR', 'STAFF'],
  } as const;

  it.each(Object.keys(changeField) as (keyof typeof changeField)[])('updateUser %s of a colleague: who may, and the rest refused', async (field) => {
    const outcomes: [Role, unknown][] = [];
    for (const role of ROLES) {
      const target = await api.fixtures.user(home, [Role.STAFF]);
      const response = await api.gql(UPDATE, { input: { id: target.id, version: target.version, [field]: changeField[field] } }, { token: tokens.get(role) });
      outcomes.push([role, errorCode(response) ?? 'OK']);
    }
    const allowed = (role: Role) => role === Role.ADMIN || (role === Role.COORDINATOR && field === 'weeklyCapacity');
    // A colleague an analyst or auditor cannot see is absent for them (their own locale is all they may change).
    const refusal = (role: Role) => (field === 'locale' && (role === Role.ANALYST || role === Role.AUDITOR) ? 'NOT_FOUND' : 'FORBIDDEN');
    expect(outcomes).toEqual(ROLES.map((role) => [role, allowed(role) ? 'OK' : refusal(role)]));
  });

  it('a coordinator sets the capacity of colleagues only: a user of another organisation is absent', async () => {
    const stranger = await api.fixtures.user(foreign, [Role.STAFF]);
    const response = await api.gql(UPDATE, { input: { id: stranger.id, version: stranger.version, weeklyCapacity: 4 } }, { token: tokens.get(Role.COORDINATOR) });
    expect(errorCode(response)).toBe('NOT_FOUND');
    const unknown = await api.gql(UPDATE, { input: { id: '7f0c2a4e-2b1d-4c1e-9a51-4b8f1c2d3e4f', version: 1, weeklyCapacity: 4 } }, { token: tokens.get(Role.COORDINATOR) });
    expect(unknown.errors?.[0]).toEqual({ ...response.errors?.[0], locations: unknown.errors?.[0]?.locations, path: unknown.errors?.[0]?.path });
    expect((await api.dataSource.getRepository(UserEntity).findOneByOrFail({ id: stranger.id })).weeklyCapacity).toBe(20);
    // The administrator may.
    const asAdmin = await api.gql<UserAnswer>(UPDATE, { input: { id: stranger.id, version: stranger.version, weeklyCapacity: 4 } }, { token: tokens.get(Role.ADMIN) });
    expect(asAdmin.data?.updateUser.weeklyCapacity).toBe(4);
  });

  it('the coordinator’s change of capacity reaches the workload guard, audited with before and after', async () => {
    const colleague = await api.fixtures.user(home, [Role.STAFF]);
    const response = await api.gql<UserAnswer>(UPDATE, { input: { id: colleague.id, version: colleague.version, weeklyCapacity: 6 } }, { token: tokens.get(Role.COORDINATOR) });
    expect(response.errors).toBeUndefined();
    expect(response.data?.updateUser).toMatchObject({ weeklyCapacity: 6, version: colleague.version + 1 });
    const workload = await api.gql<{ workload: { people: { edges: { node: { person: { id: string }; capacity: number } }[] } } }>(
      'query($org: ID!) { workload(organisationId: $org) { people(first: 100) { edges { node { person { id } capacity } } } } }',
      { org: home.id },
      { token: tokens.get(Role.COORDINATOR) },
    );
    expect(workload.data?.workload.people.edges.find((e) => e.node.person.id === colleague.id)?.node.capacity).toBe(6);
    const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'user.update', entityId: colleague.id });
    expect(audit).toMatchObject({ actorUserId: users.get(Role.COORDINATOR)!.id, outcome: 'SUCCESS', changes: { weeklyCapacity: { before: 20, after: 6 } } });
    // No role changed: no roles event.
    expect(await api.dataSource.query(`SELECT 1 FROM outbox_events WHERE aggregate_id = $1 AND type = 'user.roles-changed'`, [colleague.id])).toEqual([]);
  });

  it('an administrator changes several fields at once; a stale version is CONFLICT and changes nothing', async () => {
    const target = await api.fixtures.user(home, [Role.STAFF]);
    const input = { id: target.id, version: target.version, displayName: '  Anna Zielińska ', locale: 'en', weeklyCapacity: 12, roles: ['STAFF', 'COORDINATOR'] };
    const response = await api.gql<UserAnswer>(UPDATE, { input }, { token: tokens.get(Role.ADMIN) });
    expect(response.errors).toBeUndefined();
    expect(response.data?.updateUser).toEqual({ id: target.id, displayName: 'Anna Zielińska', locale: 'en', weeklyCapacity: 12, roles: ['COORDINATOR', 'STAFF'], version: target.version + 1 });
    const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'user.update', entityId: target.id });
    expect(audit.changes).toEqual({
      displayName: { before: target.displayName, after: 'Anna Zielińska' },
      locale: { before: 'pl', after: 'en' },
      weeklyCapacity: { before: 20, after: 12 },
      roles: { before: ['STAFF'], after: ['COORDINATOR', 'STAFF'] },
    });
    const events = await api.dataSource.query(`SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'user.roles-changed'`, [target.id]);
    expect(events).toEqual([{ payload: { userId: target.id, organisationId: home.id, roles: ['COORDINATOR', 'STAFF'] } }]);

    const stale = await api.gql(UPDATE, { input: { ...input, weeklyCapacity: 1 } }, { token: tokens.get(Role.ADMIN) });
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.message).toBe('Dane zmieniły się w międzyczasie. Odśwież i spróbuj ponownie.');
    expect((await api.dataSource.getRepository(UserEntity).findOneByOrFail({ id: target.id })).weeklyCapacity).toBe(12);
  });

  it('refuses bad input with a clear code, in both languages', async () => {
    const target = await api.fixtures.user(home, [Role.STAFF]);
    const admin = tokens.get(Role.ADMIN);
    for (const bad of [{ weeklyCapacity: -1 }, { weeklyCapacity: 201 }, { displayName: ' x ' }, { roles: ['CHIEF'] }, { locale: 'de' }, {}]) {
      const response = await api.gql(UPDATE, { input: { id: target.id, version: target.version, ...bad } }, { token: admin });
      expect([bad, errorCode(response)]).toEqual([bad, 'BAD_USER_INPUT']);
    }
    const polish = await api.gql(UPDATE, { input: { id: target.id, version: target.version } }, { token: admin });
    expect(polish.errors?.[0]?.message).toMatch(/^Nieprawidłowe dane wejściowe/);
    expect((await api.dataSource.getRepository(UserEntity).findOneByOrFail({ id: target.id })).version).toBe(target.version);
  });

  it('a role removed takes effect at the person’s next request, with the token they already hold', async () => {
    const coordinator = await api.fixtures.user(home, [Role.COORDINATOR, Role.STAFF]);
    const session = await api.login(coordinator.email);
    const workload = () => api.gql('query($org: ID!) { workload(organisationId: $org) { organisationId } }', { org: home.id }, { token: session.accessToken });
    expect((await workload()).errors).toBeUndefined();
    const change = await api.gql<UserAnswer>(UPDATE, { input: { id: coordinator.id, version: coordinator.version, roles: ['STAFF'] } }, { token: tokens.get(Role.ADMIN) });
    expect(change.errors).toBeUndefined();
    expect(errorCode(await workload())).toBe('FORBIDDEN');
    expect((await api.gql<{ me: { roles: string[] } }>(ME, {}, { token: session.accessToken })).data?.me.roles).toEqual(['STAFF']);
  });

  it('everyone changes their own language (and so the language of their errors), no one else’s', async () => {
    for (const role of ROLES) {
      const me = await api.dataSource.getRepository(UserEntity).findOneByOrFail({ id: users.get(role)!.id });
      const response = await api.gql<UserAnswer>(UPDATE, { input: { id: me.id, version: me.version, locale: 'en' } }, { token: tokens.get(role) });
      expect([role, errorCode(response) ?? 'OK', response.data?.updateUser.locale]).toEqual([role, 'OK', 'en']);
      expect((await api.gql<{ me: { locale: string } }>(ME, {}, { token: tokens.get(role) })).data?.me.locale).toBe('en');
      const denied = await api.gql('{ auditEvents { totalCount } }', {}, { token: tokens.get(role) });
      if (role !== Role.AUDITOR) expect(denied.errors?.[0]?.message).toBe('You are not allowed to do this.');
      // Their own roles are not theirs to change (administrators aside).
      const escalate = await api.gql(UPDATE, { input: { id: me.id, version: me.version + 1, roles: ['ADMIN'] } }, { token: tokens.get(role) });
      expect([role, errorCode(escalate) ?? 'OK']).toEqual([role, role === Role.ADMIN ? 'OK' : 'FORBIDDEN']);
    }
  });

  it('reactivates a deactivated user (administrators only): they sign in again', async () => {
    const target = await api.fixtures.user(home, [Role.STAFF]);
    const admin = tokens.get(Role.ADMIN);
    const deactivated = await api.gql<{ deactivateUser: { version: number } }>(DEACTIVATE, { input: { id: target.id, version: target.version } }, { token: admin });
    const version = deactivated.data!.deactivateUser.version;
    expect(errorCode(await api.gql(LOGIN, { input: { email: target.email, password: TEST_PASSWORD } }))).toBe('UNAUTHENTICATED');
    for (const role of ROLES.filter((r) => r !== Role.ADMIN)) {
      expect([role, errorCode(await api.gql(REACTIVATE, { input: { id: target.id, version } }, { token: tokens.get(role) }))]).toEqual([role, 'FORBIDDEN']);
    }
    expect(errorCode(await api.gql(REACTIVATE, { input: { id: target.id, version: version - 1 } }, { token: admin }))).toBe('CONFLICT');
    const reactivated = await api.gql<{ reactivateUser: { active: boolean; version: number } }>(REACTIVATE, { input: { id: target.id, version } }, { token: admin });
    expect(reactivated.errors).toBeUndefined();
    expect(reactivated.data?.reactivateUser).toEqual({ id: target.id, active: true, version: version + 1 });
    expect((await api.gql(LOGIN, { input: { email: target.email, password: TEST_PASSWORD } })).errors).toBeUndefined();
    const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'user.reactivate', entityId: target.id });
    expect(audit).toMatchObject({ actorUserId: users.get(Role.ADMIN)!.id, changes: { active: { before: false, after: true } } });

    const englishAdmin = await api.fixtures.user(home, [Role.ADMIN], { locale: 'en' });
    const again = await api.gql(REACTIVATE, { input: { id: target.id, version: version + 1 } }, { token: (await api.login(englishAdmin.email)).accessToken });
    expect(errorCode(again)).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0]?.message).toBe('This account is already active.');
    // Not while its organisation is inactive.
    const closedOrg = await api.fixtures.organisation({ active: false });
    const stranded = await api.fixtures.user(closedOrg, [Role.STAFF], { active: false });
    expect(errorCode(await api.gql(REACTIVATE, { input: { id: stranded.id, version: stranded.version } }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(REACTIVATE, { input: { id: '7f0c2a4e-2b1d-4c1e-9a51-4b8f1c2d3e4f', version: 1 } }, { token: admin }))).toBe('NOT_FOUND');
  });

  it('deactivation ends every session of the person', async () => {
    const target = await api.fixtures.user(home, [Role.STAFF]);
    const sessions = [await api.login(target.email), await api.login(target.email)];
    const response = await api.gql(DEACTIVATE, { input: { id: target.id, version: target.version } }, { token: tokens.get(Role.ADMIN) });
    expect(response.errors).toBeUndefined();
    for (const session of sessions) {
      expect(errorCode(await api.gql(ME, {}, { token: session.accessToken }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await api.gql(REFRESH, { input: { refreshToken: session.refreshToken } }))).toBe('UNAUTHENTICATED');
    }
    expect((await api.dataSource.getRepository(RefreshTokenEntity).findBy({ userId: target.id })).every((t) => t.revokedAt !== null)).toBe(true);
  });

  it('changes one’s own password: the current one is required, the rules of creation apply, other sessions end', async () => {
    const person = await api.fixtures.user(home, [Role.PARTNER], { locale: 'en' });
    const here = await api.login(person.email);
    const elsewhere = await api.login(person.email);

    const wrong = await api.gql(CHANGE_PASSWORD, { input: { currentPassword: 'not my password', newPassword: NEW_PASSWORD } }, { token: here.accessToken });
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.errors?.[0]?.message).toBe('The current password is incorrect.');
    expect(wrong.errors?.[0]?.extensions?.field).toBe('currentPassword');
    const weak = await api.gql(CHANGE_PASSWORD, { input: { currentPassword: TEST_PASSWORD, newPassword: 'short' } }, { token: here.accessToken });
    expect(errorCode(weak)).toBe('BAD_USER_INPUT');
    expect(weak.errors?.[0]?.message).toBe('The password must be at least 12 characters long.');
    expect(errorCode(await api.gql(CHANGE_PASSWORD, { input: { currentPassword: TEST_PASSWORD, newPassword: 'password1234' } }, { token: here.accessToken }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(CHANGE_PASSWORD, { input: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } }))).toBe('UNAUTHENTICATED');

    const changed = await api.gql<{ changeMyPassword: { id: string; version: number } }>(CHANGE_PASSWORD, { input: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } }, { token: here.accessToken });
    expect(changed.errors).toBeUndefined();
    expect(changed.data?.changeMyPassword).toEqual({ id: person.id, version: person.version + 1 });
    // This session goes on; the other one has ended.
    expect((await api.gql(ME, {}, { token: here.accessToken })).errors).toBeUndefined();
    expect((await api.gql(REFRESH, { input: { refreshToken: here.refreshToken } })).errors).toBeUndefined();
    expect(errorCode(await api.gql(ME, {}, { token: elsewhere.accessToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(REFRESH, { input: { refreshToken: elsewhere.refreshToken } }))).toBe('UNAUTHENTICATED');
    // The old password no longer signs in; the new one does.
    expect(errorCode(await api.gql(LOGIN, { input: { email: person.email, password: TEST_PASSWORD } }))).toBe('UNAUTHENTICATED');
    expect((await api.gql(LOGIN, { input: { email: person.email, password: NEW_PASSWORD } })).errors).toBeUndefined();

    const audit = await api.dataSource.getRepository(AuditEventEntity).find({ where: { action: 'user.change-password', entityId: person.id }, order: { occurredAt: 'ASC' } });
    expect(audit.map((e) => [e.outcome, e.reason, e.changes])).toEqual([
      ['FAILURE', 'INVALID_CURRENT_PASSWORD', {}],
      ['SUCCESS', null, { passwordHash: { before: '[withheld]', after: '[withheld]' } }],
    ]);
    const hashes = await api.dataSource.getRepository(UserEntity).findOneByOrFail({ id: person.id });
    expect(JSON.stringify(audit)).not.toContain(hashes.passwordHash);
    expect(JSON.stringify(audit)).not.toContain(person.passwordHash);
  });

  it('guessing the current password through a stolen session meets the sign-in lock-out', async () => {
    const person = await api.fixtures.user(home, [Role.STAFF]);
    const session = await api.login(person.email);
    const codes: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push(errorCode(await api.gql(CHANGE_PASSWORD, { input: { currentPassword: `guess number ${i}`, newPassword: NEW_PASSWORD } }, { token: session.accessToken })));
    }
    expect(codes).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'RATE_LIMITED']);
    const locked = await api.gql(CHANGE_PASSWORD, { input: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } }, { token: session.accessToken });
    expect(errorCode(locked)).toBe('RATE_LIMITED');
    expect(errorCode(await api.gql(LOGIN, { input: { email: person.email, password: TEST_PASSWORD } }))).toBe('RATE_LIMITED');
  });
});
