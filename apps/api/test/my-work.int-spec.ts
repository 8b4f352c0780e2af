import { randomUUID } from 'node:crypto';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { AuditEventEntity, type OrganisationEntity, type UserEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * The web app's start page, "my work": requests to my organisation waiting for an answer, cases with partner input
 * awaiting my review (each a query filtered in SQL by the same rules as the operations), and the person's own
 * language, which anyone signed in may set.
 */

const REQUESTS = `query($first: Int, $after: String) { taskRequests(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id title status dueDate } } } }`;
const AWAITING = `query($f: CaseFilter) { cases(filter: $f, first: 50) { totalCount edges { node { id inputsAwaitingReviewCount } } } }`;

type Requests = { taskRequests: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; title: string; status: string; dueDate: string } }[] } };
type Cases = { cases: { totalCount: number; edges: { node: { id: string; inputsAwaitingReviewCount: number } }[] } };

describe('my work', () => {
  let api: TestApp;
  const orgs = {} as Record<'lead' | 'agency' | 'ngo' | 'foreign', OrganisationEntity>;
  let leadCoordinator: { user: UserEntity; token: string };
  let agencyCoordinator: { user: UserEntity; token: string };
  let agencyStaff: { user: UserEntity; token: string };
  let ngoPartner: { user: UserEntity; token: string };

  async function freshCase(lead: OrganisationEntity, coordinatorId: string, participants: OrganisationEntity[]): Promise<string> {
    const id = randomUUID();
    await api.dataSource.query(
      `INSERT INTO cases (id, reference, title, type, phase, district, lead_organisation_id, coordinator_id)
       VALUES ($1, $2, 'Sprawa', 'LOCAL_CONFLICT', 'ANALYSIS', 'Centrum', $3, $4)`,
      [id, `W/${id.slice(0, 8)}`, lead.id, coordinatorId],
    );
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD')`, [id, lead.id]);
    for (const p of participants) await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'PARTNER')`, [id, p.id]);
    return id;
  }

  async function request(caseId: string, organisation: OrganisationEntity, title: string, dueDate: string): Promise<{ id: string }> {
    const response = await api.gql<{ createTask: { id: string; status: string } }>(
      'mutation($input: CreateTaskInput!) { createTask(input: $input) { id status } }',
      { input: { caseId, title, organisationId: organisation.id, dueDate, effortPoints: 1 } },
      { token: leadCoordinator.token },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.createTask.status).toBe('PROPOSED');
    return response.data!.createTask;
  }

  beforeAll(async () => {
    api = await startApi();
    orgs.lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    orgs.agency = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    orgs.ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    orgs.foreign = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    await api.fixtures.agreement(orgs.lead, orgs.agency);
    await api.fixtures.agreement(orgs.lead, orgs.ngo);
    await api.fixtures.agreement(orgs.foreign, orgs.agency);
    leadCoordinator = await api.signedIn(orgs.lead, [Role.COORDINATOR]);
    agencyCoordinator = await api.signedIn(orgs.agency, [Role.COORDINATOR]);
    agencyStaff = await api.signedIn(orgs.agency, [Role.STAFF]);
    ngoPartner = await api.signedIn(orgs.ngo, [Role.PARTNER]);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('lists the requests to my organisation waiting for an answer, by due date, for the coordinator who answers them', async () => {
    const caseId = await freshCase(orgs.lead, leadCoordinator.user.id, [orgs.agency, orgs.ngo]);
    const later = await request(caseId, orgs.agency, 'Oświetlenie podwórka', '2030-03-01');
    const sooner = await request(caseId, orgs.agency, 'Spotkanie z zarządcą', '2030-02-01');
    const answered = await request(caseId, orgs.agency, 'Monitoring', '2030-01-15');
    await request(caseId, orgs.ngo, 'Festyn', '2030-01-10');
    // A request to the agency on a case it does not take part in: not the agency's to see.
    const foreignCase = await freshCase(orgs.foreign, (await api.fixtures.user(orgs.foreign, [Role.COORDINATOR])).id, []);
    await api.dataSource.query(
      `INSERT INTO tasks (case_id, title, organisation_id, requester_organisation_id, status, due_date, effort_points) VALUES ($1, 'Obca', $2, $3, 'PROPOSED', '2030-01-01', 1)`,
      [foreignCase, orgs.agency.id, orgs.foreign.id],
    );
    const accepted = await api.gql(
      'mutation($input: RespondToTaskInput!) { respondToTask(input: $input) { id status } }',
      { input: { id: answered.id, version: 1, accept: true, assigneeId: agencyStaff.user.id } },
      { token: agencyCoordinator.token },
    );
    expect(accepted.errors).toBeUndefined();

    const mine = await api.gql<Requests>(REQUESTS, { first: 1 }, { token: agencyCoordinator.token });
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.taskRequests.totalCount).toBe(2);
    expect(mine.data!.taskRequests.edges.map((e) => e.node)).toEqual([{ id: sooner.id, title: 'Spotkanie z zarządcą', status: 'PROPOSED', dueDate: '2030-02-01' }]);
    expect(mine.data!.taskRequests.pageInfo.hasNextPage).toBe(true);
    const next = await api.gql<Requests>(REQUESTS, { first: 1, after: mine.data!.taskRequests.pageInfo.endCursor }, { token: agencyCoordinator.token });
    expect(next.data!.taskRequests.edges.map((e) => e.node.id)).toEqual([later.id]);

    // Staff of the agency answer no request of their organisation; the requester's side is not asked; nor is the NGO for the agency's.
    expect((await api.gql<Requests>(REQUESTS, {}, { token: agencyStaff.token })).data!.taskRequests.totalCount).toBe(0);
    expect((await api.gql<Requests>(REQUESTS, {}, { token: leadCoordinator.token })).data!.taskRequests.totalCount).toBe(0);
    const admin = await api.signedIn(orgs.agency, [Role.ADMIN]);
    expect(errorCode(await api.gql(REQUESTS, {}, { token: admin.token }))).toBe('FORBIDDEN');
  });

  it('filters the cases with partner input awaiting my review, in SQL, for those who review it', async () => {
    const waiting = await freshCase(orgs.lead, leadCoordinator.user.id, [orgs.ngo]);
    const reviewed = await freshCase(orgs.lead, leadCoordinator.user.id, [orgs.ngo]);
    const quiet = await freshCase(orgs.lead, leadCoordinator.user.id, [orgs.ngo]);
    await api.dataSource.query(`INSERT INTO partner_inputs (case_id, organisation_id, kind, body) VALUES ($1, $2, 'OBSERVATION', 'Uwaga')`, [waiting, orgs.ngo.id]);
    await api.dataSource.query(`INSERT INTO partner_inputs (case_id, organisation_id, kind, body, status, response) VALUES ($1, $2, 'PROPOSAL', 'Pomysł', 'ACCEPTED', 'Dziękujemy')`, [
      reviewed,
      orgs.ngo.id,
    ]);
    const awaiting = await api.gql<Cases>(AWAITING, { f: { inputsAwaitingReview: true } }, { token: leadCoordinator.token });
    expect(awaiting.errors).toBeUndefined();
    expect(awaiting.data!.cases.edges.map((e) => e.node)).toEqual([{ id: waiting, inputsAwaitingReviewCount: 1 }]);
    expect(awaiting.data!.cases.totalCount).toBe(1);
    const none = await api.gql<Cases>(AWAITING, { f: { inputsAwaitingReview: false } }, { token: leadCoordinator.token });
    expect(none.data!.cases.edges.map((e) => e.node.id).sort()).toEqual(expect.arrayContaining([reviewed, quiet].sort()));
    expect(none.data!.cases.edges.map((e) => e.node.id)).not.toContain(waiting);
    // The NGO partner reviews nothing: none of its cases await its review.
    const partner = await api.gql<Cases>(AWAITING, { f: { inputsAwaitingReview: true } }, { token: ngoPartner.token });
    expect(partner.data!.cases.totalCount).toBe(0);
  });

  it('lets anyone signed in set their own language, audited, and the API answers in it from the next request', async () => {
    for (const role of [Role.PARTNER, Role.ANALYST, Role.AUDITOR, Role.ADMIN]) {
      const person = await api.signedIn(orgs.ngo, [role]);
      const changed = await api.gql<{ updateMyProfile: { id: string; locale: string; version: number } }>(
        'mutation($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { id locale version } }',
        { input: { locale: 'en' } },
        { token: person.token },
      );
      expect(changed.errors).toBeUndefined();
      expect(changed.data!.updateMyProfile).toEqual({ id: person.user.id, locale: 'en', version: person.user.version + 1 });
      const me = await api.gql<{ me: { locale: string } }>('{ me { locale } }', {}, { token: person.token });
      expect(me.data!.me.locale).toBe('en');
      // Errors now come in English, whatever the browser says.
      const refused = await api.gql('{ case(id: "0f8fad5b-d9cb-469f-a165-70867728950e") { id } }', {}, { token: person.token, headers: { 'accept-language': 'pl' } });
      expect(refused.errors?.[0]?.message).toBe(role === Role.PARTNER ? 'Not found: Case.' : 'You are not allowed to do this.');
      const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'user.update-profile', entityId: person.user.id });
      expect(audit.actorUserId).toBe(person.user.id);
      expect(audit.changes).toEqual({ locale: { before: 'pl', after: 'en' } });
    }
  });

  it('refuses a stale version with CONFLICT and a language it does not speak with BAD_USER_INPUT', async () => {
    const person = await api.signedIn(orgs.agency, [Role.STAFF]);
    const mutation = 'mutation($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { locale version } }';
    expect((await api.gql(mutation, { input: { locale: 'en', version: person.user.version } }, { token: person.token })).errors).toBeUndefined();
    expect(errorCode(await api.gql(mutation, { input: { locale: 'pl', version: person.user.version } }, { token: person.token }))).toBe('CONFLICT');
    expect(errorCode(await api.gql(mutation, { input: { locale: 'de' } }, { token: person.token }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(mutation, { input: { locale: 'pl' } }))).toBe('UNAUTHENTICATED');
  });
});
