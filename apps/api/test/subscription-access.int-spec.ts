import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { DataSource } from 'typeorm';
import { isNotifiable, OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity, UserEntity } from '@cg/server/db';
import { JobsService } from '@cg/server/jobs';
import { AccessHandler, FanOutHandler, isAccessEvent, RealtimeService } from '@cg/server/notifications';
import type { TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * A subscription socket does not outlive the access it was opened with: logout, deactivation and a change of
 * roles close it (graphql-ws close codes 4401/4403) through the outbox → worker → realtime channel that
 * reaches every API instance, and each event is checked against the recipient's access before it is sent.
 * No sleeps: the test waits for the server to listen, for the close event, for the next event.
 */
describe('subscriptions end with the access they were opened with', () => {
  let api: TestApp;
  let url: string;
  let realtime: RealtimeService;
  let fanOut: FanOutHandler;
  let access: AccessHandler;
  let police: OrganisationEntity;
  let town: OrganisationEntity;
  let lead: { user: UserEntity; token: string };
  let admin: { user: UserEntity; token: string };
  let caseId: string;
  const clients: Client[] = [];

  /** Runs what the worker would for every outbox event not yet handled: fan-out, and access changes. */
  async function deliverAll(): Promise<void> {
    const events: { id: string; type: string }[] = await api.dataSource.query('SELECT id, type FROM outbox_events WHERE published_at IS NULL ORDER BY occurred_at');
    for (const event of events) {
      if (isAccessEvent(event.type)) await access.handle({ eventId: event.id });
      else if (isNotifiable(event.type)) await fanOut.handle({ eventId: event.id });
    }
    await api.dataSource.query('UPDATE outbox_events SET published_at = now() WHERE id = ANY($1)', [events.map((e) => e.id)]);
  }

  /** A graphql-ws subscription, resolved once the server listens for its notifications. */
  async function subscribe(token: string) {
    const original = realtime.listen.bind(realtime);
    const listening = new Promise<void>((resolve) => {
      jest.spyOn(realtime, 'listen').mockImplementationOnce(async (listener) => {
        const stop = await original(listener);
        resolve();
        return stop;
      });
    });
    let closedWith: (code: number) => void = () => undefined;
    const closed = new Promise<number>((resolve) => (closedWith = resolve));
    const received: string[] = [];
    const waiting: ((type: string) => void)[] = [];
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      shouldRetry: () => false,
      on: { closed: (event) => closedWith((event as { code: number }).code) },
    });
    clients.push(client);
    client.subscribe<{ notificationAdded: { type: string } }>(
      { query: 'subscription { notificationAdded { type title caseReference } }' },
      {
        next: (value) => {
          const type = value.data?.notificationAdded.type ?? '?';
          received.push(type);
          waiting.shift()?.(type);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await listening;
    return { received, closed, next: () => new Promise<string>((resolve) => waiting.push(resolve)) };
  }

  const post = (token: string, visibility = 'PARTNERS') =>
    api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId, kind: 'NOTE', visibility, body: 'Wpis' } }, { token });
  const notification = async (userId: string, type: string, payload: Record<string, unknown>): Promise<string> => {
    const [row]: { id: string }[] = await api.dataSource.query(
      `INSERT INTO notifications (event_id, user_id, type, case_id, payload, email_mode) VALUES ($1, $2, $3, $4, $5, 'NONE') RETURNING id`,
      [randomUUID(), userId, type, typeof payload.caseId === 'string' ? payload.caseId : null, payload],
    );
    return row!.id;
  };
  const version = async (table: 'users', id: string): Promise<number> => (await api.dataSource.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version;

  beforeAll(async () => {
    api = await startApi();
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    url = `ws://127.0.0.1:${(api.app.getHttpServer().address() as { port: number }).port}/graphql`;
    realtime = api.app.get(RealtimeService);
    fanOut = new FanOutHandler(api.app.get(DataSource), api.app.get(JobsService), realtime);
    access = new AccessHandler(api.app.get(DataSource), realtime);
    police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    town = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    await api.fixtures.agreement(police, town);
    lead = await api.signedIn(police, [Role.COORDINATOR]);
    admin = await api.signedIn(police, [Role.ADMIN]);
    const opened = await api.gql<{ openCase: { id: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: { title: 'Zakłócanie ciszy nocnej', type: 'PUBLIC_NUISANCE', area: { district: 'Centrum' }, diagnosis: { what: 'hałas' } } },
      { token: lead.token },
    );
    caseId = opened.data!.openCase.id;
    await api.gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { input: { caseId, organisationId: town.id } }, { token: lead.token });
    await deliverAll();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await api.stop();
  });

  it('closes the socket on logout (4401), after which nothing arrives', async () => {
    const staff = await api.signedIn(town, [Role.STAFF]);
    const socket = await subscribe(staff.token);
    const first = socket.next();
    await post(lead.token);
    await deliverAll();
    expect(await first).toBe('case.update-posted');

    const logout = await api.gql('mutation { logout }', {}, { token: staff.token });
    expect(logout.errors).toBeUndefined();
    await deliverAll();
    expect(await socket.closed).toBe(4401);
    await post(lead.token);
    await deliverAll();
    expect(socket.received).toEqual(['case.update-posted']);
  });

  it('closes the socket when a reused refresh token revokes its session (4401)', async () => {
    const user = await api.fixtures.user(town, [Role.STAFF]);
    const session = await api.login(user.email);
    const socket = await subscribe(session.accessToken);
    const refresh = (refreshToken: string) =>
      api.gql<{ refreshSession: { refreshToken: string } }>('mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { refreshToken } }', { input: { refreshToken } });
    const second = await refresh(session.refreshToken);
    expect(second.errors).toBeUndefined();
    expect((await refresh(second.data!.refreshSession.refreshToken)).errors).toBeUndefined();
    // The first token again, after its successor was itself used: theft is assumed and the whole family revoked.
    expect((await refresh(session.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await deliverAll();
    expect(await socket.closed).toBe(4401);
  });

  it('closes the sockets of a deactivated person (4401)', async () => {
    const staff = await api.signedIn(town, [Role.STAFF]);
    const socket = await subscribe(staff.token);
    const deactivated = await api.gql('mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { id } }', { input: { id: staff.user.id, version: await version('users', staff.user.id) } }, { token: admin.token });
    expect(deactivated.errors).toBeUndefined();
    await deliverAll();
    expect(await socket.closed).toBe(4401);
    expect(socket.received).toEqual([]);
  });

  it('closes the sockets of everyone in a deactivated organisation (4401)', async () => {
    const school = await api.fixtures.organisation({ kind: OrganisationKind.SCHOOL });
    const sockets = [await subscribe((await api.signedIn(school, [Role.STAFF])).token), await subscribe((await api.signedIn(school, [Role.COORDINATOR])).token)];
    const deactivated = await api.gql(
      'mutation($input: DeactivateOrganisationInput!) { deactivateOrganisation(input: $input) { id } }',
      { input: { id: school.id, version: (await api.dataSource.query('SELECT version FROM organisations WHERE id = $1', [school.id]))[0].version } },
      { token: admin.token },
    );
    expect(deactivated.errors).toBeUndefined();
    await deliverAll();
    expect(await Promise.all(sockets.map((socket) => socket.closed))).toEqual([4401, 4401]);
  });

  it('closes the sockets of a person whose roles changed (4403), so that the new rules apply', async () => {
    const coordinator = await api.signedIn(town, [Role.COORDINATOR]);
    const socket = await subscribe(coordinator.token);
    const changed = await api.gql('mutation($input: SetUserRolesInput!) { setUserRoles(input: $input) { id } }', { input: { id: coordinator.user.id, roles: ['STAFF'], version: await version('users', coordinator.user.id) } }, { token: admin.token });
    expect(changed.errors).toBeUndefined();
    await deliverAll();
    expect(await socket.closed).toBe(4403);
  });

  it('checks each event before sending it: a person deactivated without the socket being told gets nothing, and the socket closes', async () => {
    const staff = await api.signedIn(town, [Role.STAFF]);
    const socket = await subscribe(staff.token);
    await api.dataSource.query('UPDATE users SET active = false WHERE id = $1', [staff.user.id]);
    const id = await notification(staff.user.id, 'case.update-posted', { caseId, updateId: randomUUID(), visibility: 'PARTNERS' });
    await realtime.publish([{ userId: staff.user.id, notificationId: id }]);
    expect(await socket.closed).toBe(4401);
    expect(socket.received).toEqual([]);
  });

  it('does not send an event about a case the recipient’s organisation no longer takes part in', async () => {
    const staff = await api.signedIn(town, [Role.STAFF]);
    const socket = await subscribe(staff.token);
    const aboutCase = await notification(staff.user.id, 'case.update-posted', { caseId, updateId: randomUUID(), visibility: 'PARTNERS' });
    const removed = await api.gql('mutation($input: RemoveCaseParticipantInput!) { removeCaseParticipant(input: $input) { id } }', { input: { caseId, organisationId: town.id } }, { token: lead.token });
    expect(removed.errors).toBeUndefined();
    const notAboutCase = await notification(staff.user.id, 'webhook.disabled', { endpointId: randomUUID() });
    // In this order: the first is checked (and dropped) before the second is sent.
    const next = socket.next();
    await realtime.publish([
      { userId: staff.user.id, notificationId: aboutCase },
      { userId: staff.user.id, notificationId: notAboutCase },
    ]);
    expect(await next).toBe('webhook.disabled');
    expect(socket.received).toEqual(['webhook.disabled']);
  });
});
