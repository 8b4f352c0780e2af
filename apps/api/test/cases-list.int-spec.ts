import { randomUUID } from 'node:crypto';
import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const PAGE = `query($first: Int, $after: String, $filter: CaseFilter, $orderBy: CaseOrder) {
  cases(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id reference title phase priority reviewDate lastActivityAt
      leadOrganisation { id name } coordinator { displayName }
      participants { role organisation { id name kind } }
      participantCount updateCount inputsAwaitingReviewCount openRiskCount
    } }
  }
}`;

interface Page {
  cases: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string; reference: string; title: string; priority: string; reviewDate: string | null; lastActivityAt: string; participantCount: number; updateCount: number; participants: unknown[] } }[];
  };
}

describe('finding cases', () => {
  let api: TestApp;
  let lead: OrganisationEntity;
  let ngo: OrganisationEntity;
  let other: OrganisationEntity;
  let coordinator: string;
  let partner: string;
  const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
  const RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, URGENT: 4 };

  beforeAll(async () => {
    api = await startApi();
    lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT, code: 'LIST' });
    ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    other = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    const coordinatorUser = await api.fixtures.user(lead, [Role.COORDINATOR]);
    coordinator = (await api.login(coordinatorUser.email)).accessToken;
    partner = (await api.signedIn(ngo, [Role.PARTNER])).token;
    await api.fixtures.agreement(lead, ngo);
    await api.fixtures.agreement(lead, other);
    // 120 cases: every third shared with the NGO; each with updates of every visibility, input and a risk.
    await api.dataSource.query(
      `INSERT INTO cases (id, reference, title, type, phase, priority, priority_rank, district, review_date, lead_organisation_id, coordinator_id, diagnosis_what, last_activity_at)
       SELECT gen_random_uuid(), 'LIST/2026/' || lpad(g::text, 4, '0'),
              CASE WHEN g % 10 = 0 THEN 'Dewastacja wiaty przystankowej ' || g ELSE 'Spór sąsiedzki ' || g END,
              (ARRAY['SOCIAL_TENSION','LOCAL_CONFLICT','CRISIS','PUBLIC_NUISANCE','PRIORITY_PLAN'])[1 + g % 5]::case_type,
              (ARRAY['SCANNING','ANALYSIS','RESPONSE','ASSESSMENT'])[1 + g % 4]::case_phase,
              (ARRAY['LOW','MEDIUM','HIGH','URGENT'])[1 + g % 4]::case_priority, 1 + g % 4,
              CASE WHEN g % 2 = 0 THEN 'Piaski' ELSE 'Centrum' END,
              CASE WHEN g % 7 = 0 THEN NULL ELSE date '2027-01-01' + (g % 30) END,
              $1, $2, 'hałas i zaczepki przy garażach', now() - make_interval(mins => g)
         FROM generate_series(1, 120) g`,
      [lead.id, coordinatorUser.id],
    );
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) SELECT id, $1, 'LEAD' FROM cases WHERE lead_organisation_id = $1`, [lead.id]);
    await api.dataSource.query(
      `INSERT INTO case_participants (case_id, organisation_id, role)
       SELECT id, $2::uuid, 'PARTNER'::participant_role FROM cases WHERE lead_organisation_id = $1 AND substring(reference from 11)::int % 3 = 0
       UNION ALL SELECT id, $3::uuid, 'CONSULTED'::participant_role FROM cases WHERE lead_organisation_id = $1`,
      [lead.id, ngo.id, other.id],
    );
    await api.dataSource.query(
      `INSERT INTO case_updates (case_id, kind, visibility, body)
       SELECT c.id, 'NOTE', v::case_update_visibility, 'wpis' FROM cases c CROSS JOIN unnest(ARRAY['PARTNERS','AGENCIES','LEAD','PARTNERS']) v`,
    );
    await api.dataSource.query(`INSERT INTO partner_inputs (case_id, organisation_id, kind, body) SELECT id, $1, 'OBSERVATION', 'uwaga' FROM cases`, [ngo.id]);
    await api.dataSource.query(`INSERT INTO trust_risks (case_id, title, likelihood, impact, score) SELECT id, 'ryzyko', 2, 3, 6 FROM cases`);
  });
  afterAll(async () => {
    await api.stop();
  });

  it('issues the same number of SQL statements for a page of 10 and a page of 100 (no N+1)', async () => {
    const small = await api.countQueries(() => api.gql<Page>(PAGE, { first: 10 }, { token: coordinator }));
    const large = await api.countQueries(() => api.gql<Page>(PAGE, { first: 100 }, { token: coordinator }));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.errors).toBeUndefined();
    expect(small.result.data!.cases.edges).toHaveLength(10);
    expect(large.result.data!.cases.edges).toHaveLength(100);
    expect(large.result.data!.cases.edges.every((e) => e.node.participants.length === e.node.participantCount && e.node.participantCount >= 2)).toBe(true);
    expect(large.count).toBe(small.count);
    // sign-in check, page, count, participants, counts
    expect(large.count).toBeLessThanOrEqual(5);
    const partnerSmall = await api.countQueries(() => api.gql<Page>(PAGE, { first: 10 }, { token: partner }));
    const partnerLarge = await api.countQueries(() => api.gql<Page>(PAGE, { first: 40 }, { token: partner }));
    expect(partnerLarge.result.data!.cases.edges).toHaveLength(40);
    expect(partnerLarge.count).toBe(partnerSmall.count);
  });

  it('counts only what the reader may see: an NGO partner sees a third of the cases and only PARTNERS updates', async () => {
    const asPartner = await api.gql<Page>(PAGE, { first: 100 }, { token: partner });
    expect(asPartner.data!.cases.totalCount).toBe(40);
    expect(asPartner.data!.cases.edges.every((e) => e.node.updateCount === 2)).toBe(true);
    const asLead = await api.gql<Page>(PAGE, { first: 5 }, { token: coordinator });
    expect(asLead.data!.cases.totalCount).toBe(120);
    expect(asLead.data!.cases.edges.every((e) => e.node.updateCount === 4)).toBe(true);
  });

  it('shows the participants and their basis when asked for it, the same participants in the same order either way', async () => {
    const WITH_BASIS = `{ cases(first: 30) { edges { node { id participants { role basis categories suspended organisation { id } } } } } }`;
    const WITHOUT = `{ cases(first: 30) { edges { node { id participants { role organisation { id } } } } } }`;
    type Rows = { cases: { edges: { node: { id: string; participants: { role: string; basis?: string; categories?: string[]; suspended?: boolean; organisation: { id: string } }[] } }[] } };
    const withBasis = await api.gql<Rows>(WITH_BASIS, {}, { token: coordinator });
    const without = await api.gql<Rows>(WITHOUT, {}, { token: coordinator });
    expect(withBasis.errors).toBeUndefined();
    expect(without.errors).toBeUndefined();
    const shape = (rows: Rows) => rows.cases.edges.map((e) => [e.node.id, e.node.participants.map((p) => [p.role, p.organisation.id])]);
    expect(shape(without.data!)).toEqual(shape(withBasis.data!));
    const participants = withBasis.data!.cases.edges.flatMap((e) => e.node.participants);
    const leadRow = participants.find((p) => p.organisation.id === lead.id)!;
    expect([leadRow.basis, leadRow.suspended, leadRow.categories]).toEqual(['LEAD', false, expect.arrayContaining(['CASE_CONTENT', 'STAKEHOLDER_CONTACTS'])]);
    expect(participants.find((p) => p.organisation.id === ngo.id)!.basis).toBe('AGREEMENT');
  });

  it('walks every page of every order without gaps or repeats, in order', async () => {
    for (const orderBy of ['LAST_ACTIVITY', 'REVIEW_DATE', 'PRIORITY']) {
      const seen: Page['cases']['edges'][number]['node'][] = [];
      let after: string | null = null;
      do {
        const page: { data?: Page | null; errors?: unknown } = await api.gql<Page>(PAGE, { first: 25, after, orderBy }, { token: coordinator });
        expect(page.errors).toBeUndefined();
        seen.push(...page.data!.cases.edges.map((e) => e.node));
        after = page.data!.cases.pageInfo.hasNextPage ? page.data!.cases.pageInfo.endCursor : null;
      } while (after);
      expect([orderBy, seen.length, new Set(seen.map((s) => s.id)).size]).toEqual([orderBy, 120, 120]);
      const keys = seen.map((s) =>
        orderBy === 'LAST_ACTIVITY' ? -Date.parse(s.lastActivityAt) : orderBy === 'PRIORITY' ? -RANK[s.priority]! : s.reviewDate ? Date.parse(s.reviewDate) : Number.MAX_SAFE_INTEGER,
      );
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
    }
    expect(PRIORITIES).toHaveLength(4);
  });

  it('orders by the activity each reader may see when AGENCIES and LEAD activity interleave, page after page', async () => {
    // The tiers out of step with the activity every reader sees: a third of the cases with AGENCIES activity, a
    // quarter with LEAD activity, at times that reorder the list (the page is chosen from each tier's own index).
    await api.dataSource.query(
      `UPDATE cases SET agencies_activity_at = CASE WHEN substring(reference from 11)::int % 3 = 1 THEN now() - make_interval(mins => (substring(reference from 11)::int * 37) % 120, secs => -30) END,
                        lead_activity_at = CASE WHEN substring(reference from 11)::int % 4 = 2 THEN now() - make_interval(mins => (substring(reference from 11)::int * 53) % 120, secs => -10) END
        WHERE lead_organisation_id = $1`,
      [lead.id],
    );
    const expected = async (tiers: string) =>
      (await api.dataSource.query(`SELECT id FROM cases WHERE lead_organisation_id = $1 ORDER BY GREATEST(${tiers}) DESC, id DESC`, [lead.id])).map((r: { id: string }) => r.id);
    const agency = (await api.signedIn(other, [Role.STAFF])).token;
    const readers = [
      // The lead's coordinator sees all three tiers; a consulted municipality's staff the AGENCIES tier, not LEAD.
      { token: coordinator, order: await expected('last_activity_at, agencies_activity_at, lead_activity_at') },
      { token: agency, order: await expected('last_activity_at, agencies_activity_at') },
    ];
    for (const reader of readers) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: { data?: Page | null; errors?: unknown } = await api.gql<Page>(PAGE, { first: 7, after }, { token: reader.token });
        expect(page.errors).toBeUndefined();
        seen.push(...page.data!.cases.edges.map((e) => e.node.id));
        after = page.data!.cases.pageInfo.hasNextPage ? page.data!.cases.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(reader.order);
    }
    // The activity shown is the instant node-postgres reads (to the millisecond), written as the API's DateTime.
    const first = await api.gql<Page>(PAGE, { first: 5 }, { token: coordinator });
    const instants: { id: string; at: Date }[] = await api.dataSource.query(
      `SELECT id, GREATEST(last_activity_at, agencies_activity_at, lead_activity_at) AS at FROM cases WHERE id = ANY($1)`,
      [first.data!.cases.edges.map((e) => e.node.id)],
    );
    const at = new Map(instants.map((row) => [row.id, row.at.toISOString()]));
    expect(first.data!.cases.edges.map((e) => e.node.lastActivityAt)).toEqual(first.data!.cases.edges.map((e) => at.get(e.node.id)));
    // The same statements as before: the candidates of each tier are one statement with the page.
    const counted = await api.countQueries(() => api.gql<Page>(PAGE, { first: 50 }, { token: coordinator }));
    expect(counted.count).toBeLessThanOrEqual(5);
  });

  it('filters by phase, type, escalation, district, participant, review date and full text', async () => {
    const total = async (filter: Record<string, unknown>) => {
      const response = await api.gql<Page>(PAGE, { first: 1, filter }, { token: coordinator });
      expect(response.errors).toBeUndefined();
      return response.data!.cases.totalCount;
    };
    const sql = async (where: string, params: unknown[] = []) => (await api.dataSource.query(`SELECT count(*)::int AS n FROM cases c WHERE c.lead_organisation_id = '${lead.id}' AND ${where}`, params))[0].n;
    expect(await total({ phase: ['ANALYSIS', 'RESPONSE'] })).toBe(await sql(`phase IN ('ANALYSIS', 'RESPONSE')`));
    expect(await total({ type: ['CRISIS'] })).toBe(await sql(`type = 'CRISIS'`));
    expect(await total({ escalation: ['NORMAL'] })).toBe(120);
    expect(await total({ district: 'piaski' })).toBe(60);
    expect(await total({ participantOrganisationId: ngo.id })).toBe(40);
    expect(await total({ reviewBefore: '2027-01-10' })).toBe(await sql(`review_date < '2027-01-10'`));
    expect(await total({ search: 'wiaty' })).toBe(12);
    expect(await total({ search: 'wiat' })).toBe(0);
    expect(await total({ search: 'dewastacja przystankowej' })).toBe(12);
    expect(await total({ search: 'LIST/2026/0007' })).toBe(1);
    expect(await total({ search: 'garażach' })).toBe(120);
    expect(await total({ leadOrganisationId: randomUUID() })).toBe(0);
  });

  it('refuses bad list input with BAD_USER_INPUT', async () => {
    expect(errorCode(await api.gql(PAGE, { first: 101 }, { token: coordinator }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(PAGE, { first: 5, after: 'not-a-cursor' }, { token: coordinator }))).toBe('BAD_USER_INPUT');
    const page = await api.gql<Page>(PAGE, { first: 5, orderBy: 'PRIORITY' }, { token: coordinator });
    const cursor = page.data!.cases.pageInfo.endCursor;
    expect(errorCode(await api.gql(PAGE, { first: 5, after: cursor, orderBy: 'LAST_ACTIVITY' }, { token: coordinator }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(PAGE, { first: 5, filter: { phase: ['NOWHERE'] } }, { token: coordinator }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(PAGE, { first: 5, filter: { search: 'x'.repeat(201) } }, { token: coordinator }))).toBe('BAD_USER_INPUT');
  });
});
