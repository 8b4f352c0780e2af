import { Module } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { OrganisationKind, Role, translate } from '@cg/shared/domain';
import { loadConfig } from '@cg/server/config';
import { Public } from '@cg/server/authz';
import { eventually, TcpProxy, TestApp, TEST_PASSWORD } from '@cg/server/testing';
import { createApiApp } from '../src/app/bootstrap';
import { startApi } from './start';

const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`;
const openCaseInput = { title: 'Dewastacja wiat przystankowych', type: 'PUBLIC_NUISANCE', area: { district: 'Centrum' }, diagnosis: { what: 'Wybite szyby' } };

/**
 * A write the test cuts in two: its transaction runs a first statement, then waits until the test says go (after
 * cutting PostgreSQL and seeing TypeORM release the query runner), then runs a second one: a statement on the
 * transaction's manager (TypeORM throws QueryRunnerAlreadyReleasedError) or a nested transaction, as a service
 * called with the caller's manager opens (QueryRunnerProviderAlreadyReleasedError).
 */
const torn = {
  held: new Map<string, { manager: EntityManager; go: () => void }>(),
  arrived: ((tag: string) => void tag) as (tag: string) => void,
};
@Resolver()
class TornWriteProbeResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Mutation(() => String)
  @Public()
  async tornWriteProbe(@Args('tag') tag: string, @Args('via') via: string): Promise<string> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO torn_write_probe (tag, part) VALUES ($1, 1)', [tag]);
      await new Promise<void>((resolve) => {
        torn.held.set(tag, { manager, go: resolve });
        torn.arrived(tag);
      });
      if (via === 'manager') await manager.query('INSERT INTO torn_write_probe (tag, part) VALUES ($1, 2)', [tag]);
      else await manager.transaction((inner) => inner.query('INSERT INTO torn_write_probe (tag, part) VALUES ($1, 2)', [tag]));
    });
    return 'written';
  }
}
@Module({ providers: [TornWriteProbeResolver] })
class TornWriteProbeModule {}

/**
 * The API with PostgreSQL and Redis behind proxies that the test stops and starts (the shared servers stay
 * up for everyone else): an outage is told apart from a bug, and readiness says what the API can still serve.
 */
describe('the API during an outage of PostgreSQL or Redis', () => {
  const database = new TcpProxy(Number(new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').port || 5432));
  const redis = new TcpProxy(Number(new URL(loadConfig({}).redis.url).port || 6379));
  let api: TestApp;
  let token: string;
  let email: string;
  /** The test's database, not through the proxy: for what the test itself does while the proxy is down. */
  let directUrl: string;
  let police: Awaited<ReturnType<TestApp['fixtures']['organisation']>>;

  beforeAll(async () => {
    await database.start();
    await redis.start();
    api = await TestApp.start(
      ({ logDestination }) => {
        directUrl = process.env.DATABASE_URL!;
        process.env.DATABASE_URL = database.url(process.env.DATABASE_URL!);
        return createApiApp({ logDestination, imports: [TornWriteProbeModule] });
      },
      { REDIS_URL: redis.url(loadConfig({}).redis.url) },
    );
    police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const signedIn = await api.signedIn(police, [Role.COORDINATOR]);
    token = signedIn.token;
    email = signedIn.user.email;
    await api.dataSource.query('CREATE TABLE torn_write_probe (tag text NOT NULL, part integer NOT NULL)');
  });

  afterAll(async () => {
    await database.start();
    await redis.start();
    await api?.stop();
    await database.stop();
    await redis.stop();
  });

  it('PostgreSQL unreachable: 503 SERVICE_UNAVAILABLE with Retry-After, in Polish and English, then normal service when it returns', async () => {
    await database.stop();
    try {
      // Signed in: the person behind the token cannot be looked up.
      const me = await api.gql('{ me { id } }', {}, { token });
      expect(me.status).toBe(503);
      expect(me.headers['retry-after']).toBe('5');
      expect(me.errors).toEqual([{ message: translate('unavailable', 'pl', { seconds: 5 }), extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 } }]);
      // A resolver that reaches the database (signing in), in English.
      const login = await api.gql('mutation($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { email, password: TEST_PASSWORD } }, { headers: { 'accept-language': 'en' } });
      expect(login.status).toBe(503);
      expect(login.headers['retry-after']).toBe('5');
      expect(login.errors?.[0]).toMatchObject({ message: 'The service is temporarily unavailable. Try again in 5 s.', extensions: { code: 'SERVICE_UNAVAILABLE' } });
      // The web app's sign-in over /auth answers alike.
      const browser = await api.app.inject({
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        payload: JSON.stringify({ email, password: TEST_PASSWORD }),
      });
      expect(browser.statusCode).toBe(503);
      expect(browser.headers['retry-after']).toBe('5');
      expect(JSON.parse(browser.body)).toEqual({ errors: [{ message: 'The service is temporarily unavailable. Try again in 5 s.', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 } }] });
      expect(browser.headers['set-cookie']).toBeUndefined();
      expect(login.errors?.[0]?.extensions).not.toHaveProperty('errorId');
      // Readiness: nothing can be served without PostgreSQL; liveness is not about dependencies.
      const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', checks: { database: 'down', queue: 'up' } });
      expect((await api.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await database.start();
    }
    const back = await eventually('the API to serve again after PostgreSQL returned', async () => {
      const response = await api.gql<{ me: { id: string } }>('{ me { id } }', {}, { token });
      return response.status === 200 && response;
    }, 30_000);
    expect(back.data?.me.id).toEqual(expect.any(String));
    expect(api.logs.lines.filter((line) => line.includes('unexpected'))).toEqual([]);
  }, 90_000);

  it('PostgreSQL cut between two statements of a transaction (TypeORM releases the query runner): 503 SERVICE_UNAVAILABLE, nothing written', async () => {
    const tags = ['via-manager', 'via-nested'];
    const arrived = new Set<string>();
    torn.arrived = (tag) => void arrived.add(tag);
    const write = (tag: string) =>
      api.gql<{ tornWriteProbe: string }>('mutation($tag: String!, $via: String!) { tornWriteProbe(tag: $tag, via: $via) }', { tag, via: tag.slice(4) }, { headers: { 'accept-language': 'en' } });
    const answers = tags.map(write);
    try {
      await eventually('both writes to be between their two statements', async () => tags.every((tag) => arrived.has(tag)), 30_000);
      await database.stop();
      // The pg clients' sockets broke while idle in their transactions: TypeORM releases the runners on their 'error'.
      await eventually('TypeORM to release both query runners', async () => tags.every((tag) => torn.held.get(tag)?.manager.queryRunner?.isReleased === true), 30_000);
      for (const tag of tags) torn.held.get(tag)!.go();
      for (const answer of await Promise.all(answers)) {
        expect(answer.status).toBe(503);
        expect(answer.headers['retry-after']).toBe('5');
        expect(answer.errors).toHaveLength(1);
        expect(answer.errors?.[0]).toMatchObject({ message: 'The service is temporarily unavailable. Try again in 5 s.', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 } });
        expect(answer.errors?.[0]?.extensions).not.toHaveProperty('errorId');
      }
    } finally {
      for (const held of torn.held.values()) held.go();
      await database.start();
    }
    // Nothing of either transaction was committed; and neither was taken for a bug.
    const rows = await eventually('PostgreSQL to answer again', async () => (await api.dataSource.query('SELECT tag, part FROM torn_write_probe').catch(() => null)) as unknown[] | null, 30_000);
    expect(rows).toEqual([]);
    expect(api.logs.lines.filter((line) => line.includes('unexpected'))).toEqual([]);
  }, 90_000);

  it('PostgreSQL cut while a field resolver\'s DataLoader queries it (the root field answered): 503 SERVICE_UNAVAILABLE in the caller\'s language, no error id', async () => {
    const opened = await api.gql<{ openCase: { id: string } }>(OPEN_CASE, { input: openCaseInput }, { token });
    expect(opened.errors).toBeUndefined();
    const caseId = opened.data!.openCase.id;
    const linesBefore = api.logs.lines.length;
    // The root field (`case`) reads cases and participants; its `risks` field reads trust_risks through a DataLoader.
    // Holding trust_risks locked (outside the proxy) stops the request exactly there: the root field has answered,
    // the field resolver's query waits; then PostgreSQL "goes away" under it. Nest runs no exception filter there.
    const cutDuringRisks = async (as: string) => {
      const holder = new Client({ connectionString: directUrl });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE trust_risks IN ACCESS EXCLUSIVE MODE');
        const answer = api.gql('query($id: ID!) { case(id: $id) { id title risks { id } } }', { id: caseId }, { token: as });
        await eventually('the DataLoader\'s query to wait for trust_risks', async () => {
          const { rows } = await holder.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'trust_risks' AND NOT l.granted",
          );
          return rows[0]!.n > 0;
        }, 30_000);
        await database.stop();
        return await answer;
      } finally {
        await holder.query('ROLLBACK').catch(() => undefined);
        await holder.end();
        await database.start();
        await eventually('the API to serve again', async () => (await api.gql('{ me { id } }', {}, { token })).status === 200, 30_000);
      }
    };
    // In the person's language: a colleague who reads English, then the Polish coordinator.
    const english = await api.fixtures.user(police, [Role.COORDINATOR], { locale: 'en' });
    const { accessToken: englishToken } = await api.login(english.email);
    const cases = [
      { as: englishToken, message: 'The service is temporarily unavailable. Try again in 5 s.' },
      { as: token, message: translate('unavailable', 'pl', { seconds: 5 }) },
    ];
    for (const { as, message } of cases) {
      const response = await cutDuringRisks(as);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.errors).toEqual([{ message, locations: expect.any(Array), path: ['case', 'risks'], extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 } }]);
    }
    // Taken for an outage (a warning), not for a bug ("unexpected …" with an error id at error level).
    const logged = api.logs.lines.slice(linesBefore).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logged.filter((line) => line.level >= 50 || line.msg.includes('unexpected'))).toEqual([]);
    expect(logged.filter((line) => line.msg === 'a store is unavailable')).toHaveLength(2);
  }, 120_000);

  it('Redis unreachable: still ready (degraded, in the body and the metrics); reads and writes work and their events wait in the outbox', async () => {
    await redis.stop();
    try {
      const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'degraded', checks: { database: 'up', queue: 'down' }, degraded: ['queue'] });
      const metrics = await api.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toMatch(/^cg_dependency_up\{dependency="database"\} 1$/m);
      expect(metrics.body).toMatch(/^cg_dependency_up\{dependency="queue"\} 0$/m);

      const opened = await api.gql<{ openCase: { id: string } }>(OPEN_CASE, { input: openCaseInput }, { token });
      expect(opened.errors).toBeUndefined();
      const caseId = opened.data!.openCase.id;
      const read = await api.gql<{ case: { id: string } }>('query($id: ID!) { case(id: $id) { id } }', { id: caseId }, { token });
      expect(read.data?.case.id).toBe(caseId);
      const events: { published_at: Date | null }[] = await api.dataSource.query('SELECT published_at FROM outbox_events WHERE aggregate_id = $1', [caseId]);
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.published_at === null)).toBe(true);
    } finally {
      await redis.start();
    }
    await eventually('readiness to be ok again after Redis returned', async () => {
      const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });
      return ready.statusCode === 200 && ready.json<{ status: string }>().status === 'ok';
    }, 30_000);
  }, 90_000);
});

/** A query the test holds open for as long as it likes: a request in flight at shutdown. */
const held = { arrived: () => undefined as void, release: () => undefined as void };
@Resolver()
class HeldProbeResolver {
  @Query(() => String)
  @Public()
  async heldProbe(): Promise<string> {
    await new Promise<void>((resolve) => {
      held.release = resolve;
      held.arrived();
    });
    return 'done';
  }
}
@Module({ providers: [HeldProbeResolver] })
class HeldProbeModule {}

async function listening(api: TestApp): Promise<string> {
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  return `${await api.app.getUrl()}/graphql`.replace('[::1]', '127.0.0.1');
}

function heldRequest(url: string): Promise<{ status: number; body: unknown }> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ heldProbe }' }) }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

describe('API shutdown within SHUTDOWN_GRACE_MS', () => {
  it('a request in flight longer than the fixed 10 s of the Apollo drain finishes when the grace allows it', async () => {
    const api = await startApi({ SHUTDOWN_GRACE_MS: '60000' }, { imports: [HeldProbeModule] });
    const url = await listening(api);
    const arrived = new Promise<void>((resolve) => (held.arrived = resolve));
    const response = heldRequest(url);
    await arrived;
    const closed = api.stop();
    // Held past the old fixed drain (10 s), well within the configured grace (60 s).
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    held.release();
    await expect(response).resolves.toEqual({ status: 200, body: { data: { heldProbe: 'done' } } });
    await closed;
  }, 90_000);

  it('a request still in flight when a short grace is over is cut, and shutdown completes', async () => {
    const api = await startApi({ SHUTDOWN_GRACE_MS: '200' }, { imports: [HeldProbeModule] });
    const url = await listening(api);
    const arrived = new Promise<void>((resolve) => (held.arrived = resolve));
    const outcome = heldRequest(url).then(() => 'answered', () => 'cut');
    await arrived;
    await api.stop();
    await expect(outcome).resolves.toBe('cut');
    held.release();
  });
});
