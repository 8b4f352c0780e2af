import { randomUUID } from 'node:crypto';
import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import type { TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * A notification renders only what its recipient may read now: once their organisation is removed from the
 * case, the inbox says that the item is no longer accessible (in the reader's language), with no title,
 * case reference, ids or link. Decided in SQL, in the list's own statements.
 */
describe('inbox: nothing of a case its reader may no longer see', () => {
  let api: TestApp;
  let lead: string;
  let caseId: string;
  let reference: string;
  let taskId: string;
  let town: OrganisationEntity;
  let townStaff: { user: { id: string }; token: string };
  let townEnglish: { user: { id: string }; token: string };

  interface Inbox {
    notifications: { totalCount: number; edges: { node: { id: string; type: string; title: string; caseId: string | null; caseReference: string | null; taskId: string | null; link: string | null } }[] };
  }
  const inbox = async (token: string) => {
    const response = await api.gql<Inbox>('{ notifications(first: 50) { totalCount edges { node { id type title caseId caseReference taskId link } } } }', {}, { token });
    expect(response.errors).toBeUndefined();
    return response.data!.notifications.edges.map((e) => e.node);
  };
  const notify = (userId: string, type: string, payload: Record<string, unknown>) =>
    api.dataSource.query(`INSERT INTO notifications (event_id, user_id, type, case_id, payload, email_mode) VALUES ($1, $2, $3, $4, $5, 'NONE')`, [
      randomUUID(),
      userId,
      type,
      typeof payload.caseId === 'string' ? payload.caseId : null,
      payload,
    ]);

  beforeAll(async () => {
    api = await startApi();
    const police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    town = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    await api.fixtures.agreement(police, town);
    lead = (await api.signedIn(police, [Role.COORDINATOR])).token;
    townStaff = await api.signedIn(town, [Role.STAFF]);
    const english = await api.fixtures.user(town, [Role.STAFF], { locale: 'en' });
    townEnglish = { user: english, token: (await api.login(english.email)).accessToken };
    const opened = await api.gql<{ openCase: { id: string; reference: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id reference } }',
      { input: { title: 'Handel dopalaczami pod szkołą', type: 'PUBLIC_NUISANCE', area: { district: 'Centrum' }, diagnosis: { what: 'sprzedaż' } } },
      { token: lead },
    );
    ({ id: caseId, reference } = opened.data!.openCase);
    await api.gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { input: { caseId, organisationId: town.id } }, { token: lead });
    const task = await api.gql<{ createTask: { id: string } }>(
      'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }',
      { input: { caseId, organisationId: town.id, title: 'Monitoring wejścia do szkoły', dueDate: '2030-01-10' } },
      { token: lead },
    );
    taskId = task.data!.createTask.id;
    for (const user of [townStaff.user, townEnglish.user]) {
      await notify(user.id, 'task.requested', { caseId, taskId });
      await notify(user.id, 'case.update-posted', { caseId, updateId: randomUUID(), visibility: 'PARTNERS' });
      await notify(user.id, 'webhook.disabled', { endpointId: randomUUID() });
    }
  });
  afterAll(async () => {
    await api.stop();
  });

  it('shows the live title and reference while the organisation takes part in the case', async () => {
    const items = await inbox(townStaff.token);
    const task = items.find((n) => n.type === 'task.requested')!;
    expect(task.title).toContain('Monitoring wejścia do szkoły');
    expect(task).toMatchObject({ caseId, caseReference: reference, taskId, link: expect.stringContaining(`/cases/${caseId}`) });
    expect(items.find((n) => n.type === 'case.update-posted')!.title).toBe(`Nowy wpis w sprawie ${reference}`);
  });

  it('once the organisation is removed, says only that the item is no longer accessible, in the reader’s language', async () => {
    const removed = await api.gql('mutation($input: RemoveCaseParticipantInput!) { removeCaseParticipant(input: $input) { id } }', { input: { caseId, organisationId: town.id } }, { token: lead });
    expect(removed.errors).toBeUndefined();

    const polish = await inbox(townStaff.token);
    const english = await inbox(townEnglish.token);
    for (const [items, text] of [
      [polish, 'Ta pozycja nie jest już dla Ciebie dostępna.'],
      [english, 'This item is no longer accessible to you.'],
    ] as const) {
      const aboutCase = items.filter((n) => n.type !== 'webhook.disabled');
      expect(aboutCase).toHaveLength(2);
      for (const item of aboutCase) expect(item).toMatchObject({ title: text, caseId: null, caseReference: null, taskId: null, link: null });
      expect(JSON.stringify(items)).not.toContain(reference);
      expect(JSON.stringify(items)).not.toContain('Monitoring');
      // What is not about a case is untouched.
      expect(items.find((n) => n.type === 'webhook.disabled')!.title).not.toBe(text);
    }
  });

  it('decides it in the list’s own statements, whatever the number of notifications', async () => {
    const few = await api.countQueries(() => inbox(townStaff.token));
    for (let i = 0; i < 10; i++) await notify(townStaff.user.id, 'task.requested', { caseId, taskId });
    const many = await api.countQueries(() => inbox(townStaff.token));
    expect(many.count).toBe(few.count);
    expect((await inbox(townStaff.token)).filter((n) => n.caseReference !== null)).toEqual([]);
  });
});
