import { Module } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { Role } from '@cg/shared/domain';
import { loadConfig } from '@cg/server/config';
import { Public } from '@cg/server/authz';
import { errorCode, type GqlResponse, type TestApp } from '@cg/server/testing';
import { GRAPHQL_LIMITS } from '../src/app/graphql.config';
import { startApi } from './start';

const PROBE_DETAIL = 'probe: connection to 10.0.0.7:5432 refused';

/** A resolver that fails unexpectedly, as a bug or an outage would. */
@Resolver()
class FailingProbeResolver {
  @Query(() => String)
  @Public()
  failingProbe(): string {
    throw new Error(PROBE_DETAIL);
  }
}
@Module({ providers: [FailingProbeResolver] })
class FailingProbeModule {}

/** `{ me { organisation { id parent { id parent { … } } } } }`: the depth is `parents + 3` (me, organisation, the leaf). */
function nestedParents(parents: number): string {
  let selection = 'id';
  for (let i = 0; i < parents; i++) selection = `id parent { ${selection} }`;
  return `{ me { organisation { ${selection} } } }`;
}

/** A refusal before execution: a client error Apollo answers with 400, no data, and never an internal error. */
function expectRefusedBeforeExecution(response: GqlResponse<unknown>, code: string, message: RegExp): void {
  expect(response.status).toBe(400);
  expect(errorCode(response)).toBe(code);
  expect(response.errors?.[0]?.message).toMatch(message);
  expect(response.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')).toBe(false);
  expect(response.data).toBeUndefined();
}

const INTROSPECTION = '{ __schema { types { name } } }';
const MISSPELT = '{ me { emial } }';

describe('GraphQL protections', () => {
  let api: TestApp;
  let token: string;
  let organisationId: string;

  beforeAll(async () => {
    api = await startApi({}, { imports: [FailingProbeModule] });
    const organisation = await api.fixtures.organisation();
    organisationId = organisation.id;
    ({ token } = await api.signedIn(organisation, [Role.ADMIN]));
  });
  afterAll(async () => {
    await api.stop();
  });

  async function stillAnswers(): Promise<void> {
    const response = await api.gql<{ __typename: string }>('{ __typename }');
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ __typename: 'Query' });
  }

  it(`accepts a query ${GRAPHQL_LIMITS.maxDepth} levels deep and refuses one level deeper`, async () => {
    const within = await api.gql<{ me: { organisation: { id: string } } }>(nestedParents(GRAPHQL_LIMITS.maxDepth - 3), {}, { token });
    expect(within.errors).toBeUndefined();
    expect(within.data?.me.organisation.id).toBe(organisationId);

    const deeper = await api.gql(nestedParents(GRAPHQL_LIMITS.maxDepth - 2), {}, { token });
    expectRefusedBeforeExecution(deeper, 'GRAPHQL_VALIDATION_FAILED', new RegExp(`depth limit of ${GRAPHQL_LIMITS.maxDepth} exceeded`));
  });

  it(`accepts ${GRAPHQL_LIMITS.maxAliases} aliases and refuses one more`, async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const within = await api.gql<Record<string, { id: string }>>(aliased(GRAPHQL_LIMITS.maxAliases), {}, { token });
    expect(within.errors).toBeUndefined();
    expect(Object.keys(within.data ?? {})).toHaveLength(GRAPHQL_LIMITS.maxAliases);

    const over = await api.gql(aliased(GRAPHQL_LIMITS.maxAliases + 1), {}, { token });
    expectRefusedBeforeExecution(over, 'GRAPHQL_VALIDATION_FAILED', new RegExp(`Aliases limit of ${GRAPHQL_LIMITS.maxAliases} exceeded`));
  });

  it(`counts __typename like any field: ${GRAPHQL_LIMITS.maxAliases} aliases of it pass, one more and 101 are refused`, async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    const within = await api.gql<Record<string, string>>(aliased(GRAPHQL_LIMITS.maxAliases));
    expect(within.errors).toBeUndefined();
    expect(Object.values(within.data ?? {})).toEqual(Array(GRAPHQL_LIMITS.maxAliases).fill('Query'));
    for (const n of [GRAPHQL_LIMITS.maxAliases + 1, 101]) {
      expectRefusedBeforeExecution(await api.gql(aliased(n)), 'GRAPHQL_VALIDATION_FAILED', new RegExp(`Aliases limit of ${GRAPHQL_LIMITS.maxAliases} exceeded, found ${n}`));
    }
  });

  it(`refuses a field selected more than ${GRAPHQL_LIMITS.maxFieldRepeats} times in one selection set, __typename included, fragments counted`, async () => {
    const repeated = (field: string, n: number) => Array(n).fill(field).join(' ');
    const within = await api.gql<{ __typename: string; me: { id: string } }>(
      `{ ${repeated('__typename', GRAPHQL_LIMITS.maxFieldRepeats)} me { ${repeated('id', GRAPHQL_LIMITS.maxFieldRepeats)} } }`,
      {},
      { token },
    );
    expect(within.errors).toBeUndefined();
    expect(within.data).toEqual({ __typename: 'Query', me: { id: expect.any(String) } });

    const refusals: [string, string, number][] = [
      [`{ ${repeated('__typename', 500)} }`, '__typename', 500],
      [`{ ${repeated('__typename', GRAPHQL_LIMITS.maxFieldRepeats + 1)} }`, '__typename', GRAPHQL_LIMITS.maxFieldRepeats + 1],
      [`{ me { ${repeated('id', GRAPHQL_LIMITS.maxFieldRepeats + 1)} } }`, 'id', GRAPHQL_LIMITS.maxFieldRepeats + 1],
      [`{ me { ...F ...F } } fragment F on User { ${repeated('id', 8)} }`, 'id', 16],
      [`{ me { ... on User { ${repeated('__typename', 10)} } ${repeated('__typename', 10)} } }`, '__typename', 20],
    ];
    for (const [query, field, n] of refusals) {
      expectRefusedBeforeExecution(await api.gql(query, {}, { token }), 'GRAPHQL_VALIDATION_FAILED', new RegExp(`Field repeats limit of ${GRAPHQL_LIMITS.maxFieldRepeats} exceeded: "${field}" is selected ${n} times`));
    }
  });

  it('refuses a subscription sent over HTTP with BAD_USER_INPUT (400), in the caller’s language', async () => {
    const polish = await api.gql('subscription { notificationAdded { type } }', {}, { token });
    expectRefusedBeforeExecution(polish, 'BAD_USER_INPUT', /^Subskrypcje działają przez WebSocket \(graphql-ws\)/);
    const english = await api.gql('subscription { notificationAdded { type } }', {}, { headers: { 'accept-language': 'en' } });
    expectRefusedBeforeExecution(english, 'BAD_USER_INPUT', /^Subscriptions are served over WebSocket \(graphql-ws\)/);
    await stillAnswers();
  });

  it('answers persisted queries it cannot use with a client code, never an internal error', async () => {
    const persisted = (query: string | undefined, persistedQuery: unknown) => api.gql('', {}, { token, rawBody: JSON.stringify({ query, extensions: { persistedQuery } }) });
    const unknownHash = await persisted(undefined, { version: 1, sha256Hash: 'ab'.repeat(32) });
    expect(errorCode(unknownHash)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknownHash.data ?? null).toBeNull();
    for (const [query, extension] of [
      ['{ __typename }', { version: 1, sha256Hash: 'ab'.repeat(32) }],
      ['{ __typename }', { version: 1, sha256Hash: 12 }],
      [undefined, { version: 2, sha256Hash: 'ab'.repeat(32) }],
      [undefined, 'garbage'],
    ] as const) {
      const refused = await persisted(query, extension);
      expectRefusedBeforeExecution(refused, 'BAD_USER_INPUT', /^Nieprawidłowe żądanie GraphQL\.$/);
      expect(refused.errors?.[0]?.extensions?.detail).toEqual(expect.any(String));
    }
    await stillAnswers();
  });

  it('logs the path and the operation name of a GET, never its query string or variables, in every line', async () => {
    const PHONE = '600 123 457';
    const PASSWORD = 'Sekretne-Haslo-2026';
    const get = (params: Record<string, string>) =>
      api.app.inject({ method: 'GET', url: `/graphql?${new URLSearchParams(params).toString()}`, headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` } });
    const from = api.logs.lines.length;

    // A search for a resident by name and phone (answered), a refused sign-in over GET, and a failure logged with its stack.
    const search = await get({
      query: 'query FindResident($search: String) { cases(filter: { search: $search }) { totalCount } }',
      variables: JSON.stringify({ search: `Jan Kowalczyk ${PHONE}` }),
    });
    expect(search.statusCode).toBe(200);
    const signIn = await get({
      query: 'mutation SignIn($input: LoginInput!) { login(input: $input) { accessToken } }',
      operationName: 'SignIn',
      variables: JSON.stringify({ input: { email: 'jan.kowalczyk@example.test', password: PASSWORD } }),
    });
    expect(signIn.statusCode).toBeGreaterThanOrEqual(400);
    const failing = await get({ query: `query FailingLookup { failingProbe }`, variables: JSON.stringify({ phone: PHONE }) });
    expect(errorCode({ status: failing.statusCode, headers: {}, ...(JSON.parse(failing.body) as object) })).toBe('INTERNAL_SERVER_ERROR');

    const lines = api.logs.lines.slice(from);
    const text = lines.join('\n');
    for (const secret of [PASSWORD, PHONE, '600+123', '600%20123', 'Kowalczyk', 'jan.kowalczyk', 'variables', 'query=', 'FindResident(']) expect(text).not.toContain(secret);
    const entries = lines.map((line) => JSON.parse(line) as { msg: string; req?: { path?: string }; operationName?: string; errorId?: string });
    const completed = entries.filter((entry) => entry.msg === 'request completed');
    expect(completed.map((entry) => [entry.req?.path, entry.operationName])).toEqual([
      ['/graphql', 'FindResident'],
      ['/graphql', 'SignIn'],
      ['/graphql', 'FailingLookup'],
    ]);
    const failure = entries.find((entry) => entry.errorId);
    expect(failure).toMatchObject({ req: { path: '/graphql' }, operationName: 'FailingLookup' });
  });

  it(`refuses a document of more than ${GRAPHQL_LIMITS.maxTokens} tokens, and a syntax error, as client errors (400, not 500)`, async () => {
    // Each `...F` is two tokens.
    const spreads = Array.from({ length: GRAPHQL_LIMITS.maxTokens / 2 + 10 }, () => '...F').join(' ');
    const over = await api.gql(`{ ${spreads} } fragment F on Query { __typename }`, {}, { token });
    expectRefusedBeforeExecution(over, 'GRAPHQL_PARSE_FAILED', new RegExp(`more th\\w+ ${GRAPHQL_LIMITS.maxTokens} tokens`));

    const broken = await api.gql('{ me { id ', {}, { token });
    expectRefusedBeforeExecution(broken, 'GRAPHQL_PARSE_FAILED', /Syntax Error/);
    await stillAnswers();
  });

  it(`refuses a query costing more than ${GRAPHQL_LIMITS.maxCost} before running any of it`, async () => {
    const cheap = await api.gql<{ users: { edges: unknown[] } }>('{ users(first: 100) { edges { node { id displayName } } } }', {}, { token });
    expect(cheap.errors).toBeUndefined();
    expect(cheap.data?.users.edges.length).toBeGreaterThan(0);

    const costly = `{ users(first: 100) { totalCount edges { cursor node {
      id email displayName roles locale weeklyCapacity active version organisationId
      organisation { id name code kind area active version parentId parent { id name code kind area active version parentId
        parent { id name code kind area active version parentId parent { id name code kind area active version parentId
          parent { id name code kind area active version parentId } } } } }
    } } } }`;
    const baseline = await api.countQueries(() => api.gql('{ __typename }', {}, { token }));
    const refused = await api.countQueries(() => api.gql(costly, {}, { token }));
    expectRefusedBeforeExecution(refused.result, 'GRAPHQL_VALIDATION_FAILED', new RegExp(`Cost limit of ${GRAPHQL_LIMITS.maxCost} exceeded`));
    // Only the sign-in check of the context ran: no resolver touched the database.
    expect(refused.count).toBe(baseline.count);
  });

  it('refuses a batch of operations sent as a JSON array, running none of them', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ __typename }' }]),
    });
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body) as unknown;
    expect(Array.isArray(body)).toBe(false);
    expect(body).toEqual({ errors: [{ message: expect.stringMatching(/batching disabled/i), extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('refuses a body above the configured limit with 413, accepts one just below it, and keeps answering', async () => {
    const limit = loadConfig().http.bodyLimitBytes;
    expect(limit).toBe(102_400);
    // Variables the operation does not declare are ignored, so only the size differs.
    const body = (size: number) => {
      const empty = JSON.stringify({ query: '{ __typename }', variables: { padding: '' } });
      return JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(size - Buffer.byteLength(empty)) } });
    };
    const post = (payload: string) => api.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload });

    const below = await post(body(limit));
    expect(below.statusCode).toBe(200);
    expect(JSON.parse(below.body)).toEqual({ data: { __typename: 'Query' } });

    const above = await post(body(limit + 1));
    expect(above.statusCode).toBe(413);
    expect(above.body).not.toContain('__typename');
    await stillAnswers();
  });

  it('blocks requests a browser could send cross-site without a preflight (CSRF)', async () => {
    const simpleGet = await api.app.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D' });
    expect(simpleGet.statusCode).toBe(400);
    expect(simpleGet.body).toMatch(/Cross-Site Request Forgery/);
    expect(simpleGet.body).not.toContain('"data"');

    const preflighted = await api.app.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D', headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.statusCode).toBe(200);
    expect(JSON.parse(preflighted.body)).toEqual({ data: { __typename: 'Query' } });

    // A form-like POST carrying a mutation: refused, and nothing is created.
    const before = await api.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM organisations');
    const textPlain = await api.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      payload: JSON.stringify({ query: 'mutation { createOrganisation(input: { name: "Cross Site", code: "CSRF1", kind: NGO }) { id } }' }),
    });
    expect(textPlain.statusCode).toBe(400);
    expect(textPlain.body).toMatch(/Cross-Site Request Forgery/);
    expect(await api.dataSource.query('SELECT count(*)::int AS n FROM organisations')).toEqual(before);
  });

  describe('in development', () => {
    it('offers introspection, field suggestions and the IDE (so that the production checks below can tell the difference)', async () => {
      const introspection = await api.gql<{ __schema: { types: { name: string }[] } }>(INTROSPECTION);
      expect(introspection.data?.__schema.types.map((t) => t.name)).toContain('User');

      const misspelt = await api.gql(MISSPELT, {}, { token });
      expect(errorCode(misspelt)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(misspelt.errors?.[0]?.message).toContain('Did you mean "email"?');

      const browser = await api.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
      expect(browser.statusCode).toBe(302);
      expect(browser.headers.location).toBe('/ide/');
      const page = await api.app.inject({ method: 'GET', url: '/ide/', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toMatch(/AltairGraphQL\.init/);
    });
  });
});

describe('GraphQL in production', () => {
  let api: TestApp;
  let token: string;
  const saved = { NODE_ENV: process.env.NODE_ENV, JWT_SECRET: process.env.JWT_SECRET };

  beforeAll(async () => {
    api = await startApi({ NODE_ENV: 'production', JWT_SECRET: 'production-test-secret-of-forty-chars-xx' }, { imports: [FailingProbeModule] });
    ({ token } = await api.signedIn(await api.fixtures.organisation(), [Role.ADMIN]));
  });
  afterAll(async () => {
    await api.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('refuses introspection, signed in or not', async () => {
    for (const options of [{}, { token }]) {
      const response = await api.gql(INTROSPECTION, {}, options);
      expectRefusedBeforeExecution(response, 'GRAPHQL_VALIDATION_FAILED', /introspection is not allowed/);
    }
  });

  it('does not suggest field names for a misspelt field', async () => {
    const misspelt = await api.gql(MISSPELT, {}, { token });
    expect(errorCode(misspelt)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(misspelt.errors?.[0]?.message).toContain('Cannot query field "emial" on type "User"');
    expect(misspelt.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(misspelt.errors?.[0]?.message).not.toContain('"email"');
  });

  it('answers an unexpected failure with an error id only: no stack trace, no detail; the detail is in the log', async () => {
    const response = await api.gql('{ failingProbe }');
    expect(response.status).toBe(200);
    expect(response.data).toBeNull();
    const error = response.errors?.[0];
    expect(error?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(error?.message).toContain(String(error?.extensions?.errorId));
    expect(JSON.stringify(response)).not.toMatch(/10\.0\.0\.7|probe:|stacktrace|\.ts:\d+/);
    const logged = api.logs.lines.find((line) => line.includes(String(error?.extensions?.errorId)));
    expect(logged).toContain(PROBE_DETAIL);
  });

  it('never sends a stack trace with any kind of error', async () => {
    const responses = await Promise.all([
      api.gql('{ failingProbe }'),
      api.gql('{ me { id ', {}, { token }),
      api.gql(MISSPELT, {}, { token }),
      api.gql(INTROSPECTION),
      api.gql('{ me { id } }'),
      api.gql('{ users(first: 101) { totalCount } }', {}, { token }),
      api.gql('query($id: ID!) { organisation(id: $id) { id } }', { id: '8a0b3c52-27a4-4d53-9a4b-2d2f0e0b7c11' }, { token }),
      api.gql('query($n: Int!) { users(first: $n) { totalCount } }', { n: 'ten' }, { token }),
    ]);
    expect(responses.map((r) => errorCode(r))).toEqual([
      'INTERNAL_SERVER_ERROR',
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'UNAUTHENTICATED',
      'BAD_USER_INPUT',
      'NOT_FOUND',
      'BAD_USER_INPUT',
    ]);
    for (const response of responses) {
      for (const error of response.errors ?? []) expect(error.extensions).not.toHaveProperty('stacktrace');
      expect(JSON.stringify(response)).not.toMatch(/stacktrace|\n\s+at /);
    }
  });

  it('does not serve an IDE or a landing page', async () => {
    const page = await api.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
    expect(page.headers['content-type']).not.toMatch(/text\/html/);
    expect(page.body).not.toMatch(/graphiql|altair|<html/i);
    expect(page.statusCode).toBeGreaterThanOrEqual(400);
    for (const url of ['/ide/', '/ide/main.js', '/ide/index.html']) {
      const ide = await api.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(ide.statusCode).toBe(404);
      expect(ide.body).not.toMatch(/altair/i);
    }
  });
});

describe('Logs at the warn level (as deployed)', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'warn' }, { imports: [FailingProbeModule] });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('writes no line for an answered request, and the line of a failure still names its request, path and operation', async () => {
    const from = api.logs.lines.length;
    expect((await api.gql('query Fine { __typename }')).data).toEqual({ __typename: 'Query' });
    expect(api.logs.lines.slice(from)).toEqual([]);

    const response = await api.gql('query FailingAtWarn { failingProbe }', {}, { headers: { 'x-request-id': 'trace-warn-level-0001' } });
    const errorId = String(response.errors?.[0]?.extensions?.errorId);
    const lines = api.logs.lines.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.every((line) => Number(line.level) >= 40)).toBe(true);
    expect(lines.find((line) => line.errorId === errorId)).toMatchObject({
      service: 'api',
      requestId: 'trace-warn-level-0001',
      req: { id: 'trace-warn-level-0001', method: 'POST', path: '/graphql' },
      operationName: 'FailingAtWarn',
    });
  });
});
