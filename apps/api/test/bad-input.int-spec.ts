import { randomUUID } from 'node:crypto';
import { Role } from '@cg/shared/domain';
import type { OrganisationEntity, UserEntity } from '@cg/server/db';
import { errorCode, type GqlResponse, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id email } }';
const CREATE_ORGANISATION = 'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }';
const CREATE_AGREEMENT = 'mutation($input: CreateAgreementInput!) { createPartnershipAgreement(input: $input) { id } }';
const DEACTIVATE_USER = 'mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { id active } }';
const USERS = 'query($first: Int) { users(first: $first) { totalCount edges { node { id } } } }';

const PASSWORD = 'a long and unusual passphrase';

interface Written {
  users: number;
  organisations: number;
  agreements: number;
  auditSuccess: number;
  outbox: number;
}

describe('bad input', () => {
  let api: TestApp;
  let home: OrganisationEntity;
  let admin: { user: UserEntity; token: string };
  /** An administrator who chose English in their profile. */
  let englishAdmin: string;

  beforeAll(async () => {
    api = await startApi();
    home = await api.fixtures.organisation();
    admin = await api.signedIn(home, [Role.ADMIN]);
    const english = await api.fixtures.user(home, [Role.ADMIN], { locale: 'en' });
    englishAdmin = (await api.login(english.email)).accessToken;
  });
  afterAll(async () => {
    await api.stop();
  });

  function validUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { organisationId: home.id, email: `new.${randomUUID().slice(0, 8)}@example.test`, displayName: 'Nowa Osoba', password: PASSWORD, roles: ['STAFF'], ...overrides };
  }

  function createUser(input: Record<string, unknown>, token = admin.token, headers?: Record<string, string>) {
    return api.gql(CREATE_USER, { input }, { token, headers });
  }

  async function written(): Promise<Written> {
    const [row] = await api.dataSource.query<Written[]>(`SELECT
      (SELECT count(*) FROM users)::int AS users,
      (SELECT count(*) FROM organisations)::int AS organisations,
      (SELECT count(*) FROM partnership_agreements)::int AS agreements,
      (SELECT count(*) FROM audit_events WHERE outcome = 'SUCCESS')::int AS "auditSuccess",
      (SELECT count(*) FROM outbox_events)::int AS outbox`);
    return row!;
  }

  /** Runs the refused calls and checks that none of them wrote anything: no row, no successful audit event, no outbox event. */
  async function expectNothingWritten(calls: () => Promise<void>): Promise<void> {
    const before = await written();
    await calls();
    expect(await written()).toEqual(before);
  }

  /** Refused with this code and message, no data, nothing internal, and the values sent never echoed back. */
  function expectRefused(response: GqlResponse<unknown>, code: string, message: string, sent: string[] = [PASSWORD]): void {
    expect(errorCode(response)).toBe(code);
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]?.message).toBe(message);
    expect(response.data ?? null).toBeNull();
    const body = JSON.stringify(response);
    expect(body).not.toContain('INTERNAL_SERVER_ERROR');
    for (const value of sent) expect(body).not.toContain(value);
  }

  it('accepts the valid input these tests spoil, and that is written and audited (the checks below can see a write)', async () => {
    const before = await written();
    const input = validUser();
    const created = await createUser(input);
    expect(created.errors).toBeUndefined();
    const after = await written();
    expect(after).toEqual({ ...before, users: before.users + 1, auditSuccess: before.auditSuccess + 1, outbox: before.outbox + 1 });
    expect(JSON.stringify(created)).not.toContain(PASSWORD);
  });

  it('refuses a malformed e-mail, naming the field, in Polish by default and in English for an English-speaking caller', async () => {
    await expectNothingWritten(async () => {
      const polish = await createUser(validUser({ email: 'not-an-e-mail' }));
      expectRefused(polish, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: email.');
      expect(polish.errors?.[0]?.extensions?.fields).toEqual([{ field: 'email', problems: ['isEmail'] }]);
      expect(polish.errors?.[0]?.extensions?.reason).toBe('INPUT_INVALID');
      const english = await createUser(validUser({ email: 'not-an-e-mail' }), englishAdmin);
      expectRefused(english, 'BAD_USER_INPUT', 'Invalid input: email.');
    });
  });

  it('refuses a missing required field, in the caller’s language, without quoting the values sent', async () => {
    const withoutEmail = validUser();
    delete withoutEmail.email;
    await expectNothingWritten(async () => {
      const polish = await createUser(withoutEmail);
      expect(polish.status).toBe(400);
      expectRefused(polish, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: input.email.', [PASSWORD, 'Nowa Osoba']);
      // Refused by the GraphQL server's check of the variables, named like the validation pipe's refusals.
      expect(polish.errors?.[0]?.extensions?.reason).toBe('INPUT_INVALID');
      const english = await createUser(withoutEmail, englishAdmin);
      expectRefused(english, 'BAD_USER_INPUT', 'Invalid input: input.email.');
      // Variables are checked before anyone is signed in: the header decides then.
      const anonymous = await api.gql(CREATE_USER, { input: withoutEmail }, { headers: { 'accept-language': 'en' } });
      expectRefused(anonymous, 'BAD_USER_INPUT', 'Invalid input: input.email.');
      const noInput = await api.gql(CREATE_USER, {}, { token: admin.token });
      expectRefused(noInput, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: input.');
    });
  });

  it('refuses values of the wrong type and unknown enum values, naming the field', async () => {
    await expectNothingWritten(async () => {
      const capacity = await createUser(validUser({ weeklyCapacity: 'ten' }));
      expect(capacity.status).toBe(400);
      expectRefused(capacity, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: input.weeklyCapacity.');
      const role = await createUser(validUser({ roles: ['KING'] }), englishAdmin);
      expectRefused(role, 'BAD_USER_INPUT', 'Invalid input: input.roles[0].');
      const unknownField = await createUser(validUser({ superuser: true }));
      expectRefused(unknownField, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: input.superuser.');
      const outOfRange = await createUser(validUser({ weeklyCapacity: 1000 }));
      expectRefused(outOfRange, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: weeklyCapacity.');
      const agreement = await api.gql(
        CREATE_AGREEMENT,
        { input: { organisationAId: home.id, organisationBId: home.id, purpose: 'sharing', dataCategories: ['EVERYTHING'], validFrom: '2025-01-01' } },
        { token: admin.token },
      );
      expectRefused(agreement, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: input.dataCategories[0].');
    });
  });

  it('refuses oversized strings without echoing them', async () => {
    const longName = 'N'.repeat(5000);
    const longPassword = 'p'.repeat(10_000);
    const other = await api.fixtures.organisation();
    await expectNothingWritten(async () => {
      const name = await createUser(validUser({ displayName: longName }));
      expectRefused(name, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: displayName.', [longName.slice(0, 300)]);
      expect(name.errors?.[0]?.extensions?.fields).toEqual([{ field: 'displayName', problems: ['maxLength'] }]);
      const password = await createUser(validUser({ password: longPassword }), englishAdmin);
      expectRefused(password, 'BAD_USER_INPUT', 'Invalid input: password.', [longPassword.slice(0, 300)]);
      const organisation = await api.gql(CREATE_ORGANISATION, { input: { name: longName, code: 'LONG1', kind: 'NGO' } }, { token: admin.token });
      expectRefused(organisation, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: name.', [longName.slice(0, 300)]);
      const agreement = await api.gql(
        CREATE_AGREEMENT,
        { input: { organisationAId: home.id, organisationBId: other.id, purpose: longName, dataCategories: [], validFrom: '2025-01-01' } },
        { token: admin.token },
      );
      expectRefused(agreement, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: purpose.', [longName.slice(0, 300)]);
    });
  });

  it('refuses a NUL character as bad input instead of failing in the database', async () => {
    await expectNothingWritten(async () => {
      const user = await createUser(validUser({ displayName: 'Nowa\u0000Osoba' }));
      expectRefused(user, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: displayName.');
      expect(user.errors?.[0]?.extensions?.fields).toEqual([{ field: 'displayName', problems: ['noNulCharacter'] }]);
      // The same character written as an escape in the query text itself.
      const organisation = await api.gql('mutation { createOrganisation(input: { name: "Nul\\u0000Org", code: "NUL1", kind: NGO }) { id } }', {}, { token: admin.token });
      expectRefused(organisation, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: name.');
    });
  });

  it('answers NOT_FOUND for ids that do not exist, and BAD_USER_INPUT for ones that are not ids', async () => {
    const other = await api.fixtures.organisation();
    await expectNothingWritten(async () => {
      const deactivate = await api.gql(DEACTIVATE_USER, { input: { id: randomUUID(), version: 1 } }, { token: admin.token });
      expectRefused(deactivate, 'NOT_FOUND', 'Nie znaleziono: User.');
      const user = await createUser(validUser({ organisationId: randomUUID() }), englishAdmin);
      expectRefused(user, 'NOT_FOUND', 'Not found: Organisation.');
      const child = await api.gql(CREATE_ORGANISATION, { input: { name: 'Sierota', code: 'ORPHAN1', kind: 'NGO', parentId: randomUUID() } }, { token: admin.token });
      expectRefused(child, 'NOT_FOUND', 'Nie znaleziono: Organisation.');
      const agreement = await api.gql(
        CREATE_AGREEMENT,
        { input: { organisationAId: other.id, organisationBId: randomUUID(), purpose: 'sharing', dataCategories: [], validFrom: '2025-01-01' } },
        { token: admin.token },
      );
      expectRefused(agreement, 'NOT_FOUND', 'Nie znaleziono: Organisation.');
      const notAnId = await createUser(validUser({ organisationId: 'organisation-1' }));
      expectRefused(notAnId, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: organisationId.');
    });
  });

  it('refuses a stale version with CONFLICT and leaves the user as it was', async () => {
    const user = await api.fixtures.user(home, [Role.STAFF]);
    await expectNothingWritten(async () => {
      const stale = await api.gql(DEACTIVATE_USER, { input: { id: user.id, version: user.version + 1 } }, { token: admin.token });
      expectRefused(stale, 'CONFLICT', 'Dane zmieniły się w międzyczasie. Odśwież i spróbuj ponownie.');
    });
    const [row] = await api.dataSource.query<{ active: boolean; version: number }[]>('SELECT active, version FROM users WHERE id = $1', [user.id]);
    expect(row).toEqual({ active: true, version: user.version });
    // The version the caller read works.
    const current = await api.gql<{ deactivateUser: { active: boolean } }>(DEACTIVATE_USER, { input: { id: user.id, version: user.version } }, { token: admin.token });
    expect(current.data?.deactivateUser.active).toBe(false);
  });

  it('allows pages of at most 100', async () => {
    const largest = await api.gql<{ users: { totalCount: number } }>(USERS, { first: 100 }, { token: admin.token });
    expect(largest.errors).toBeUndefined();
    expect(largest.data?.users.totalCount).toBeGreaterThan(0);
    const tooMany = await api.gql(USERS, { first: 101 }, { token: admin.token });
    expectRefused(tooMany, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: first.');
    const english = await api.gql(USERS, { first: 101 }, { token: englishAdmin });
    expectRefused(english, 'BAD_USER_INPUT', 'Invalid input: first.');
  });

  it('refuses short and common passwords, in Polish by default and in English for an English-speaking caller', async () => {
    await expectNothingWritten(async () => {
      const cases = [
        { password: 'qwerty123456', pl: 'To hasło jest zbyt popularne. Wybierz inne.', en: 'This password is too common. Choose another.' },
        { password: 'Krótkie1!', pl: 'Hasło musi mieć co najmniej 12 znaków.', en: 'The password must be at least 12 characters long.' },
      ];
      for (const { password, pl, en } of cases) {
        const polish = await createUser(validUser({ password }));
        expectRefused(polish, 'BAD_USER_INPUT', pl, [password]);
        expect(polish.errors?.[0]?.extensions?.field).toBe('password');
        expectRefused(await createUser(validUser({ password }), englishAdmin), 'BAD_USER_INPUT', en, [password]);
      }
    });
  });

  it('refuses an e-mail already in use, whatever its case, and keeps a single account', async () => {
    const existing = await api.fixtures.user(home, [Role.STAFF]);
    await expectNothingWritten(async () => {
      const duplicate = await createUser(validUser({ email: existing.email.toUpperCase() }));
      expectRefused(duplicate, 'BAD_USER_INPUT', 'Ten adres e-mail jest już używany.');
      const english = await createUser(validUser({ email: existing.email }), englishAdmin);
      expectRefused(english, 'BAD_USER_INPUT', 'This e-mail address is already in use.');
    });
    const [row] = await api.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users WHERE lower(email) = $1', [existing.email]);
    expect(row?.n).toBe(1);
  });

  it('refuses a duplicate organisation and an agreement of an organisation with itself or ending before it starts', async () => {
    const other = await api.fixtures.organisation();
    const agreement = (input: Record<string, unknown>) =>
      api.gql(CREATE_AGREEMENT, { input: { organisationAId: home.id, organisationBId: other.id, purpose: 'sharing', dataCategories: [], validFrom: '2025-01-01', ...input } }, { token: admin.token });
    await expectNothingWritten(async () => {
      const duplicate = await api.gql(CREATE_ORGANISATION, { input: { name: home.name.toUpperCase(), code: 'FRESH1', kind: 'NGO' } }, { token: admin.token });
      expectRefused(duplicate, 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: name/code.');
      expectRefused(await agreement({ organisationBId: home.id }), 'BAD_USER_INPUT', 'Porozumienie musi łączyć dwie różne organizacje.');
      expectRefused(await agreement({ validTo: '2024-12-31' }), 'BAD_USER_INPUT', 'Data końca musi być późniejsza niż data początku.');
      expectRefused(await agreement({ validFrom: '2025-02-30' }), 'BAD_USER_INPUT', 'Nieprawidłowe dane wejściowe: validFrom.');
    });
  });
});
