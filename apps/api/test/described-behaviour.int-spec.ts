import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const POST = 'mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id visibility body } }';
const PREFERENCES = '{ notificationPreferences { eventType mode locked } }';
const SET = 'mutation($input: SetNotificationPreferenceInput!) { setNotificationPreference(input: $input) { eventType mode locked } }';

/** What the schema's descriptions promise, held against what the API does. */
describe('behaviour the schema describes', () => {
  let api: TestApp;
  let police: OrganisationEntity;
  let ngo: OrganisationEntity;
  let coordinator: string;
  let partner: { token: string; user: { id: string } };
  let caseId: string;

  beforeAll(async () => {
    api = await startApi();
    police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    coordinator = (await api.signedIn(police, [Role.COORDINATOR])).token;
    partner = await api.signedIn(ngo, [Role.PARTNER]);
    const opened = await api.gql<{ openCase: { id: string } }>('mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }', { input: { title: 'Osiedle', type: 'SOCIAL_TENSION', area: { district: 'Piaski' }, diagnosis: { what: 'napięcia' } } }, { token: coordinator });
    caseId = opened.data!.openCase.id;
    const added = await api.gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { input: { caseId, organisationId: ngo.id, overrideReason: 'Stowarzyszenie mieszkańców, porozumienie w przygotowaniu', grantedCategories: ['CASE_CONTENT'] } }, { token: coordinator });
    expect(added.errors).toBeUndefined();
  });
  afterAll(async () => {
    await api.stop();
  });

  describe('postCaseUpdate: NGOs post PARTNERS updates only', () => {
    it('lets an NGO partner post a note every participant sees, audited and announced', async () => {
      const posted = await api.gql<{ postCaseUpdate: { id: string; visibility: string; body: string } }>(POST, { input: { caseId, kind: 'NOTE', visibility: 'PARTNERS', body: 'Mieszkańcy zgłaszają brak oświetlenia' } }, { token: partner.token });
      expect(posted.errors).toBeUndefined();
      expect(posted.data!.postCaseUpdate).toMatchObject({ visibility: 'PARTNERS', body: 'Mieszkańcy zgłaszają brak oświetlenia' });
      const id = posted.data!.postCaseUpdate.id;
      const seen = await api.gql<{ case: { updates: { edges: { node: { id: string } }[] } } }>('query($id: ID!) { case(id: $id) { updates(first: 10) { edges { node { id } } } } }', { id: caseId }, { token: coordinator });
      expect(seen.data!.case.updates.edges.map((e) => e.node.id)).toContain(id);
      const [audit] = await api.dataSource.query(`SELECT actor_user_id FROM audit_events WHERE action = 'case.post-update' AND entity_id = $1`, [id]);
      expect(audit.actor_user_id).toBe(partner.user.id);
      const [event] = await api.dataSource.query(`SELECT payload FROM outbox_events WHERE type = 'case.update-posted' AND payload->>'updateId' = $1`, [id]);
      expect(event.payload).toMatchObject({ caseId, visibility: 'PARTNERS' });
    });

    it('refuses an NGO partner AGENCIES and LEAD updates with a clear message, and a case it is not on as NOT_FOUND', async () => {
      for (const visibility of ['AGENCIES', 'LEAD']) {
        const refused = await api.gql(POST, { input: { caseId, kind: 'NOTE', visibility, body: 'x' } }, { token: partner.token });
        expect(errorCode(refused)).toBe('BAD_USER_INPUT');
        expect(refused.errors?.[0]?.message).toBe(`Nie możesz publikować wpisów o widoczności ${visibility} w tej sprawie.`);
      }
      const stranger = (await api.signedIn(await api.fixtures.organisation({ kind: OrganisationKind.NGO }), [Role.PARTNER])).token;
      expect(errorCode(await api.gql(POST, { input: { caseId, kind: 'NOTE', visibility: 'PARTNERS', body: 'x' } }, { token: stranger }))).toBe('NOT_FOUND');
      const analyst = (await api.signedIn(police, [Role.ANALYST])).token;
      expect(errorCode(await api.gql(POST, { input: { caseId, kind: 'NOTE', visibility: 'PARTNERS', body: 'x' } }, { token: analyst }))).toBe('FORBIDDEN');
    });
  });

  describe('notification preferences: escalation cannot be turned off', () => {
    it('shows the escalation preference locked at IMMEDIATE and every other one open', async () => {
      const shown = await api.gql<{ notificationPreferences: { eventType: string; mode: string; locked: boolean }[] }>(PREFERENCES, {}, { token: partner.token });
      expect(shown.errors).toBeUndefined();
      const locked = shown.data!.notificationPreferences.filter((p) => p.locked);
      expect(locked).toEqual([{ eventType: 'case.escalated', mode: 'IMMEDIATE', locked: true }]);
      expect(shown.data!.notificationPreferences.find((p) => p.eventType === 'case.update-posted')).toEqual({ eventType: 'case.update-posted', mode: 'IMMEDIATE', locked: false });
    });

    it('refuses OFF and DIGEST for a locked type, in both languages, and changes nothing', async () => {
      const english = (await api.login((await api.fixtures.user(ngo, [Role.PARTNER], { locale: 'en' })).email)).accessToken;
      const before = (await api.dataSource.query(`SELECT count(*)::int AS n FROM notification_preferences`))[0].n;
      for (const mode of ['OFF', 'DIGEST']) {
        const refused = await api.gql(SET, { input: { eventType: 'case.escalated', mode } }, { token: partner.token });
        expect(errorCode(refused)).toBe('BAD_USER_INPUT');
        expect(refused.errors?.[0]?.message).toBe('Powiadomień „case.escalated” nie można wyłączyć ani przenieść do podsumowania dnia: zawsze przychodzą od razu.');
        const refusedEn = await api.gql(SET, { input: { eventType: 'case.escalated', mode } }, { token: english });
        expect(refusedEn.errors?.[0]?.message).toBe('Notifications “case.escalated” cannot be turned off or moved to the daily digest: they always arrive at once.');
      }
      expect((await api.dataSource.query(`SELECT count(*)::int AS n FROM notification_preferences`))[0].n).toBe(before);
      const kept = await api.gql<{ setNotificationPreference: { mode: string; locked: boolean } }>(SET, { input: { eventType: 'case.escalated', mode: 'IMMEDIATE' } }, { token: partner.token });
      expect(kept.data!.setNotificationPreference).toEqual({ eventType: 'case.escalated', mode: 'IMMEDIATE', locked: true });
      const open = await api.gql<{ setNotificationPreference: { mode: string; locked: boolean } }>(SET, { input: { eventType: 'case.update-posted', mode: 'OFF' } }, { token: partner.token });
      expect(open.data!.setNotificationPreference).toEqual({ eventType: 'case.update-posted', mode: 'OFF', locked: false });
    });

    it('shows a locked type at IMMEDIATE even where an older OFF was stored', async () => {
      await api.dataSource.query(`INSERT INTO notification_preferences (user_id, event_type, mode) VALUES ($1, 'case.escalated', 'OFF') ON CONFLICT (user_id, event_type) DO UPDATE SET mode = 'OFF'`, [partner.user.id]);
      const shown = await api.gql<{ notificationPreferences: { eventType: string; mode: string; locked: boolean }[] }>(PREFERENCES, {}, { token: partner.token });
      expect(shown.data!.notificationPreferences.find((p) => p.eventType === 'case.escalated')).toEqual({ eventType: 'case.escalated', mode: 'IMMEDIATE', locked: true });
    });
  });
});
