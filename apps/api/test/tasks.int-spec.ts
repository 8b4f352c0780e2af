import { OrganisationKind, Role } from '@cg/shared/domain';
import { AuditEventEntity, type OrganisationEntity, type UserEntity } from '@cg/server/db';
import { RemindersService } from '@cg/server/tasks';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const TASK = 'id status version assignee { id } organisation { id } isRequest declineReason blockReason capacityOverrideReason needsReassignment overdue effortPoints dueDate';
const CREATE = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${TASK} } }`;
const RESPOND = `mutation($input: RespondToTaskInput!) { respondToTask(input: $input) { ${TASK} } }`;
const ASSIGN = `mutation($input: AssignTaskInput!) { assignTask(input: $input) { ${TASK} } }`;
const STATUS = `mutation($input: ChangeTaskStatusInput!) { changeTaskStatus(input: $input) { ${TASK} } }`;
const AWAY = `mutation($input: MarkUnavailableInput!) { markUnavailable(input: $input) { id needsReassignment } }`;

interface Task {
  id: string;
  status: string;
  version: number;
  assignee: { id: string } | null;
  declineReason: string | null;
  blockReason: string | null;
  capacityOverrideReason: string | null;
  needsReassignment: boolean;
  isRequest: boolean;
  overdue: boolean;
}

const day = (offset: number) => {
  const d = new Date(Date.now() + offset * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(d);
};

describe('tasks between organisations and the workload guard', () => {
  let api: TestApp;
  let police: OrganisationEntity;
  let ngo: OrganisationEntity;
  let caseId: string;
  let policeCoordinator: { user: UserEntity; token: string };
  let officer: { user: UserEntity; token: string };
  let ngoCoordinator: { user: UserEntity; token: string };
  let volunteer: { user: UserEntity; token: string };

  beforeAll(async () => {
    api = await startApi();
    police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    await api.fixtures.agreement(police, ngo);
    policeCoordinator = await api.signedIn(police, [Role.COORDINATOR]);
    officer = await api.signedIn(police, [Role.STAFF]);
    ngoCoordinator = await api.signedIn(ngo, [Role.COORDINATOR]);
    volunteer = await api.signedIn(ngo, [Role.PARTNER]);
    const opened = await api.gql<{ openCase: { id: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: { title: 'Konflikt sąsiedzki', type: 'LOCAL_CONFLICT', area: { district: 'Centrum' }, diagnosis: { what: 'spór o hałas' } } },
      { token: policeCoordinator.token },
    );
    caseId = opened.data!.openCase.id;
    await api.gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { input: { caseId, organisationId: ngo.id } }, { token: policeCoordinator.token });
  });
  afterAll(async () => {
    await api.stop();
  });

  const create = (token: string, input: Record<string, unknown>) => api.gql<{ createTask: Task }>(CREATE, { input: { caseId, dueDate: day(5), effortPoints: 2, ...input } }, { token });

  async function setCapacity(user: UserEntity, capacity: number) {
    await api.dataSource.query('UPDATE users SET weekly_capacity = $2 WHERE id = $1', [user.id, capacity]);
    await api.dataSource.query(`UPDATE tasks SET status = 'DONE' WHERE assignee_id = $1`, [user.id]);
  }

  it('a task for one’s own organisation starts ACCEPTED with an assignee, PROPOSED without', async () => {
    const assigned = await create(officer.token, { title: 'Rozmowa z sąsiadami', organisationId: police.id, assigneeId: officer.user.id });
    expect(assigned.data?.createTask).toMatchObject({ status: 'ACCEPTED', isRequest: false, assignee: { id: officer.user.id } });
    const open = await create(officer.token, { title: 'Sprawdzić monitoring', organisationId: police.id });
    expect(open.data?.createTask).toMatchObject({ status: 'PROPOSED', isRequest: false, assignee: null });
  });

  it('runs the request flow between organisations: propose, accept; decline with a reason the requester sees; cancel', async () => {
    const request = await create(policeCoordinator.token, { title: 'Mediacja sąsiedzka', organisationId: ngo.id });
    const task = request.data!.createTask;
    expect(task).toMatchObject({ status: 'PROPOSED', isRequest: true });
    expect(errorCode(await api.gql(RESPOND, { input: { id: task.id, version: task.version, accept: true } }, { token: policeCoordinator.token }))).toBe('FORBIDDEN');
    const accepted = await api.gql<{ respondToTask: Task }>(RESPOND, { input: { id: task.id, version: task.version, accept: true, assigneeId: volunteer.user.id } }, { token: ngoCoordinator.token });
    expect(accepted.data?.respondToTask).toMatchObject({ status: 'ACCEPTED', assignee: { id: volunteer.user.id } });
    expect(errorCode(await api.gql(RESPOND, { input: { id: task.id, version: 2, accept: true } }, { token: ngoCoordinator.token }))).toBe('BAD_USER_INPUT');

    const second = (await create(policeCoordinator.token, { title: 'Zebranie z mieszkańcami', organisationId: ngo.id, assigneeId: volunteer.user.id })).data!.createTask;
    const noReason = await api.gql(RESPOND, { input: { id: second.id, version: second.version, accept: false } }, { token: volunteer.token });
    expect(errorCode(noReason)).toBe('BAD_USER_INPUT');
    const declined = await api.gql<{ respondToTask: Task }>(RESPOND, { input: { id: second.id, version: second.version, accept: false, reason: 'Brak wolontariuszy w tym terminie' } }, { token: volunteer.token });
    expect(declined.data?.respondToTask).toMatchObject({ status: 'DECLINED', declineReason: 'Brak wolontariuszy w tym terminie' });
    const seenByRequester = await api.gql<{ task: Task }>(`query($id: ID!) { task(id: $id) { ${TASK} } }`, { id: second.id }, { token: policeCoordinator.token });
    expect(seenByRequester.data?.task.declineReason).toBe('Brak wolontariuszy w tym terminie');

    const third = (await create(policeCoordinator.token, { title: 'Ulotki', organisationId: ngo.id })).data!.createTask;
    expect(errorCode(await api.gql(STATUS, { input: { id: third.id, version: third.version, status: 'CANCELLED' } }, { token: ngoCoordinator.token }))).toBe('FORBIDDEN');
    const cancelled = await api.gql<{ changeTaskStatus: Task }>(STATUS, { input: { id: third.id, version: third.version, status: 'CANCELLED', reason: 'Niepotrzebne' } }, { token: policeCoordinator.token });
    expect(cancelled.data?.changeTaskStatus.status).toBe('CANCELLED');

    const events = await api.dataSource.query(`SELECT type FROM outbox_events WHERE aggregate_id = ANY($1) ORDER BY occurred_at`, [[task.id, second.id, third.id]]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['task.requested', 'task.accepted', 'task.assigned', 'task.requested', 'task.declined', 'task.requested', 'task.cancelled']);
  });

  it('allows only ACCEPTED → IN_PROGRESS → DONE, BLOCKED with a reason and back; everything else is BAD_USER_INPUT', async () => {
    const task = (await create(officer.token, { title: 'Patrol', organisationId: police.id, assigneeId: officer.user.id })).data!.createTask;
    let current = task;
    const move = async (status: string, reason?: string) => api.gql<{ changeTaskStatus: Task }>(STATUS, { input: { id: current.id, version: current.version, status, reason } }, { token: officer.token });
    for (const illegal of ['DONE', 'PROPOSED', 'DECLINED', 'ACCEPTED']) expect([illegal, errorCode(await move(illegal))]).toEqual([illegal, 'BAD_USER_INPUT']);
    current = (await move('IN_PROGRESS')).data!.changeTaskStatus;
    expect(errorCode(await move('BLOCKED'))).toBe('BAD_USER_INPUT');
    current = (await move('BLOCKED', 'Czekamy na nagranie z monitoringu')).data!.changeTaskStatus;
    expect(current).toMatchObject({ status: 'BLOCKED', blockReason: 'Czekamy na nagranie z monitoringu' });
    expect(errorCode(await move('DONE'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await move('ACCEPTED'))).toBe('BAD_USER_INPUT');
    current = (await move('IN_PROGRESS')).data!.changeTaskStatus;
    expect(current).toMatchObject({ status: 'IN_PROGRESS', blockReason: null });
    current = (await move('DONE')).data!.changeTaskStatus;
    for (const illegal of ['IN_PROGRESS', 'BLOCKED', 'CANCELLED']) expect([illegal, errorCode(await move(illegal, 'powód zmiany'))]).toEqual([illegal, 'BAD_USER_INPUT']);
    const stale = await api.gql(STATUS, { input: { id: current.id, version: 1, status: 'IN_PROGRESS' } }, { token: officer.token });
    expect(errorCode(stale)).toBe('CONFLICT');
    const [row] = await api.dataSource.query('SELECT status FROM tasks WHERE id = $1', [current.id]);
    expect(row.status).toBe('DONE');
  });

  it('refuses assignment beyond capacity with the figures, unless a coordinator overrides with a reason (audited, visible)', async () => {
    const worker = await api.fixtures.user(police, [Role.STAFF], { weeklyCapacity: 10 });
    await create(policeCoordinator.token, { title: 'Obchód 1', organisationId: police.id, assigneeId: worker.id, effortPoints: 8 });
    await create(policeCoordinator.token, { title: 'Daleki termin', organisationId: police.id, assigneeId: worker.id, effortPoints: 9, dueDate: day(30) });
    const task = (await create(policeCoordinator.token, { title: 'Obchód 2', organisationId: police.id, effortPoints: 5 })).data!.createTask;
    const refused = await api.gql(ASSIGN, { input: { id: task.id, version: task.version, assigneeId: worker.id } }, { token: policeCoordinator.token });
    expect(errorCode(refused)).toBe('CAPACITY_EXCEEDED');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ load: 8, effort: 5, capacity: 10, overage: 3 });
    expect(refused.errors?.[0]?.message).toMatch(/Przekroczona dostępność: obciążenie 8 \+ 5 pkt przy tygodniowej dostępności 10 pkt \(nadwyżka 3 pkt\)/);
    expect((await api.dataSource.query('SELECT assignee_id, version FROM tasks WHERE id = $1', [task.id]))[0]).toEqual({ assignee_id: null, version: 1 });

    const overridden = await api.gql<{ assignTask: Task }>(ASSIGN, { input: { id: task.id, version: task.version, assigneeId: worker.id, capacityOverrideReason: 'Jedyna osoba znająca rodziny z bloku 12' } }, { token: policeCoordinator.token });
    expect(overridden.data?.assignTask).toMatchObject({ status: 'ACCEPTED', assignee: { id: worker.id }, capacityOverrideReason: 'Jedyna osoba znająca rodziny z bloku 12' });
    const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'task.capacity-override', entityId: task.id });
    expect(audit).toMatchObject({ actorUserId: policeCoordinator.user.id, reason: 'Jedyna osoba znająca rodziny z bloku 12' });

    // A staff member cannot override: only coordinators may.
    await setCapacity(officer.user, 1);
    const own = await create(officer.token, { title: 'Za dużo', organisationId: police.id, assigneeId: officer.user.id, effortPoints: 3, capacityOverrideReason: 'bardzo chcę to zrobić sam' });
    expect(errorCode(own)).toBe('BAD_USER_INPUT');
    const load = await api.dataSource.query(`SELECT coalesce(sum(effort_points), 0)::int AS n FROM tasks WHERE assignee_id = $1 AND status IN ('ACCEPTED','IN_PROGRESS','BLOCKED')`, [officer.user.id]);
    expect(load[0].n).toBe(0);
  });

  it('two coordinators assigning the last free capacity of one person at once: exactly one succeeds', async () => {
    const person = await api.fixtures.user(ngo, [Role.PARTNER], { weeklyCapacity: 4 });
    await create(ngoCoordinator.token, { title: 'Już przydzielone', organisationId: ngo.id, assigneeId: person.id, effortPoints: 2 });
    const a = (await create(ngoCoordinator.token, { title: 'Zadanie A', organisationId: ngo.id, effortPoints: 2 })).data!.createTask;
    const b = (await create(ngoCoordinator.token, { title: 'Zadanie B', organisationId: ngo.id, effortPoints: 2 })).data!.createTask;
    const results = await Promise.all([
      api.gql(ASSIGN, { input: { id: a.id, version: a.version, assigneeId: person.id } }, { token: ngoCoordinator.token }),
      api.gql(ASSIGN, { input: { id: b.id, version: b.version, assigneeId: person.id } }, { token: policeCoordinator.token }),
    ]);
    expect(results.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['CAPACITY_EXCEEDED', 'OK']);
    const [{ load }] = await api.dataSource.query(`SELECT sum(effort_points)::int AS load FROM tasks WHERE assignee_id = $1 AND status IN ('ACCEPTED','IN_PROGRESS','BLOCKED')`, [person.id]);
    expect(load).toBe(4);
  });

  it('marking someone unavailable flags their open tasks and refuses new assignment', async () => {
    const person = await api.fixtures.user(police, [Role.STAFF], { weeklyCapacity: 30 });
    const personToken = (await api.login(person.email)).accessToken;
    const t1 = (await create(policeCoordinator.token, { title: 'Wizyta w szkole', organisationId: police.id, assigneeId: person.id, dueDate: day(3) })).data!.createTask;
    const t2 = (await create(policeCoordinator.token, { title: 'Raport', organisationId: police.id, assigneeId: person.id, dueDate: day(-10) })).data!.createTask;
    const flagged = await api.gql<{ markUnavailable: { id: string; needsReassignment: boolean }[] }>(AWAY, { input: { startsOn: day(0), endsOn: day(14), reason: 'SICK_LEAVE' } }, { token: personToken });
    expect(flagged.errors).toBeUndefined();
    expect(flagged.data!.markUnavailable).toEqual([{ id: t1.id, needsReassignment: true }]);
    const t3 = (await create(policeCoordinator.token, { title: 'Nowe', organisationId: police.id })).data!.createTask;
    const refused = await api.gql(ASSIGN, { input: { id: t3.id, version: t3.version, assigneeId: person.id } }, { token: policeCoordinator.token });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.extensions?.unavailableUntil).toBe(day(14));
    const events = await api.dataSource.query(`SELECT type FROM outbox_events WHERE aggregate_id = $1 AND type = 'task.reassignment-needed'`, [t1.id]);
    expect(events).toHaveLength(1);
    expect((await api.dataSource.query('SELECT needs_reassignment FROM tasks WHERE id = $1', [t2.id]))[0].needs_reassignment).toBe(false);
    // Someone else takes it over, and the flag clears.
    const t1now = (await api.dataSource.query('SELECT version FROM tasks WHERE id = $1', [t1.id]))[0];
    const colleague = await api.fixtures.user(police, [Role.STAFF], { weeklyCapacity: 30 });
    const taken = await api.gql<{ assignTask: Task }>(ASSIGN, { input: { id: t1.id, version: t1now.version, assigneeId: colleague.id } }, { token: policeCoordinator.token });
    expect(taken.data?.assignTask).toMatchObject({ assignee: { id: colleague.id }, needsReassignment: false });
    // A colleague from another organisation cannot mark someone away.
    expect(errorCode(await api.gql(AWAY, { input: { userId: person.id, startsOn: day(0), endsOn: day(1), reason: 'LEAVE' } }, { token: ngoCoordinator.token }))).toBe('NOT_FOUND');
  });

  it('marking someone unavailable flags their tasks on every case, and answers with those the caller may read', async () => {
    const person = await api.fixtures.user(ngo, [Role.PARTNER], { weeklyCapacity: 30 });
    const onShared = (await create(ngoCoordinator.token, { title: 'Dyżur w świetlicy', organisationId: ngo.id, assigneeId: person.id, dueDate: day(2) })).data!.createTask;
    // A task of hers on a case her organisation no longer takes part in (it left after she was assigned).
    const other = await api.gql<{ openCase: { id: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: { title: 'Kradzieże rowerów', type: 'PUBLIC_NUISANCE', area: { district: 'Centrum' }, diagnosis: { what: 'kradzieże spod bloków' } } },
      { token: policeCoordinator.token },
    );
    const hidden = (await create(policeCoordinator.token, { caseId: other.data!.openCase.id, title: 'Oznakowanie rowerów', organisationId: police.id, dueDate: day(4) })).data!.createTask;
    await api.dataSource.query(`UPDATE tasks SET assignee_id = $1, status = 'ACCEPTED' WHERE id = $2`, [person.id, hidden.id]);

    const flagged = await api.gql<{ markUnavailable: { id: string; needsReassignment: boolean }[] }>(AWAY, { input: { userId: person.id, startsOn: day(0), endsOn: day(7), reason: 'LEAVE' } }, { token: ngoCoordinator.token });
    expect(flagged.errors).toBeUndefined();
    expect(flagged.data!.markUnavailable).toEqual([{ id: onShared.id, needsReassignment: true }]);
    const stored = await api.dataSource.query('SELECT id FROM tasks WHERE id = ANY($1) AND needs_reassignment ORDER BY due_date', [[onShared.id, hidden.id]]);
    expect(stored.map((r: { id: string }) => r.id)).toEqual([onShared.id, hidden.id]);
  });

  it('knows overdue tasks, and the reminder job run twice on one day writes each reminder once', async () => {
    const late = (await create(officer.token, { title: 'Spóźnione', organisationId: police.id, dueDate: day(-2) })).data!.createTask;
    const soon = (await create(officer.token, { title: 'Na jutro', organisationId: police.id, dueDate: day(1) })).data!.createTask;
    const later = (await create(officer.token, { title: 'Za tydzień', organisationId: police.id, dueDate: day(7) })).data!.createTask;
    expect([late.overdue, soon.overdue, later.overdue]).toEqual([true, false, false]);
    const reminders = api.app.get(RemindersService);
    const today = day(0);
    const first = await reminders.run(today);
    const second = await reminders.run(today);
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    expect(first.dueSoon).toBeGreaterThanOrEqual(1);
    expect(second).toEqual({ dueSoon: 0, overdue: 0 });
    const rows = await api.dataSource.query(`SELECT aggregate_id, type FROM outbox_events WHERE type IN ('task.overdue', 'task.due-soon') AND aggregate_id = ANY($1) ORDER BY type`, [[late.id, soon.id, later.id]]);
    expect(rows).toEqual([
      { aggregate_id: soon.id, type: 'task.due-soon' },
      { aggregate_id: late.id, type: 'task.overdue' },
    ]);
    const nextDay = await reminders.run(day(1));
    expect(nextDay.overdue).toBeGreaterThanOrEqual(1);
  });

  it('lists my tasks by due date with filters', async () => {
    const mine = await api.gql<{ myTasks: { totalCount: number; edges: { node: { dueDate: string; status: string; overdue: boolean } }[] } }>(
      'query($filter: TaskFilter) { myTasks(first: 50, filter: $filter) { totalCount edges { node { dueDate status overdue } } } }',
      { filter: { status: ['ACCEPTED', 'IN_PROGRESS', 'DONE'] } },
      { token: officer.token },
    );
    const dates = mine.data!.myTasks.edges.map((e) => e.node.dueDate);
    expect(dates).toEqual([...dates].sort());
    expect(mine.data!.myTasks.totalCount).toBe((await api.dataSource.query(`SELECT count(*)::int AS n FROM tasks WHERE assignee_id = $1 AND status IN ('ACCEPTED','IN_PROGRESS','DONE')`, [officer.user.id]))[0].n);
    const overdue = await api.gql<{ myTasks: { edges: { node: { overdue: boolean } }[] } }>('{ myTasks(filter: { overdue: true }) { edges { node { overdue } } } }', {}, { token: officer.token });
    expect(overdue.data!.myTasks.edges.every((e) => e.node.overdue)).toBe(true);
  });
});
