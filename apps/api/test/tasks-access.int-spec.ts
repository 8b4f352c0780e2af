import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity, UserEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * The role matrix for actions, tasks and workload. A task of the case led by `lead` is asked of
 * `agency` (another participant); callers come from the requester's organisation (lead), the task's
 * organisation (agency), a third participant (ngo) and a foreign organisation.
 */
type Position = 'lead' | 'agency' | 'ngo' | 'foreign';
const POSITIONS: Position[] = ['lead', 'agency', 'ngo', 'foreign'];
const ROLES = Object.values(Role);
const MEMBER_ROLES = [Role.COORDINATOR, Role.STAFF, Role.PARTNER];

describe('tasks: the role matrix, and workload for coordinators only', () => {
  let api: TestApp;
  const orgs = {} as Record<Position, OrganisationEntity>;
  const callers: { role: Role; position: Position; token: string; user: UserEntity }[] = [];
  let caseId: string;
  let requester: { user: UserEntity; token: string };
  let agencyWorker: UserEntity;

  beforeAll(async () => {
    api = await startApi();
    orgs.lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    orgs.agency = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    orgs.ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    orgs.foreign = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    await api.fixtures.agreement(orgs.lead, orgs.agency);
    await api.fixtures.agreement(orgs.lead, orgs.ngo);
    requester = await api.signedIn(orgs.lead, [Role.COORDINATOR]);
    agencyWorker = await api.fixtures.user(orgs.agency, [Role.STAFF], { weeklyCapacity: 1000 });
    const opened = await api.gql<{ openCase: { id: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: { title: 'Sprawa wspólna', type: 'CRISIS', area: { district: 'Centrum' }, diagnosis: { what: 'kryzys' } } },
      { token: requester.token },
    );
    caseId = opened.data!.openCase.id;
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'PARTNER'), ($1, $3, 'PARTNER')`, [caseId, orgs.agency.id, orgs.ngo.id]);
    for (const position of POSITIONS) {
      for (const role of ROLES) {
        const signed = await api.signedIn(orgs[position], [role]);
        await api.dataSource.query('UPDATE users SET weekly_capacity = 1000 WHERE id = $1', [signed.user.id]);
        callers.push({ role, position, ...signed });
      }
    }
  });
  afterAll(async () => {
    await api.stop();
  });

  /** A fresh request from the lead to the agency, optionally accepted and assigned to the agency worker. */
  async function request(accepted = false): Promise<{ id: string; version: number }> {
    const response = await api.gql<{ createTask: { id: string; version: number } }>(
      'mutation($input: CreateTaskInput!) { createTask(input: $input) { id version } }',
      { input: { caseId, title: 'Oświetlenie podwórka', organisationId: orgs.agency.id, dueDate: '2030-01-01', effortPoints: 1 } },
      { token: requester.token },
    );
    const task = response.data!.createTask;
    if (!accepted) return task;
    await api.dataSource.query(`UPDATE tasks SET status = 'ACCEPTED', assignee_id = $2, version = version + 1 WHERE id = $1`, [task.id, agencyWorker.id]);
    return { id: task.id, version: task.version + 1 };
  }

  const member = (p: Position) => p !== 'foreign';
  const agencyKind = (p: Position) => p !== 'ngo';
  const is = (role: Role, ...roles: Role[]) => roles.includes(role);
  type Outcome = 'OK' | 'FORBIDDEN' | 'NOT_FOUND';
  /** Operations guarded only by "signed in" answer NOT_FOUND to anyone who may not read the case. */
  const objectOnly = (role: Role, p: Position, allowed: boolean): Outcome => (!member(p) || !is(role, ...MEMBER_ROLES) ? 'NOT_FOUND' : allowed ? 'OK' : 'FORBIDDEN');
  const coarse = (hasRule: boolean, p: Position, allowed = true): Outcome => (!hasRule ? 'FORBIDDEN' : !member(p) ? 'NOT_FOUND' : allowed ? 'OK' : 'FORBIDDEN');

  const operations: { name: string; expected: (role: Role, p: Position) => Outcome; run: (token: string) => Promise<Parameters<typeof errorCode>[0]> }[] = [
    {
      name: 'task(id)',
      expected: (r, p) => coarse(is(r, ...MEMBER_ROLES), p),
      run: async (token) => api.gql('query($id: ID!) { task(id: $id) { id } }', { id: (await request()).id }, { token }),
    },
    {
      name: 'createTask',
      expected: (r, p) => coarse(is(r, Role.COORDINATOR, Role.STAFF), p),
      run: (token) => api.gql('mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', { input: { caseId, title: 'Własne zadanie', organisationId: orgs.lead.id, dueDate: '2030-01-01' } }, { token }),
    },
    {
      name: 'respondToTask',
      expected: (r, p) => objectOnly(r, p, p === 'agency' && r === Role.COORDINATOR),
      run: async (token) => {
        const t = await request();
        return api.gql('mutation($input: RespondToTaskInput!) { respondToTask(input: $input) { id } }', { input: { id: t.id, version: t.version, accept: true } }, { token });
      },
    },
    {
      name: 'assignTask',
      expected: (r, p) => coarse(r === Role.COORDINATOR, p, p === 'agency' || p === 'lead'),
      run: async (token) => {
        const t = await request();
        return api.gql('mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }', { input: { id: t.id, version: t.version, assigneeId: agencyWorker.id } }, { token });
      },
    },
    {
      name: 'changeTaskStatus IN_PROGRESS',
      expected: (r, p) => objectOnly(r, p, p === 'agency' && r === Role.COORDINATOR),
      run: async (token) => {
        const t = await request(true);
        return api.gql('mutation($input: ChangeTaskStatusInput!) { changeTaskStatus(input: $input) { id } }', { input: { id: t.id, version: t.version, status: 'IN_PROGRESS' } }, { token });
      },
    },
    {
      name: 'changeTaskStatus CANCELLED',
      expected: (r, p) => objectOnly(r, p, p === 'lead' && r === Role.COORDINATOR),
      run: async (token) => {
        const t = await request();
        return api.gql('mutation($input: ChangeTaskStatusInput!) { changeTaskStatus(input: $input) { id } }', { input: { id: t.id, version: t.version, status: 'CANCELLED' } }, { token });
      },
    },
    {
      name: 'planAction',
      expected: (r, p) => coarse(is(r, Role.COORDINATOR, Role.STAFF) && agencyKind(p), p),
      run: (token) =>
        api.gql('mutation($input: PlanActionInput!) { planAction(input: $input) { id } }', { input: { caseId, kind: 'MEDIATION', title: 'Mediacja', startsOn: '2030-01-01', endsOn: '2030-01-31' } }, { token }),
    },
    {
      name: 'workload(agency)',
      expected: (r, p) => (r !== Role.COORDINATOR ? 'FORBIDDEN' : p === 'agency' ? 'OK' : 'NOT_FOUND'),
      run: (token) => api.gql('query($id: ID!) { workload(organisationId: $id) { summary { openRequests } } }', { id: orgs.agency.id }, { token }),
    },
  ];

  it.each(operations.map((o) => [o.name, o] as const))('%s', async (_name, operation) => {
    const actual: string[] = [];
    const expected: string[] = [];
    for (const caller of callers) {
      const code = (errorCode(await operation.run(caller.token)) as string | undefined) ?? 'OK';
      actual.push(`${caller.position}/${caller.role}: ${code}`);
      expected.push(`${caller.position}/${caller.role}: ${operation.expected(caller.role, caller.position)}`);
    }
    expect(actual).toEqual(expected);
  });

  it('an NGO partner sees the tasks of its cases, never another organisation’s workload; a foreign organisation sees none', async () => {
    const partner = callers.find((c) => c.position === 'ngo' && c.role === Role.PARTNER)!;
    const foreign = callers.find((c) => c.position === 'foreign' && c.role === Role.STAFF)!;
    const query = 'query($id: ID!) { case(id: $id) { tasks(first: 100) { totalCount } actions { id } } }';
    const seen = await api.gql<{ case: { tasks: { totalCount: number } } }>(query, { id: caseId }, { token: partner.token });
    const [{ n }] = await api.dataSource.query('SELECT count(*)::int AS n FROM tasks WHERE case_id = $1', [caseId]);
    expect(seen.data!.case.tasks.totalCount).toBe(n);
    expect(errorCode(await api.gql(query, { id: caseId }, { token: foreign.token }))).toBe('NOT_FOUND');
    const foreignTask = await api.gql<{ task: unknown }>('query($id: ID!) { task(id: $id) { id } }', { id: (await request()).id }, { token: foreign.token });
    expect(errorCode(foreignTask)).toBe('NOT_FOUND');
    expect(errorCode(await api.gql('query($id: ID!) { workload(organisationId: $id) { summary { overdueCount } } }', { id: orgs.agency.id }, { token: partner.token }))).toBe('FORBIDDEN');
  });

  it('workload issues a bounded number of SQL statements whatever the number of people, ordered by load relative to capacity', async () => {
    const small = await api.fixtures.organisation({ kind: OrganisationKind.SOCIAL_SERVICES });
    const large = await api.fixtures.organisation({ kind: OrganisationKind.SOCIAL_SERVICES });
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'PARTNER'), ($1, $3, 'PARTNER')`, [caseId, small.id, large.id]);
    await api.fixtures.agreement(orgs.lead, small);
    await api.fixtures.agreement(orgs.lead, large);
    const fill = async (organisation: OrganisationEntity, people: number) => {
      for (let i = 0; i < people; i++) {
        const person = await api.fixtures.user(organisation, [Role.STAFF], { weeklyCapacity: 10 + i });
        await api.dataSource.query(
          `INSERT INTO tasks (case_id, title, organisation_id, assignee_id, requester_organisation_id, due_date, effort_points, status)
           VALUES ($1, 'praca', $2, $3, $2, (now() AT TIME ZONE 'Europe/Warsaw')::date + 3, $4, 'ACCEPTED'), ($1, 'zaległe', $2, $3, $2, (now() AT TIME ZONE 'Europe/Warsaw')::date - 1, 1, 'IN_PROGRESS')`,
          [caseId, organisation.id, person.id, (i * 7) % 15],
        );
      }
      return (await api.signedIn(organisation, [Role.COORDINATOR])).token;
    };
    const smallToken = await fill(small, 3);
    const largeToken = await fill(large, 30);
    const query = `query($id: ID!) { workload(organisationId: $id) {
      summary { openRequests averageAnswerHours overdueCount peopleOverCapacity }
      people(first: 100) { totalCount edges { node { person { displayName } load capacity loadRatio overCapacity overdueCount dueThisWeek unavailable { endsOn } } } }
    } }`;
    const a = await api.countQueries(() => api.gql<{ workload: { people: { totalCount: number } } }>(query, { id: small.id }, { token: smallToken }));
    const b = await api.countQueries(() => api.gql<{ workload: { people: { totalCount: number; edges: { node: { loadRatio: number; overdueCount: number; load: number; capacity: number; overCapacity: boolean } }[] } } }>(query, { id: large.id }, { token: largeToken }));
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    expect(a.result.data!.workload.people.totalCount).toBe(4);
    expect(b.result.data!.workload.people.totalCount).toBe(31);
    expect(b.count).toBe(a.count);
    expect(b.count).toBeLessThanOrEqual(4);
    const nodes = b.result.data!.workload.people.edges.map((e) => e.node);
    const ratios = nodes.map((n) => n.loadRatio);
    expect(ratios).toEqual([...ratios].sort((x, y) => y - x));
    expect(nodes.filter((n) => n.capacity > 0 && n.load > 0).every((n) => n.overdueCount === 1 && n.overCapacity === n.load > n.capacity)).toBe(true);
  });
});
