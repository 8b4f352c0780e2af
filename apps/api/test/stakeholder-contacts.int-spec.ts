import { randomUUID } from 'node:crypto';
import { DataCategory, OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * Reading a stakeholder's personal data (contact details, notes, interests) is a deliberate action, written to the
 * audit trail (issue 12, item 4): the list of the problem triangle (name, role, influence, attitude) reads no personal
 * column and writes nothing; asking for the personal fields writes one `stakeholder.read-personal` per stakeholder
 * whose data is returned, and `stakeholder(id)` reads one. Partners get nulls and leave no reading behind.
 */

const PERSONAL_COLUMNS = /\b(contact_details|notes|interests)\b/;

interface Row {
  id: string;
  name: string;
  triangleRole?: string;
  influence?: string | null;
  attitude?: string | null;
  contactDetails?: string | null;
  notes?: string | null;
  interests?: string | null;
}

describe('reading stakeholders’ contact details', () => {
  let api: TestApp;
  const orgs = {} as Record<'lead' | 'ngo' | 'agency' | 'school' | 'foreign', OrganisationEntity>;
  const tokens = {} as Record<'coordinator' | 'officer' | 'partner' | 'agency' | 'school' | 'foreign', string>;
  let coordinatorId: string;
  /** Cases of the lead organisation, each with two stakeholders. */
  const cases: { id: string; stakeholders: string[] }[] = [];
  let foreignStakeholder: string;

  const readings = async (): Promise<{ entity_id: string; actor_user_id: string; reason: string; changes: unknown }[]> =>
    api.dataSource.query(`SELECT entity_id, actor_user_id, reason, changes FROM audit_events WHERE action = 'stakeholder.read-personal' ORDER BY occurred_at, id`);

  /** What `fn` added to the audit trail's personal readings. */
  async function newReadings<T>(fn: () => Promise<T>): Promise<{ result: T; added: Awaited<ReturnType<typeof readings>> }> {
    const before = (await readings()).length;
    const result = await fn();
    return { result, added: (await readings()).slice(before) };
  }

  async function freshCase(leadId: string, coordinator: string, participants: { id: string; role: string }[]): Promise<{ id: string; stakeholders: string[] }> {
    const id = randomUUID();
    await api.dataSource.query(
      `INSERT INTO cases (id, reference, title, type, phase, district, lead_organisation_id, coordinator_id, diagnosis_what, last_activity_at)
       VALUES ($1, $2, 'Spór sąsiedzki', 'LOCAL_CONFLICT', 'ANALYSIS', 'Piaski', $3, $4, 'hałas', now() - make_interval(secs => $5))`,
      [id, `SC/${id.slice(0, 8)}`, leadId, coordinator, cases.length],
    );
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) SELECT $1, p.organisation_id, p.role::participant_role FROM jsonb_to_recordset($2::jsonb) AS p(organisation_id uuid, role text)`, [
      id,
      JSON.stringify([{ organisation_id: leadId, role: 'LEAD' }, ...participants.map((p) => ({ organisation_id: p.id, role: p.role }))]),
    ]);
    const rows: { id: string }[] = await api.dataSource.query(
      `INSERT INTO stakeholders (case_id, name, triangle_role, interests, influence, attitude, contact_details, notes)
       VALUES ($1, 'Jan Kowalski', 'VICTIM', 'spokój po 22', 'LOW', 'SUPPORTIVE', 'tel. 600 100 200', 'boi się zemsty'),
              ($1, 'Spółdzielnia Piaski', 'MANAGER', 'koszty', 'HIGH', 'OPPOSED', 'biuro@piaski.test', 'prezes zmienia się w maju')
       RETURNING id`,
      [id],
    );
    return { id, stakeholders: rows.map((r) => r.id) };
  }

  beforeAll(async () => {
    api = await startApi();
    orgs.lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT, code: 'SCON' });
    orgs.ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    orgs.agency = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    orgs.school = await api.fixtures.organisation({ kind: OrganisationKind.SCHOOL });
    orgs.foreign = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    // The NGO is given every category, contacts included: its partners still see name and role only (their role).
    await api.fixtures.agreement(orgs.lead, orgs.ngo);
    // The municipality shares the content but not the contacts; the school shares tasks only (no content at all).
    await api.fixtures.agreement(orgs.lead, orgs.agency, { dataCategories: [DataCategory.CASE_CONTENT] });
    await api.fixtures.agreement(orgs.lead, orgs.school, { dataCategories: [DataCategory.TASKS] });
    const coordinator = await api.signedIn(orgs.lead, [Role.COORDINATOR]);
    coordinatorId = coordinator.user.id;
    tokens.coordinator = coordinator.token;
    tokens.officer = (await api.signedIn(orgs.lead, [Role.STAFF])).token;
    tokens.partner = (await api.signedIn(orgs.ngo, [Role.PARTNER])).token;
    tokens.agency = (await api.signedIn(orgs.agency, [Role.STAFF])).token;
    tokens.school = (await api.signedIn(orgs.school, [Role.STAFF])).token;
    const foreign = await api.signedIn(orgs.foreign, [Role.COORDINATOR]);
    tokens.foreign = foreign.token;
    for (let i = 0; i < 12; i += 1) {
      cases.push(
        await freshCase(orgs.lead.id, coordinatorId, [
          { id: orgs.ngo.id, role: 'PARTNER' },
          { id: orgs.agency.id, role: 'PARTNER' },
          { id: orgs.school.id, role: 'CONSULTED' },
        ]),
      );
    }
    foreignStakeholder = (await freshCase(orgs.foreign.id, foreign.user.id, [])).stakeholders[0]!;
  });
  afterAll(async () => {
    await api?.stop();
  });

  const ONE_CASE_LIST = 'query($id: ID!) { case(id: $id) { stakeholders { id name triangleRole influence attitude } } }';
  const ONE_CASE_PERSONAL = 'query($id: ID!) { case(id: $id) { stakeholders { id name contactDetails notes interests } } }';
  const ONE = 'query($id: ID!) { stakeholder(id: $id) { id name triangleRole influence attitude contactDetails notes interests } }';

  it('lists name, role, influence and attitude without selecting a personal column or writing a reading', async () => {
    const c = cases[0]!;
    const { result, added } = await newReadings(() => api.countQueries(() => api.gql<{ case: { stakeholders: Row[] } }>(ONE_CASE_LIST, { id: c.id }, { token: tokens.coordinator })));
    expect(result.result.errors).toBeUndefined();
    expect(result.result.data!.case.stakeholders).toEqual([
      { id: c.stakeholders[0], name: 'Jan Kowalski', triangleRole: 'VICTIM', influence: 'LOW', attitude: 'SUPPORTIVE' },
      { id: c.stakeholders[1], name: 'Spółdzielnia Piaski', triangleRole: 'MANAGER', influence: 'HIGH', attitude: 'OPPOSED' },
    ]);
    const stakeholderQueries = result.queries.filter((q) => /\bstakeholders\b/.test(q));
    expect(stakeholderQueries).toHaveLength(1);
    expect(stakeholderQueries[0]).not.toMatch(PERSONAL_COLUMNS);
    expect(added).toEqual([]);
  });

  it('writes one reading per stakeholder returned when the personal fields are asked for, and only for those', async () => {
    const c = cases[1]!;
    const { result, added } = await newReadings(() => api.gql<{ case: { stakeholders: Row[] } }>(ONE_CASE_PERSONAL, { id: c.id }, { token: tokens.officer }));
    expect(result.data!.case.stakeholders).toEqual([
      { id: c.stakeholders[0], name: 'Jan Kowalski', contactDetails: 'tel. 600 100 200', notes: 'boi się zemsty', interests: 'spokój po 22' },
      { id: c.stakeholders[1], name: 'Spółdzielnia Piaski', contactDetails: 'biuro@piaski.test', notes: 'prezes zmienia się w maju', interests: 'koszty' },
    ]);
    expect(added.map((r) => r.entity_id).sort()).toEqual([...c.stakeholders].sort());
    expect(added.every((r) => r.reason === `case ${c.id}`)).toBe(true);
    // The trail says who read whose data, never the data itself.
    expect(JSON.stringify(added)).not.toMatch(/600 100 200|zemsty|piaski\.test|spokój/);

    // Any one personal field is a reading (here: interests alone).
    const interests = await newReadings(() => api.gql('query($id: ID!) { case(id: $id) { stakeholders { id interests } } }', { id: c.id }, { token: tokens.officer }));
    expect(interests.added).toHaveLength(2);
  });

  it('reads the personal data of a page of cases in the same statements whatever its size, one reading per stakeholder on the page', async () => {
    const PAGE = `query($first: Int) { cases(first: $first, filter: { participantOrganisationId: "${orgs.lead.id}" }) { edges { node { id stakeholders { id contactDetails } } } } }`;
    type Page = { cases: { edges: { node: { id: string; stakeholders: Row[] } }[] } };
    const small = await newReadings(() => api.countQueries(() => api.gql<Page>(PAGE, { first: 3 }, { token: tokens.coordinator })));
    const large = await newReadings(() => api.countQueries(() => api.gql<Page>(PAGE, { first: 10 }, { token: tokens.coordinator })));
    expect(small.result.result.errors).toBeUndefined();
    expect(large.result.result.data!.cases.edges).toHaveLength(10);
    expect(large.result.count).toBe(small.result.count);
    const returned = (page: Page) => page.cases.edges.flatMap((e) => e.node.stakeholders.map((s) => s.id)).sort();
    expect(small.added.map((r) => r.entity_id).sort()).toEqual(returned(small.result.result.data!));
    expect(large.added.map((r) => r.entity_id).sort()).toEqual(returned(large.result.result.data!));
    expect(large.added).toHaveLength(20);

    // Without the personal fields: the same page, one statement fewer (no audit insert), no reading.
    const plain = await newReadings(() => api.countQueries(() => api.gql<Page>(PAGE.replace('stakeholders { id contactDetails }', 'stakeholders { id }'), { first: 10 }, { token: tokens.coordinator })));
    expect(plain.added).toEqual([]);
    expect(plain.result.count).toBe(large.result.count - 1);
    expect(plain.result.queries.filter((q) => /\bstakeholders\b/.test(q)).every((q) => !PERSONAL_COLUMNS.test(q))).toBe(true);
  });

  it('reads one stakeholder’s contact details with stakeholder(id): one reading, of that stakeholder only', async () => {
    const c = cases[2]!;
    const { result, added } = await newReadings(() => api.gql<{ stakeholder: Row }>(ONE, { id: c.stakeholders[1] }, { token: tokens.coordinator }));
    expect(result.errors).toBeUndefined();
    expect(result.data!.stakeholder).toEqual({
      id: c.stakeholders[1],
      name: 'Spółdzielnia Piaski',
      triangleRole: 'MANAGER',
      influence: 'HIGH',
      attitude: 'OPPOSED',
      contactDetails: 'biuro@piaski.test',
      notes: 'prezes zmienia się w maju',
      interests: 'koszty',
    });
    expect(added.map((r) => [r.entity_id, r.actor_user_id, r.reason])).toEqual([[c.stakeholders[1], coordinatorId, `case ${c.id}`]]);

    // The same stakeholder without its personal fields: no reading.
    const plain = await newReadings(() => api.gql<{ stakeholder: Row }>('query($id: ID!) { stakeholder(id: $id) { id name triangleRole } }', { id: c.stakeholders[1] }, { token: tokens.coordinator }));
    expect(plain.result.data!.stakeholder).toEqual({ id: c.stakeholders[1], name: 'Spółdzielnia Piaski', triangleRole: 'MANAGER' });
    expect(plain.added).toEqual([]);
  });

  it('gives partners, and agencies the contacts are not shared with, name and role only, and writes no reading', async () => {
    const c = cases[3]!;
    const withheld = { contactDetails: null, notes: null, interests: null };
    for (const who of ['partner', 'agency'] as const) {
      const one = await newReadings(() => api.gql<{ stakeholder: Row }>(ONE, { id: c.stakeholders[0] }, { token: tokens[who] }));
      expect([who, one.result.errors, one.result.data!.stakeholder]).toEqual([
        who,
        undefined,
        { id: c.stakeholders[0], name: 'Jan Kowalski', triangleRole: 'VICTIM', influence: null, attitude: null, ...withheld },
      ]);
      expect([who, one.added]).toEqual([who, []]);
      const list = await newReadings(() => api.gql<{ case: { stakeholders: Row[] } }>(ONE_CASE_PERSONAL, { id: c.id }, { token: tokens[who] }));
      expect([who, list.result.data!.case.stakeholders]).toEqual([
        who,
        [
          { id: c.stakeholders[0], name: 'Jan Kowalski', ...withheld },
          { id: c.stakeholders[1], name: 'Spółdzielnia Piaski', ...withheld },
        ],
      ]);
      expect([who, list.added]).toEqual([who, []]);
    }
  });

  it('answers NOT_FOUND for a stakeholder of a case the caller may not read, of content not shared, or unknown — alike, and reads nothing', async () => {
    const c = cases[4]!;
    const ask = async (token: string, id: string) => {
      const response = await api.gql<{ stakeholder: Row }>(ONE, { id }, { token });
      return { data: response.data ?? null, errors: (response.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code })) };
    };
    const { result, added } = await newReadings(async () => ({
      foreign: await ask(tokens.coordinator, foreignStakeholder),
      random: await ask(tokens.coordinator, randomUUID()),
      noContent: await ask(tokens.school, c.stakeholders[0]!),
      schoolRandom: await ask(tokens.school, randomUUID()),
      otherWay: await ask(tokens.foreign, c.stakeholders[0]!),
    }));
    expect(result.foreign.errors[0]?.code).toBe('NOT_FOUND');
    expect(result.foreign).toEqual(result.random);
    expect(result.noContent.errors[0]?.code).toBe('NOT_FOUND');
    expect(result.noContent).toEqual(result.schoolRandom);
    expect(result.otherWay.errors[0]?.code).toBe('NOT_FOUND');
    expect(added).toEqual([]);
    // Roles without case content are refused before any lookup.
    const admin = (await api.signedIn(orgs.lead, [Role.ADMIN])).token;
    expect(errorCode(await api.gql(ONE, { id: c.stakeholders[0] }, { token: admin }))).toBe('FORBIDDEN');
  });

  it('a retried addStakeholder answers that stakeholder only, and reads its personal data only when asked for', async () => {
    const c = cases[5]!;
    const ADD = 'mutation($input: AddStakeholderInput!) { addStakeholder(input: $input) { id name contactDetails } }';
    const input = { caseId: c.id, name: 'Rada osiedla', triangleRole: 'COMMUNITY', contactDetails: 'rada@piaski.test' };
    const key = randomUUID();
    const send = () => api.gql<{ addStakeholder: Row }>(ADD, { input }, { token: tokens.officer, headers: { 'idempotency-key': key } });
    const first = await newReadings(send);
    expect(first.result.errors).toBeUndefined();
    // The writer's own answer is not a reading.
    expect(first.added).toEqual([]);
    const retry = await newReadings(send);
    expect(retry.result.data!.addStakeholder).toEqual(first.result.data!.addStakeholder);
    expect(retry.added.map((r) => r.entity_id)).toEqual([first.result.data!.addStakeholder.id]);
  });
});
