import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '@cg/shared/domain';
import { TestApp } from '@cg/server/testing';
import { createApiApp } from '../src/app/bootstrap';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/cli/demo-data';
import { seedDemo } from '../src/cli/seed';

describe('the Legionowo demo', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await TestApp.start(({ logDestination }) => createApiApp({ logDestination }));
    await expect(seedDemo(api.databaseUrl)).resolves.toEqual({ created: true });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('loads once: a second run leaves it alone', async () => {
    await expect(seedDemo(api.databaseUrl)).resolves.toEqual({ created: false });
    expect((await api.dataSource.query('SELECT count(*)::int AS n FROM cases'))[0].n).toBe(4);
  });

  it('has the partnership: police command and station, town hall, guard, social services, housing, two NGOs, every role', async () => {
    const kinds = await api.dataSource.query('SELECT kind, count(*)::int AS n FROM organisations GROUP BY kind ORDER BY kind');
    expect(kinds).toEqual([
      { kind: 'POLICE_UNIT', n: 2 },
      { kind: 'MUNICIPALITY', n: 1 },
      { kind: 'MUNICIPAL_GUARD', n: 1 },
      { kind: 'SOCIAL_SERVICES', n: 1 },
      { kind: 'HOUSING', n: 1 },
      { kind: 'NGO', n: 2 },
    ]);
    const roles = (await api.dataSource.query('SELECT DISTINCT unnest(roles) AS role FROM users ORDER BY 1')).map((r: { role: string }) => r.role);
    expect(roles).toEqual(['ADMIN', 'ANALYST', 'AUDITOR', 'COORDINATOR', 'PARTNER', 'STAFF']);
    expect((await api.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email NOT LIKE '%.test'`))[0].n).toBe(0);
    expect((await api.dataSource.query(`SELECT count(*)::int AS n FROM partnership_agreements`))[0].n).toBeGreaterThanOrEqual(8);
  });

  it('has the four scenarios of the seminar, each in its own phase, with partners, stakeholders, risks, updates of every visibility and NGO input', async () => {
    const cases = await api.dataSource.query(`
      SELECT c.type, c.phase,
        (SELECT count(*) FROM case_participants p WHERE p.case_id = c.id)::int AS participants,
        (SELECT count(*) FROM stakeholders s WHERE s.case_id = c.id)::int AS stakeholders,
        (SELECT count(*) FROM trust_risks r WHERE r.case_id = c.id)::int AS risks,
        (SELECT array_agg(DISTINCT visibility::text ORDER BY visibility::text) FROM case_updates u WHERE u.case_id = c.id) AS visibilities
      FROM cases c ORDER BY c.type`);
    expect(cases.map((c: { type: string }) => c.type).sort()).toEqual(['SOCIAL_TENSION', 'LOCAL_CONFLICT', 'CRISIS', 'PRIORITY_PLAN'].sort());
    expect(new Set(cases.map((c: { phase: string }) => c.phase)).size).toBe(4);
    for (const c of cases) {
      expect(c.participants).toBeGreaterThanOrEqual(3);
      expect(c.stakeholders).toBeGreaterThanOrEqual(2);
      expect(c.risks).toBeGreaterThanOrEqual(1);
      expect(c.visibilities).toEqual(['AGENCIES', 'LEAD', 'PARTNERS']);
    }
    const ngoInput = await api.dataSource.query(`SELECT DISTINCT i.status FROM partner_inputs i JOIN organisations o ON o.id = i.organisation_id WHERE o.kind = 'NGO'`);
    expect(ngoInput.length).toBeGreaterThanOrEqual(2);
    const override = await api.dataSource.query(`SELECT count(*)::int AS n FROM case_participants WHERE agreement_id IS NULL AND role <> 'LEAD' AND override_reason IS NOT NULL`);
    expect(override[0].n).toBeGreaterThan(0);
  });

  it('has actions and tasks across agencies: a declined request, an overridden capacity, one person over capacity', async () => {
    const [facts] = await api.dataSource.query(`SELECT
      (SELECT count(*) FROM actions)::int AS actions,
      (SELECT count(*) FROM tasks WHERE requester_organisation_id <> organisation_id)::int AS requests,
      (SELECT count(*) FROM tasks WHERE status = 'DECLINED' AND decline_reason IS NOT NULL)::int AS declined,
      (SELECT count(*) FROM tasks WHERE capacity_override_reason IS NOT NULL)::int AS overridden,
      (SELECT count(*) FROM tasks WHERE status IN ('PROPOSED','ACCEPTED','IN_PROGRESS','BLOCKED') AND due_date < current_date)::int AS overdue`);
    expect(facts.actions).toBeGreaterThanOrEqual(4);
    expect(facts.requests).toBeGreaterThanOrEqual(5);
    expect(facts.declined).toBe(1);
    expect(facts.overridden).toBe(1);
    expect(facts.overdue).toBeGreaterThanOrEqual(1);
    const { accessToken } = await api.login('k.nowak@kpp-legionowo.test', DEMO_PASSWORD);
    const [{ id }] = await api.dataSource.query(`SELECT id FROM organisations WHERE code = 'KPPLEG'`);
    const workload = await api.gql<{ workload: { summary: { peopleOverCapacity: number }; people: { edges: { node: { person: { displayName: string }; overCapacity: boolean; load: number; capacity: number } }[] } } }>(
      'query($id: ID!) { workload(organisationId: $id) { summary { peopleOverCapacity } people { edges { node { person { displayName } overCapacity load capacity } } } } }',
      { id },
      { token: accessToken },
    );
    expect(workload.errors).toBeUndefined();
    expect(workload.data!.workload.summary.peopleOverCapacity).toBe(1);
    expect(workload.data!.workload.people.edges[0]!.node).toMatchObject({ overCapacity: true, load: 18, capacity: 16 });
  });

  it('carries catalogue indicators with baselines and measurements, some on track and one off track; the demo survey imports cleanly', async () => {
    const { accessToken } = await api.login('k.nowak@kpp-legionowo.test', DEMO_PASSWORD);
    const response = await api.gql<{ cases: { edges: { node: { reference: string; indicators: { code: string; onTrack: boolean | null; series: { value: number; supersedesId: string | null }[] }[] } }[] } }>(
      '{ cases(first: 10, orderBy: PRIORITY) { edges { node { reference indicators { code onTrack series { value supersedesId } } } } } }',
      {},
      { token: accessToken },
    );
    expect(response.errors).toBeUndefined();
    const indicators = response.data!.cases.edges.flatMap((e) => e.node.indicators);
    expect(indicators.length).toBeGreaterThanOrEqual(6);
    expect(indicators.filter((i) => i.onTrack === true).length).toBeGreaterThanOrEqual(3);
    expect(indicators.filter((i) => i.onTrack === false)).toHaveLength(1);
    // One measurement was corrected: the series shows the correction in place of the value it supersedes.
    const corrected = indicators.filter((i) => i.series.some((m) => m.supersedesId !== null));
    expect(corrected.map((i) => [i.code, i.series.map((m) => m.value)])).toEqual([['SAFE_AFTER_DARK', [44, 52]]]);
    const [piaski] = await api.dataSource.query(`SELECT id FROM cases WHERE title LIKE 'Napięcia%'`);
    const csv = readFileSync(join(__dirname, '../../../docs/demo/survey-piaski.csv'), 'utf8');
    const imported = await api.gql<{ importSurveyResults: { imported: number } }>(
      'mutation($input: ImportSurveyInput!) { importSurveyResults(input: $input) { imported } }',
      { input: { caseId: piaski.id, csv, sourceNote: 'Sondaż Piaski, listopad' } },
      { token: accessToken },
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importSurveyResults.imported).toBe(2);
  });

  it('leaves domain events for the worker, so that notifications arrive after the start', async () => {
    const events: { type: string; n: number }[] = await api.dataSource.query(`SELECT type, count(*)::int AS n FROM outbox_events WHERE published_at IS NULL AND request_id = 'seed' GROUP BY type ORDER BY type`);
    expect(events.map((e) => e.type)).toEqual(['case.escalated', 'case.input-submitted', 'case.update-posted', 'task.requested']);
  });

  it('shows an NGO partner only PARTNERS updates and no personal data, with the printed demo password', async () => {
    const { accessToken } = await api.login('b.mazur@piaski-sasiedzi.test', DEMO_PASSWORD);
    const response = await api.gql<{ cases: { totalCount: number; edges: { node: { updates: { edges: { node: { visibility: string } }[] }; stakeholders: { contactDetails: string | null }[] } }[] } }>(
      '{ cases(first: 10) { totalCount edges { node { title updates(first: 20) { edges { node { visibility } } } stakeholders { name contactDetails } } } } }',
      {},
      { token: accessToken },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.cases.totalCount).toBe(2);
    const nodes = response.data!.cases.edges.map((e) => e.node);
    expect(nodes.flatMap((n) => n.updates.edges.map((e) => e.node.visibility)).every((v) => v === 'PARTNERS')).toBe(true);
    expect(nodes.flatMap((n) => n.stakeholders).every((s) => s.contactDetails === null)).toBe(true);
  });

  it('gives every organisation someone who answers its requests: an active coordinator, printed among the demo logins', async () => {
    const stranded = await api.dataSource.query(
      `SELECT o.code FROM organisations o
        WHERE o.active AND NOT EXISTS (SELECT 1 FROM users u WHERE u.organisation_id = o.id AND u.active AND 'COORDINATOR' = ANY(u.roles::text[]))
        ORDER BY o.code`,
    );
    expect(stranded).toEqual([]);
    const printed = new Set(DEMO_USERS.filter((u) => u.roles.includes(Role.COORDINATOR)).map((u) => u.organisation));
    const organisations: { code: string }[] = await api.dataSource.query('SELECT code FROM organisations WHERE active ORDER BY code');
    expect(organisations.filter((o) => !printed.has(o.code))).toEqual([]);
  });

  it('has no request waiting that its organisation cannot answer: a coordinator of each answers every open request', async () => {
    const open: { id: string; version: number; organisation_id: string; email: string }[] = await api.dataSource.query(
      `SELECT t.id, t.version, t.organisation_id,
              (SELECT u.email FROM users u WHERE u.organisation_id = t.organisation_id AND u.active AND 'COORDINATOR' = ANY(u.roles::text[]) ORDER BY u.email LIMIT 1) AS email
         FROM tasks t WHERE t.status = 'PROPOSED' ORDER BY t.created_at`,
    );
    expect(open.length).toBeGreaterThanOrEqual(2);
    for (const task of open) {
      expect(task.email).toEqual(expect.any(String));
      const { accessToken } = await api.login(task.email, DEMO_PASSWORD);
      const answered = await api.gql<{ respondToTask: { status: string } }>(
        'mutation($input: RespondToTaskInput!) { respondToTask(input: $input) { status } }',
        { input: { id: task.id, version: task.version, accept: true } },
        { token: accessToken },
      );
      expect(answered.errors).toBeUndefined();
      expect(answered.data!.respondToTask.status).toBe('ACCEPTED');
    }
  });
});
