import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Role } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { errorCode, TEST_PASSWORD, type GqlResponse, type TestApp } from '@cg/server/testing';
import { createApiApp } from '../src/app/bootstrap';
import { startApi } from './start';

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }';
const MARK_READ = 'mutation { markNotificationsRead(input: {}) { marked } }';

// Low on purpose, and counted by address and by user: each test below uses addresses and users of its own.
const SIGN_IN_LIMIT = 10;
const MUTATION_LIMIT = 5;
const REQUEST_LIMIT = 100;

/** Refused by a rate limit: 429, RATE_LIMITED, the seconds to wait (also as Retry-After), no data. */
function expectRateLimited(response: GqlResponse<unknown>, message: RegExp): void {
  expect(response.status).toBe(429);
  expect(errorCode(response)).toBe('RATE_LIMITED');
  const seconds = response.errors?.[0]?.extensions?.retryAfterSeconds;
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(response.headers['retry-after']).toBe(String(seconds));
  expect(response.errors?.[0]?.message).toMatch(message);
  expect(response.errors?.[0]?.message).toContain(`${String(seconds)} s`);
  expect(response.data ?? null).toBeNull();
}

describe('rate limits', () => {
  let api: TestApp;
  let home: OrganisationEntity;

  beforeAll(async () => {
    api = await startApi({
      RATE_LIMIT_SIGN_IN_PER_MINUTE: String(SIGN_IN_LIMIT),
      RATE_LIMIT_MUTATIONS_PER_MINUTE: String(MUTATION_LIMIT),
      RATE_LIMIT_REQUESTS_PER_MINUTE: String(REQUEST_LIMIT),
    });
    home = await api.fixtures.organisation();
  });
  afterAll(async () => {
    await api.stop();
  });

  const failedAttempts = async () => (await api.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM login_attempts'))[0]!.n;
  const sessions = async () => (await api.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM refresh_tokens'))[0]!.n;

  it(`stops one address trying 40 accounts after ${SIGN_IN_LIMIT} attempts, before any password check; another address is unaffected`, async () => {
    const accounts = [];
    for (let i = 0; i < 40; i++) accounts.push(await api.fixtures.user(home, [Role.STAFF]));
    const attempts = await failedAttempts();
    const attacker = '203.0.113.7';

    const answers = [];
    for (const account of accounts) {
      answers.push(await api.gql(LOGIN, { input: { email: account.email, password: 'one guess per account' } }, { remoteAddress: attacker }));
    }
    expect(answers.slice(0, SIGN_IN_LIMIT).map(errorCode)).toEqual(Array(SIGN_IN_LIMIT).fill('UNAUTHENTICATED'));
    for (const refused of answers.slice(SIGN_IN_LIMIT)) expectRateLimited(refused, /^Zbyt wiele prób logowania z tego adresu\. Spróbuj ponownie za \d+ s\.$/);
    // Only the attempts let through were checked (and counted against their e-mails).
    expect(await failedAttempts()).toBe(attempts + SIGN_IN_LIMIT);

    // The right password, from the same address, is not checked either; in English when asked.
    const before = await sessions();
    const right = await api.gql(LOGIN, { input: { email: accounts[39]!.email, password: TEST_PASSWORD } }, { remoteAddress: attacker, headers: { 'accept-language': 'en' } });
    expectRateLimited(right, /^Too many sign-in attempts from this address\. Try again in \d+ s\.$/);
    expect(await sessions()).toBe(before);
    expect(await failedAttempts()).toBe(attempts + SIGN_IN_LIMIT);

    // Nor refreshSession, nor the queue dashboard's sign-in form.
    const refresh = await api.gql('mutation { refreshSession(input: { refreshToken: "x" }) { accessToken } }', {}, { remoteAddress: attacker });
    expectRateLimited(refresh, /^Zbyt wiele prób logowania/);
    const form = await api.app.inject({
      method: 'POST',
      url: '/admin/queues/login',
      remoteAddress: attacker,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: accounts[39]!.email, password: TEST_PASSWORD }).toString(),
    });
    expect(form.statusCode).toBe(429);
    expect(form.headers['set-cookie']).toBeUndefined();
    expect(Number(form.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // Another address signs in.
    const neighbour = await api.gql<{ login: { accessToken: string } }>(LOGIN, { input: { email: accounts[39]!.email, password: TEST_PASSWORD } }, { remoteAddress: '198.51.100.9' });
    expect(neighbour.errors).toBeUndefined();
    expect(neighbour.data?.login.accessToken).toEqual(expect.any(String));
  });

  it('counts each login of a document: eleven aliased guesses in one request are refused whole', async () => {
    const account = await api.fixtures.user(home, [Role.STAFF]);
    const attempts = await failedAttempts();
    const guesses = Array.from({ length: SIGN_IN_LIMIT + 1 }, (_, i) => `g${i}: login(input: { email: "${account.email}", password: "guess number ${i}" }) { accessToken }`);
    const response = await api.gql(`mutation { ${guesses.join(' ')} }`, {}, { remoteAddress: '203.0.113.8' });
    expectRateLimited(response, /^Zbyt wiele prób logowania/);
    expect(await failedAttempts()).toBe(attempts);
  });

  it('shares the count between two API instances on the same Redis', async () => {
    // A second instance of the API on the same database, Redis and queue prefix (the environment TestApp set).
    const second: NestFastifyApplication = await createApiApp({ logDestination: api.logs });
    await second.init();
    await second.getHttpAdapter().getInstance().ready();
    try {
      const address = '192.0.2.44';
      let attempt = 0;
      // A new e-mail each time, so that the per-e-mail lock-out never answers first.
      const login = async (app: NestFastifyApplication) => {
        attempt++;
        const response = await app.inject({
          method: 'POST',
          url: '/graphql',
          remoteAddress: address,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ query: LOGIN, variables: { input: { email: `nobody${attempt}@example.test`, password: 'a wrong password' } } }),
        });
        return { status: response.statusCode, headers: response.headers, ...(JSON.parse(response.body) as object) } as GqlResponse<unknown>;
      };
      const first = api.app;
      const codes = [];
      for (let i = 0; i < SIGN_IN_LIMIT; i++) codes.push(errorCode(await login(i % 2 === 0 ? first : second)));
      expect(codes).toEqual(Array(SIGN_IN_LIMIT).fill('UNAUTHENTICATED'));
      expectRateLimited(await login(second), /^Zbyt wiele prób logowania/);
      expectRateLimited(await login(first), /^Zbyt wiele prób logowania/);
    } finally {
      await second.close();
    }
  });

  it(`limits each signed-in user to ${MUTATION_LIMIT} mutations, in their language; reading and other users go on`, async () => {
    const english = await api.fixtures.user(home, [Role.STAFF], { locale: 'en' });
    const { accessToken: token } = await api.login(english.email);
    const other = await api.signedIn(home, [Role.STAFF]);

    for (let i = 0; i < MUTATION_LIMIT; i++) expect((await api.gql(MARK_READ, {}, { token })).errors).toBeUndefined();
    expectRateLimited(await api.gql(MARK_READ, {}, { token }), /^Too many changes in a short time\. Try again in \d+ s\.$/);

    const me = await api.gql<{ me: { id: string } }>('{ me { id } }', {}, { token });
    expect(me.data?.me.id).toBe(english.id);

    // Each mutation of a document counts: five at once pass, then nothing more.
    const five = Array.from({ length: MUTATION_LIMIT }, (_, i) => `m${i}: markNotificationsRead(input: {}) { marked }`).join(' ');
    expect((await api.gql(`mutation { ${five} }`, {}, { token: other.token })).errors).toBeUndefined();
    expectRateLimited(await api.gql(MARK_READ, {}, { token: other.token }), /^Zbyt wiele zmian w krótkim czasie\. Spróbuj ponownie za \d+ s\.$/);
  });

  it(`limits every request of one address to ${REQUEST_LIMIT}, in the GraphQL error shape with 429; health checks and other addresses go on`, async () => {
    const address = '198.51.100.200';
    const typename = (remoteAddress: string) => api.gql<{ __typename: string }>('{ __typename }', {}, { remoteAddress, headers: { 'accept-language': 'en' } });
    for (let i = 0; i < REQUEST_LIMIT; i++) expect((await typename(address)).data).toEqual({ __typename: 'Query' });
    expectRateLimited(await typename(address), /^Too many requests from this address\. Try again in \d+ s\.$/);
    const page = await api.app.inject({ method: 'GET', url: '/admin/queues/login', remoteAddress: address });
    expect(page.statusCode).toBe(429);

    const health = await api.app.inject({ method: 'GET', url: '/health/live', remoteAddress: address });
    expect(health.statusCode).toBe(200);
    expect((await typename('198.51.100.201')).data).toEqual({ __typename: 'Query' });
  });
});
