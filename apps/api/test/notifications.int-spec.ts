import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { DataSource } from 'typeorm';
import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity, UserEntity } from '@cg/server/db';
import { JobsService } from '@cg/server/jobs';
import { FanOutHandler, RealtimeService } from '@cg/server/notifications';
import { deferred, errorCode, TEST_PASSWORD, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * The in-app side of notifications, on the real API: fan-out as the worker runs it, the inbox, the unread
 * count, preferences, and the graphql-ws subscription, with the access rules (an NGO partner never hears
 * of AGENCIES or LEAD updates, through any channel).
 */
describe('notifications: inbox, preferences, subscription and who hears what', () => {
  let api: TestApp;
  let fanOut: FanOutHandler;
  let police: OrganisationEntity;
  let ngo: OrganisationEntity;
  let lead: { user: UserEntity; token: string };
  let officer: { user: UserEntity; token: string };
  let partner: { user: UserEntity; token: string };
  let caseId: string;
  let url: string;

  /** Runs the fan-out for every outbox event not yet handled, as the worker would: the jobs at once, fanned out in batches. */
  async function deliverAll(): Promise<void> {
    const events: { id: string }[] = await api.dataSource.query('SELECT id FROM outbox_events WHERE published_at IS NULL ORDER BY occurred_at');
    await Promise.all(events.map((event) => fanOut.handle({ eventId: event.id })));
    await api.dataSource.query('UPDATE outbox_events SET published_at = now() WHERE published_at IS NULL');
  }

  const post = (token: string, visibility: string, body: string) =>
    api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId, kind: 'NOTE', visibility, body } }, { token });

  const inbox = async (token: string) =>
    (await api.gql<{ notifications: { totalCount: number; edges: { node: { id: string; type: string; title: string; read: boolean; caseReference: string } }[] }; unreadNotificationCount: number }>(
      '{ notifications(first: 100) { totalCount edges { node { id type title read caseReference } } } unreadNotificationCount }',
      {},
      { token },
    )).data!;

  beforeAll(async () => {
    api = await startApi();
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    url = `ws://127.0.0.1:${(api.app.getHttpServer().address() as { port: number }).port}/graphql`;
    fanOut = new FanOutHandler(api.app.get(DataSource), api.app.get(JobsService), api.app.get(RealtimeService));
    police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    await api.fixtures.agreement(police, ngo);
    lead = await api.signedIn(police, [Role.COORDINATOR]);
    officer = await api.signedIn(police, [Role.STAFF]);
    partner = await api.signedIn(ngo, [Role.PARTNER]);
    const opened = await api.gql<{ openCase: { id: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: { title: 'Napięcia przy szkole', type: 'SOCIAL_TENSION', area: { district: 'Piaski' }, diagnosis: { what: 'bójki' } } },
      { token: lead.token },
    );
    caseId = opened.data!.openCase.id;
    await api.gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { input: { caseId, organisationId: ngo.id } }, { token: lead.token });
    await deliverAll();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('tells case members about updates they may read, and an NGO partner never about AGENCIES or LEAD updates', async () => {
    await post(officer.token, 'PARTNERS', 'Spotkanie z rodzicami w czwartek');
    await post(officer.token, 'AGENCIES', 'Interwencja w nocy');
    await post(officer.token, 'LEAD', 'Decyzja wewnętrzna');
    await deliverAll();
    const partnerInbox = await inbox(partner.token);
    const partnerUpdates = partnerInbox.notifications.edges.filter((e) => e.node.type === 'case.update-posted');
    expect(partnerUpdates).toHaveLength(1);
    const [stored] = await api.dataSource.query(`SELECT payload->>'visibility' AS visibility FROM notifications WHERE id = $1`, [partnerUpdates[0]!.node.id]);
    expect(stored.visibility).toBe('PARTNERS');
    const leadUpdates = (await inbox(lead.token)).notifications.edges.filter((e) => e.node.type === 'case.update-posted');
    expect(leadUpdates).toHaveLength(3);
    // The author is not told about their own update.
    expect((await inbox(officer.token)).notifications.edges.filter((e) => e.node.type === 'case.update-posted')).toHaveLength(0);
    expect(partnerUpdates[0]!.node.title).toMatch(/^Nowy wpis w sprawie /);
  });

  it('sends webhooks only to organisations that may know: an NGO endpoint never gets AGENCIES or LEAD updates', async () => {
    const register = (token: string) =>
      api.gql<{ registerWebhook: { endpoint: { id: string } } }>(
        'mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { endpoint { id } } }',
        { input: { url: 'http://127.0.0.1:9/hook', eventTypes: ['case.update-posted'] } },
        { token },
      );
    const ngoCoordinator = await api.signedIn(ngo, [Role.COORDINATOR]);
    const ngoHook = (await register(ngoCoordinator.token)).data!.registerWebhook.endpoint.id;
    const policeHook = (await register(lead.token)).data!.registerWebhook.endpoint.id;
    await post(officer.token, 'AGENCIES', 'Notatka dla instytucji');
    await post(officer.token, 'LEAD', 'Notatka wewnętrzna');
    await post(officer.token, 'PARTNERS', 'Informacja dla wszystkich');
    await deliverAll();
    const deliveries: { endpoint_id: string; visibility: string }[] = await api.dataSource.query(
      `SELECT d.endpoint_id, e.payload->>'visibility' AS visibility FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id WHERE d.endpoint_id = ANY($1) ORDER BY e.occurred_at`,
      [[ngoHook, policeHook]],
    );
    expect(deliveries.filter((d) => d.endpoint_id === ngoHook).map((d) => d.visibility)).toEqual(['PARTNERS']);
    expect(deliveries.filter((d) => d.endpoint_id === policeHook).map((d) => d.visibility)).toEqual(['AGENCIES', 'LEAD', 'PARTNERS']);
    await api.dataSource.query('UPDATE webhook_endpoints SET active = false WHERE id = ANY($1)', [[ngoHook, policeHook]]);
  });

  it('mounts the queue dashboard for administrators only', async () => {
    const admin = await api.signedIn(police, [Role.ADMIN]);
    const get = (token?: string) => api.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await get()).statusCode).toBe(401);
    expect((await get(lead.token)).statusCode).toBe(403);
    const ok = await get(admin.token);
    expect(ok.statusCode).toBe(200);
    const names = (JSON.parse(ok.body) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['delivery', 'maintenance', 'notifications']);
  });

  it('lets an administrator open the queue dashboard in a browser: a sign-in form, then a cookie for the dashboard only', async () => {
    const admin = await api.signedIn(police, [Role.ADMIN]);
    const html = { accept: 'text/html' };
    // No session: the browser is sent to the form, in Polish unless it asks for English.
    const first = await api.app.inject({ method: 'GET', url: '/admin/queues', headers: html });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/admin/queues/login');
    const form = await api.app.inject({ method: 'GET', url: '/admin/queues/login', headers: html });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<html lang="pl">');
    expect(form.body).toContain('<form method="post" action="/admin/queues/login">');
    expect((await api.app.inject({ method: 'GET', url: '/admin/queues/login', headers: { ...html, 'accept-language': 'en' } })).body).toContain('Sign in');

    const signIn = (email: string, password: string) =>
      api.app.inject({ method: 'POST', url: '/admin/queues/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ email, password }).toString() });
    const wrong = await signIn(admin.user.email, 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(wrong.body).toContain('role="alert"');
    const notAdmin = await signIn(lead.user.email, TEST_PASSWORD);
    expect(notAdmin.statusCode).toBe(403);
    expect(notAdmin.headers['set-cookie']).toBeUndefined();

    const signedIn = await signIn(admin.user.email, TEST_PASSWORD);
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/admin/queues');
    const setCookie = String(signedIn.headers['set-cookie']);
    expect(setCookie).toMatch(/^cg_queues=[\w.-]+; Path=\/admin\/queues; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    const session = setCookie.split(';')[0]!;
    const board = await api.app.inject({ method: 'GET', url: '/admin/queues', headers: { ...html, cookie: session } });
    expect(board.statusCode).toBe(200);
    const queues = await api.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie: session } });
    expect(queues.statusCode).toBe(200);
    // The sign-in is in the audit trail, like any other.
    const [audited] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.login' AND actor_user_id = $1 AND outcome = 'SUCCESS'`, [admin.user.id]);
    expect(audited.n).toBeGreaterThanOrEqual(2);
    // A forged cookie is not a session; signing out drops the cookie.
    expect((await api.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie: 'cg_queues=forged.token.value' } })).statusCode).toBe(401);
    const out = await api.app.inject({ method: 'POST', url: '/admin/queues/logout', headers: { cookie: session } });
    expect(out.statusCode).toBe(303);
    expect(String(out.headers['set-cookie'])).toMatch(/^cg_queues=; Path=\/admin\/queues; Max-Age=0;/);
  });

  it('keeps one notification per event and recipient, however often the fan-out runs', async () => {
    await post(officer.token, 'PARTNERS', 'Drugi wpis');
    const [event] = await api.dataSource.query(`SELECT id FROM outbox_events WHERE published_at IS NULL AND type = 'case.update-posted'`);
    // The job run twice (a retry, or a stalled job picked up again).
    const first = await fanOut.handle({ eventId: event.id });
    const second = await fanOut.handle({ eventId: event.id });
    expect(first.created).toBeGreaterThan(0);
    expect(second).toEqual({ recipients: first.recipients, created: 0 });
    const [{ n }] = await api.dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE event_id = $1', [event.id]);
    expect(n).toBe(first.created);
    await deliverAll();
  });

  it('fans out a batch of events in the same number of SQL statements whatever its size, each event to its own readers', async () => {
    const postMany = async (n: number) => {
      for (let i = 0; i < n; i++) await post(officer.token, i % 2 === 0 ? 'PARTNERS' : 'AGENCIES', `Wpis ${i}`);
      return (await api.dataSource.query(`SELECT id, payload->>'visibility' AS visibility FROM outbox_events WHERE published_at IS NULL AND type = 'case.update-posted'`)) as { id: string; visibility: string }[];
    };
    const fanOutAll = async (events: { id: string }[]) => {
      const counted = await api.countQueries(() => fanOut.fanOut(events.map((e) => e.id)));
      await api.dataSource.query('UPDATE outbox_events SET published_at = now() WHERE id = ANY($1)', [events.map((e) => e.id)]);
      return counted;
    };
    const few = await postMany(2);
    const many = (await postMany(20)).filter((e) => !few.some((f) => f.id === e.id));
    expect(many).toHaveLength(20);
    const small = await fanOutAll(few);
    const large = await fanOutAll(many);
    expect(large.count).toBe(small.count);
    // Read the events, write notifications and deliveries, read what is to send, record the fan-out as completed.
    expect(large.count).toBeLessThanOrEqual(4);
    // Every event of the batch reached its own readers: the lead always, the NGO partner only the PARTNERS ones.
    const reached: { event_id: string; user_id: string }[] = await api.dataSource.query('SELECT event_id, user_id FROM notifications WHERE event_id = ANY($1)', [many.map((e) => e.id)]);
    for (const event of many) {
      const users = reached.filter((r) => r.event_id === event.id).map((r) => r.user_id);
      expect(users).toContain(lead.user.id);
      expect(users.includes(partner.user.id)).toBe(event.visibility === 'PARTNERS');
      expect(users).not.toContain(officer.user.id);
    }
    expect([...large.result.values()].every((o) => o.created === o.recipients && o.recipients > 0)).toBe(true);
  });

  it('counts unread notifications and marks them read, only one’s own', async () => {
    const before = await inbox(partner.token);
    expect(before.unreadNotificationCount).toBe(before.notifications.edges.filter((e) => !e.node.read).length);
    const someoneElses = (await inbox(lead.token)).notifications.edges[0]!.node.id;
    const firstId = before.notifications.edges[0]!.node.id;
    const marked = await api.gql<{ markNotificationsRead: { marked: number; unreadCount: number } }>(
      'mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { marked unreadCount } }',
      { input: { ids: [firstId, someoneElses] } },
      { token: partner.token },
    );
    expect(marked.data!.markNotificationsRead).toEqual({ marked: 1, unreadCount: before.unreadNotificationCount - 1 });
    expect((await api.dataSource.query('SELECT read_at FROM notifications WHERE id = $1', [someoneElses]))[0].read_at).toBeNull();
    const all = await api.gql<{ markNotificationsRead: { unreadCount: number } }>('mutation { markNotificationsRead(input: {}) { unreadCount } }', {}, { token: partner.token });
    expect(all.data!.markNotificationsRead.unreadCount).toBe(0);
  });

  it('respects preferences: OFF means no notification, DIGEST waits for the digest; a crisis reaches every coordinator', async () => {
    const ngoCoordinator = await api.signedIn(ngo, [Role.COORDINATOR]);
    const set = (token: string, eventType: string, mode: string) =>
      api.gql('mutation($input: SetNotificationPreferenceInput!) { setNotificationPreference(input: $input) { eventType mode } }', { input: { eventType, mode } }, { token });
    expect((await set(partner.token, 'case.update-posted', 'OFF')).errors).toBeUndefined();
    expect((await set(ngoCoordinator.token, 'case.update-posted', 'OFF')).errors).toBeUndefined();
    // Escalations cannot be turned off (refused); an OFF stored before that rule is ignored by the fan-out.
    expect(errorCode(await set(ngoCoordinator.token, 'case.escalated', 'OFF'))).toBe('BAD_USER_INPUT');
    await api.dataSource.query(`INSERT INTO notification_preferences (user_id, event_type, mode) VALUES ($1, 'case.escalated', 'OFF')`, [ngoCoordinator.user.id]);
    expect(errorCode(await set(partner.token, 'user.created', 'OFF'))).toBe('BAD_USER_INPUT');
    const before = (await inbox(partner.token)).notifications.totalCount;
    await post(officer.token, 'PARTNERS', 'Wpis, o którym partner nie chce wiedzieć');
    const version = (await api.dataSource.query('SELECT version FROM cases WHERE id = $1', [caseId]))[0].version;
    await api.gql('mutation($input: EscalateCaseInput!) { escalateCase(input: $input) { id } }', { input: { id: caseId, version, escalation: 'CRISIS', reason: 'Zamieszki pod szkołą' } }, { token: lead.token });
    await deliverAll();
    expect((await inbox(partner.token)).notifications.totalCount).toBe(before);
    const coordinatorInbox = await inbox(ngoCoordinator.token);
    expect(coordinatorInbox.notifications.edges.map((e) => e.node.type)).toEqual(['case.escalated']);
    expect(coordinatorInbox.notifications.edges[0]!.node.title).toMatch(/^KRYZYS: sprawa .* podniesiona do poziomu kryzysowego$/);
    const [row] = await api.dataSource.query(`SELECT email_mode FROM notifications WHERE user_id = $1 AND type = 'case.escalated'`, [ngoCoordinator.user.id]);
    expect(row.email_mode).toBe('IMMEDIATE');
    await set(partner.token, 'case.update-posted', 'DIGEST');
    await post(officer.token, 'PARTNERS', 'Wpis do podsumowania dnia');
    await deliverAll();
    const [digest] = await api.dataSource.query(`SELECT email_mode FROM notifications WHERE user_id = $1 AND type = 'case.update-posted' ORDER BY created_at DESC LIMIT 1`, [partner.user.id]);
    expect(digest.email_mode).toBe('DIGEST');
  });

  it('pushes new notifications over graphql-ws to their recipient only, and refuses a socket without a valid token', async () => {
    const received: { partner: string[]; lead: string[] } = { partner: [], lead: [] };
    // Each arrival is checked against what the test waits for: no polling, no fixed delay.
    const arrivals = new Set<() => void>();
    const subscribe = (token: string, into: string[]) => {
      const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
      const done = new Promise<void>((resolve) => {
        client.subscribe<{ notificationAdded: { type: string; title: string } }>(
          { query: 'subscription { notificationAdded { type title } }' },
          {
            next: (value) => {
              into.push(`${value.data?.notificationAdded.type}`);
              for (const arrival of arrivals) arrival();
            },
            error: () => resolve(),
            complete: () => resolve(),
          },
        );
      });
      return { client, done };
    };
    // Both subscriptions are listening once the server has registered them with the realtime signal and that
    // registration is live (it resolves after the subscriber connection has subscribed).
    const realtime = api.app.get(RealtimeService);
    const listen = realtime.listen.bind(realtime);
    const registrations: Promise<unknown>[] = [];
    const bothRegistered = deferred();
    const spy = jest.spyOn(realtime, 'listen').mockImplementation((listener) => {
      const registration = listen(listener);
      registrations.push(registration);
      if (registrations.length === 2) bothRegistered.resolve();
      return registration;
    });
    const partnerSub = subscribe(partner.token, received.partner);
    const leadSub = subscribe(lead.token, received.lead);
    try {
      await bothRegistered.promise;
      await Promise.all(registrations);
    } finally {
      spy.mockRestore();
    }
    await api.gql('mutation($input: SetNotificationPreferenceInput!) { setNotificationPreference(input: $input) { mode } }', { input: { eventType: 'case.update-posted', mode: 'IMMEDIATE' } }, { token: partner.token });
    await post(officer.token, 'AGENCIES', 'Tylko dla instytucji');
    await post(officer.token, 'PARTNERS', 'Dla wszystkich');
    await deliverAll();
    await new Promise<void>((resolve) => {
      const check = () => received.partner.length >= 1 && received.lead.length >= 2 && resolve();
      arrivals.add(check);
      check();
    });
    expect(received.partner).toEqual(['case.update-posted']);
    expect(received.lead).toEqual(['case.update-posted', 'case.update-posted']);

    const refused: string[] = [];
    const bad = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: 'Bearer not-a-token' }, retryAttempts: 0 });
    await new Promise<void>((resolve) => {
      bad.subscribe({ query: 'subscription { notificationAdded { type } }' }, { next: () => refused.push('next'), error: () => resolve(), complete: () => resolve() });
    });
    expect(refused).toEqual([]);
    await Promise.all([partnerSub.client.dispose(), leadSub.client.dispose(), bad.dispose()]);
  });
});
