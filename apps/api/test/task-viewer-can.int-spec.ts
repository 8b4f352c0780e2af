import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity, UserEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const CAN = 'viewerCan { respond assign overrideCapacity cancel moveTo }';
const TASK = `id status version ${CAN}`;
const CREATE = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${TASK} } }`;
const RESPOND = `mutation($input: RespondToTaskInput!) { respondToTask(input: $input) { ${TASK} } }`;
const STATUS = `mutation($input: ChangeTaskStatusInput!) { changeTaskStatus(input: $input) { ${TASK} } }`;
const READ = `query($id: ID!) { task(id: $id) { ${TASK} } }`;

interface Can {
  respond: boolean;
  assign: boolean;
  overrideCapacity: boolean;
  cancel: boolean;
  moveTo: string[];
}
interface Task {
  id: string;
  status: string;
  version: number;
  viewerCan: Can;
}

const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date(Date.now() + offset * 86_400_000));
const NOTHING: Can = { respond: false, assign: false, overrideCapacity: false, cancel: false, moveTo: [] };

/** Task.viewerCan, what the web app shows its controls from, agrees with what the writes answer. */
describe('Task.viewerCan', () => {
  let api: TestApp;
  let police: OrganisationEntity;
  let ngo: OrganisationEntity;
  let caseId: string;
  let policeCoordinator: { user: UserEntity; token: string };
  let officer: { user: UserEntity; token: string };
  let ngoCoordinator: { user: UserEntity; token: string };
  let volunteer: { user: UserEntity; token: string };
  let otherVolunteer: { user: UserEntity; token: string };

  beforeAll(async () => {
    api = await startApi();
    police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    await api.fixtures.agreement(police, ngo);
    policeCoordinator = await api.signedIn(police, [Role.COORDINATOR]);
    officer = await api.signedIn(police, [Role.STAFF]);
    ngoCoordinator = await api.signedIn(ngo, [Role.COORDINATOR]);
    volunteer = await api.signedIn(ngo, [Role.PARTNER]);
    otherVolunteer = await api.signedIn(ngo, [Role.PARTNER]);
    const opened = await api.gql<{ openCase: { id: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: { title: 'Hałas na podwórku', type: 'LOCAL_CONFLICT', area: { district: 'Centrum' }, diagnosis: { what: 'spór o hałas' } } },
      { token: policeCoordinator.token },
    );
    caseId = opened.data!.openCase.id;
    await api.gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { input: { caseId, organisationId: ngo.id } }, { token: policeCoordinator.token });
  });
  afterAll(async () => {
    await api.stop();
  });

  const read = async (id: string, token: string) => (await api.gql<{ task: Task }>(READ, { id }, { token })).data!.task;

  it('a request: the asked organisation’s coordinator answers and assigns, the requester cancels, a colleague does nothing', async () => {
    const created = await api.gql<{ createTask: Task }>(CREATE, { input: { caseId, organisationId: ngo.id, title: 'Mediacja', dueDate: day(5), effortPoints: 2 } }, { token: policeCoordinator.token });
    const task = created.data!.createTask;
    expect(task.status).toBe('PROPOSED');
    // The lead (a public body) coordinates the whole case: it may assign, but answering is the asked organisation's.
    expect(task.viewerCan).toEqual({ respond: false, assign: true, overrideCapacity: true, cancel: true, moveTo: [] });
    expect(await read(task.id, ngoCoordinator.token)).toMatchObject({ viewerCan: { respond: true, assign: true, overrideCapacity: true, cancel: false, moveTo: [] } });
    expect((await read(task.id, volunteer.token)).viewerCan).toEqual(NOTHING);

    // What the flags say no to is refused; what they say yes to works.
    expect(errorCode(await api.gql(RESPOND, { input: { id: task.id, version: task.version, accept: true } }, { token: policeCoordinator.token }))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(STATUS, { input: { id: task.id, version: task.version, status: 'CANCELLED' } }, { token: ngoCoordinator.token }))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(RESPOND, { input: { id: task.id, version: task.version, accept: false, reason: 'nie nasza sprawa' } }, { token: volunteer.token }))).toBe('FORBIDDEN');
    const accepted = await api.gql<{ respondToTask: Task }>(RESPOND, { input: { id: task.id, version: task.version, accept: true, assigneeId: volunteer.user.id } }, { token: ngoCoordinator.token });
    expect(accepted.data?.respondToTask).toMatchObject({ status: 'ACCEPTED', viewerCan: { respond: false, assign: true, cancel: false, moveTo: ['IN_PROGRESS', 'BLOCKED'] } });

    // The assignee moves it; a colleague who is not the assignee still may not.
    expect((await read(task.id, volunteer.token)).viewerCan).toEqual({ respond: false, assign: false, overrideCapacity: false, cancel: false, moveTo: ['IN_PROGRESS', 'BLOCKED'] });
    expect((await read(task.id, otherVolunteer.token)).viewerCan).toEqual(NOTHING);
    expect(errorCode(await api.gql(STATUS, { input: { id: task.id, version: accepted.data!.respondToTask.version, status: 'IN_PROGRESS' } }, { token: otherVolunteer.token }))).toBe('FORBIDDEN');
    const started = await api.gql<{ changeTaskStatus: Task }>(STATUS, { input: { id: task.id, version: accepted.data!.respondToTask.version, status: 'IN_PROGRESS' } }, { token: volunteer.token });
    expect(started.data?.changeTaskStatus.viewerCan.moveTo).toEqual(['DONE', 'BLOCKED']);
    const blocked = await api.gql<{ changeTaskStatus: Task }>(STATUS, { input: { id: task.id, version: started.data!.changeTaskStatus.version, status: 'BLOCKED', reason: 'Czekamy na salę' } }, { token: volunteer.token });
    // Back from BLOCKED goes only to where it was.
    expect(blocked.data?.changeTaskStatus.viewerCan.moveTo).toEqual(['IN_PROGRESS']);
    const resumed = await api.gql<{ changeTaskStatus: Task }>(STATUS, { input: { id: task.id, version: blocked.data!.changeTaskStatus.version, status: 'IN_PROGRESS' } }, { token: volunteer.token });
    const done = await api.gql<{ changeTaskStatus: Task }>(STATUS, { input: { id: task.id, version: resumed.data!.changeTaskStatus.version, status: 'DONE' } }, { token: volunteer.token });
    expect(done.data?.changeTaskStatus).toMatchObject({ status: 'DONE', viewerCan: { ...NOTHING, assign: false } });
    expect((await read(task.id, policeCoordinator.token)).viewerCan).toEqual(NOTHING);
  });

  it('staff assign nothing and override nothing; their own task they move', async () => {
    const created = await api.gql<{ createTask: Task }>(CREATE, { input: { caseId, organisationId: police.id, assigneeId: officer.user.id, title: 'Patrol', dueDate: day(3) } }, { token: officer.token });
    expect(created.data?.createTask).toMatchObject({ status: 'ACCEPTED', viewerCan: { respond: false, assign: false, overrideCapacity: false, cancel: true, moveTo: ['IN_PROGRESS', 'BLOCKED'] } });
  });

  it('a closed case allows nothing, in lists too', async () => {
    const created = await api.gql<{ createTask: Task }>(CREATE, { input: { caseId, organisationId: police.id, assigneeId: officer.user.id, title: 'Ulotki', dueDate: day(4) } }, { token: policeCoordinator.token });
    await api.dataSource.query(`UPDATE cases SET phase = 'CLOSED' WHERE id = $1`, [caseId]);
    try {
      expect((await read(created.data!.createTask.id, policeCoordinator.token)).viewerCan).toEqual(NOTHING);
      const mine = await api.gql<{ myTasks: { edges: { node: Task }[] } }>(`{ myTasks(first: 50) { edges { node { ${TASK} } } } }`, {}, { token: officer.token });
      expect(mine.data!.myTasks.edges.length).toBeGreaterThan(0);
      for (const { node } of mine.data!.myTasks.edges) expect(node.viewerCan).toEqual(NOTHING);
      expect(errorCode(await api.gql(STATUS, { input: { id: created.data!.createTask.id, version: created.data!.createTask.version, status: 'IN_PROGRESS' } }, { token: officer.token }))).toBe('BAD_USER_INPUT');
    } finally {
      await api.dataSource.query(`UPDATE cases SET phase = 'ANALYSIS' WHERE id = $1`, [caseId]);
    }
  });
});
