import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { errorCode, type GqlResponse, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Every table a write to a case or to something in it can touch, as one fingerprint per table. */
const TABLES = ['cases', 'case_participants', 'case_updates', 'partner_inputs', 'stakeholders', 'trust_risks', 'actions', 'tasks', 'indicators', 'measurements', 'outbox_events'];

describe('a closed case is read-only until it is reopened', () => {
  let api: TestApp;
  let police: OrganisationEntity;
  let ngo: OrganisationEntity;
  let guard: OrganisationEntity;
  let coordinator: string;
  let staff: { token: string; user: { id: string } };
  let partner: string;
  let ngoCoordinator: string;
  let caseId: string;
  const ids: Record<string, string> = {};

  const gql = <T = Record<string, unknown>>(query: string, input: Record<string, unknown>, token: string) => api.gql<T>(query, { input }, { token });
  const ok = async <T>(response: Promise<GqlResponse<T>>): Promise<T> => {
    const answered = await response;
    expect(answered.errors).toBeUndefined();
    return answered.data!;
  };
  const version = async (table: string, id: string): Promise<number> => (await api.dataSource.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version;
  const fingerprint = async () => {
    const parts: Record<string, unknown> = {};
    for (const table of TABLES) parts[table] = (await api.dataSource.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM ${table} t`))[0];
    parts.audit = (await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE outcome = 'SUCCESS'`))[0].n;
    return parts;
  };

  beforeAll(async () => {
    api = await startApi();
    police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    guard = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPAL_GUARD });
    coordinator = (await api.signedIn(police, [Role.COORDINATOR])).token;
    staff = await api.signedIn(police, [Role.STAFF]);
    partner = (await api.signedIn(ngo, [Role.PARTNER])).token;
    ngoCoordinator = (await api.signedIn(ngo, [Role.COORDINATOR])).token;

    caseId = (await ok(gql<{ openCase: { id: string } }>('mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }', { title: 'Sprawa do zamknięcia', type: 'LOCAL_CONFLICT', area: { district: 'Centrum' }, diagnosis: { what: 'spór sąsiedzki' } }, coordinator))).openCase.id;
    await ok(gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { caseId, organisationId: ngo.id, overrideReason: 'Mediator bez porozumienia, na czas sprawy', grantedCategories: ['CASE_CONTENT', 'TASKS'] }, coordinator));
    ids.request = (await ok(gql<{ createTask: { id: string } }>('mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', { caseId, organisationId: ngo.id, title: 'Mediacja', dueDate: day(20) }, coordinator))).createTask.id;
    ids.task = (await ok(gql<{ createTask: { id: string } }>('mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', { caseId, organisationId: police.id, assigneeId: staff.user.id, title: 'Notatka', dueDate: day(30) }, coordinator))).createTask.id;
    ids.action = (await ok(gql<{ planAction: { id: string } }>('mutation($input: PlanActionInput!) { planAction(input: $input) { id } }', { caseId, kind: 'MEDIATION', title: 'Mediacja', startsOn: day(1), endsOn: day(30) }, coordinator))).planAction.id;
    ids.stakeholder = (await ok(gql<{ addStakeholder: { id: string } }>('mutation($input: AddStakeholderInput!) { addStakeholder(input: $input) { id } }', { caseId, name: 'Rodzina B.', triangleRole: 'VICTIM' }, staff.token))).addStakeholder.id;
    ids.risk = (await ok(gql<{ assessTrustRisk: { id: string } }>('mutation($input: AssessTrustRiskInput!) { assessTrustRisk(input: $input) { id } }', { caseId, title: 'Nieufność', likelihood: 3, impact: 3 }, staff.token))).assessTrustRisk.id;
    ids.input = (await ok(gql<{ submitPartnerInput: { id: string } }>('mutation($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }', { caseId, kind: 'OBSERVATION', body: 'Obserwacja z podwórka' }, partner))).submitPartnerInput.id;
    ids.indicator = (await ok(gql<{ defineIndicator: { id: string } }>('mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { id } }', { caseId, catalogueCode: 'SAFE_AFTER_DARK', baselineValue: 30, baselineDate: day(-60), targetValue: 50, targetDate: day(60) }, staff.token))).defineIndicator.id;
    await ok(gql('mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }', { indicatorId: ids.indicator, value: 40, measuredOn: day(-1) }, staff.token));
    for (const phase of ['ANALYSIS', 'RESPONSE', 'ASSESSMENT']) {
      await ok(gql('mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { id } }', { id: caseId, version: await version('cases', caseId), phase }, coordinator));
    }
    await ok(gql('mutation($input: CloseCaseInput!) { closeCase(input: $input) { id } }', { id: caseId, version: await version('cases', caseId), outcome: 'REDUCED', assessment: 'Konflikt wygaszony' }, coordinator));
  });
  afterAll(async () => {
    await api.stop();
  });

  /** Every mutation that writes to a case or to something in it: [name, document, input, who]. */
  const writes = (): [string, string, () => Promise<Record<string, unknown>>, () => string][] => [
    ['updateCase', 'mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }', async () => ({ id: caseId, version: await version('cases', caseId), title: 'Nowy tytuł' }), () => coordinator],
    ['changeCasePhase', 'mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { id } }', async () => ({ id: caseId, version: await version('cases', caseId), phase: 'ASSESSMENT', reason: 'wracamy' }), () => coordinator],
    ['escalateCase', 'mutation($input: EscalateCaseInput!) { escalateCase(input: $input) { id } }', async () => ({ id: caseId, version: await version('cases', caseId), escalation: 'CRISIS', reason: 'zamieszki' }), () => coordinator],
    ['closeCase', 'mutation($input: CloseCaseInput!) { closeCase(input: $input) { id } }', async () => ({ id: caseId, version: await version('cases', caseId), outcome: 'ELIMINATED', assessment: 'jeszcze raz' }), () => coordinator],
    ['addCaseParticipant', 'mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', async () => ({ caseId, organisationId: guard.id, overrideReason: 'Wspólne patrole na czas sprawy', grantedCategories: ['CASE_CONTENT'] }), () => coordinator],
    ['rebaseCaseParticipant', 'mutation($input: RebaseCaseParticipantInput!) { rebaseCaseParticipant(input: $input) { id } }', async () => ({ caseId, organisationId: ngo.id, overrideReason: 'Porozumienie wygasło, mediator zostaje', grantedCategories: ['CASE_CONTENT'] }), () => coordinator],
    ['removeCaseParticipant', 'mutation($input: RemoveCaseParticipantInput!) { removeCaseParticipant(input: $input) { id } }', async () => ({ caseId, organisationId: ngo.id }), () => coordinator],
    ['postCaseUpdate', 'mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', async () => ({ caseId, kind: 'NOTE', visibility: 'PARTNERS', body: 'Po zamknięciu' }), () => staff.token],
    ['postCaseUpdate (NGO partner)', 'mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', async () => ({ caseId, kind: 'NOTE', visibility: 'PARTNERS', body: 'Po zamknięciu' }), () => partner],
    ['submitPartnerInput', 'mutation($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }', async () => ({ caseId, kind: 'CONCERN', body: 'Po zamknięciu' }), () => partner],
    ['reviewPartnerInput', 'mutation($input: ReviewPartnerInputInput!) { reviewPartnerInput(input: $input) { id } }', async () => ({ id: ids.input, version: await version('partner_inputs', ids.input!), decision: 'ACCEPT', response: 'Dziękujemy' }), () => coordinator],
    ['addStakeholder', 'mutation($input: AddStakeholderInput!) { addStakeholder(input: $input) { id } }', async () => ({ caseId, name: 'Sąsiad', triangleRole: 'COMMUNITY' }), () => staff.token],
    ['updateStakeholder', 'mutation($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { id } }', async () => ({ id: ids.stakeholder, version: await version('stakeholders', ids.stakeholder!), notes: 'po zamknięciu' }), () => staff.token],
    ['removeStakeholder', 'mutation($input: RemoveStakeholderInput!) { removeStakeholder(input: $input) }', async () => ({ id: ids.stakeholder, version: await version('stakeholders', ids.stakeholder!) }), () => staff.token],
    ['assessTrustRisk', 'mutation($input: AssessTrustRiskInput!) { assessTrustRisk(input: $input) { id } }', async () => ({ caseId, title: 'Nowe ryzyko', likelihood: 2, impact: 2 }), () => staff.token],
    ['updateTrustRisk', 'mutation($input: UpdateTrustRiskInput!) { updateTrustRisk(input: $input) { id } }', async () => ({ id: ids.risk, version: await version('trust_risks', ids.risk!), status: 'CLOSED' }), () => staff.token],
    ['planAction', 'mutation($input: PlanActionInput!) { planAction(input: $input) { id } }', async () => ({ caseId, kind: 'PATROL', title: 'Patrol', startsOn: day(1), endsOn: day(10) }), () => coordinator],
    ['updateAction', 'mutation($input: UpdateActionInput!) { updateAction(input: $input) { id } }', async () => ({ id: ids.action, version: await version('actions', ids.action!), title: 'Inna mediacja' }), () => coordinator],
    ['cancelAction', 'mutation($input: CancelActionInput!) { cancelAction(input: $input) { id } }', async () => ({ id: ids.action, version: await version('actions', ids.action!), reason: 'zbędna' }), () => coordinator],
    ['createTask', 'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', async () => ({ caseId, organisationId: police.id, title: 'Po zamknięciu', dueDate: day(5) }), () => coordinator],
    ['respondToTask', 'mutation($input: RespondToTaskInput!) { respondToTask(input: $input) { id } }', async () => ({ id: ids.request, version: await version('tasks', ids.request!), accept: true }), () => ngoCoordinator],
    ['assignTask', 'mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }', async () => ({ id: ids.task, version: await version('tasks', ids.task!), assigneeId: staff.user.id }), () => coordinator],
    ['changeTaskStatus', 'mutation($input: ChangeTaskStatusInput!) { changeTaskStatus(input: $input) { id } }', async () => ({ id: ids.task, version: await version('tasks', ids.task!), status: 'IN_PROGRESS' }), () => staff.token],
    ['changeTaskStatus (cancel)', 'mutation($input: ChangeTaskStatusInput!) { changeTaskStatus(input: $input) { id } }', async () => ({ id: ids.request, version: await version('tasks', ids.request!), status: 'CANCELLED', reason: 'sprawa zamknięta' }), () => coordinator],
    ['defineIndicator', 'mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { id } }', async () => ({ caseId, catalogueCode: 'POLICE_CONFIDENCE', baselineValue: 30, baselineDate: day(-10), targetValue: 50, targetDate: day(60) }), () => staff.token],
    ['recordMeasurement', 'mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }', async () => ({ indicatorId: ids.indicator, value: 45, measuredOn: day(0) }), () => staff.token],
    ['importSurveyResults', 'mutation($input: ImportSurveyInput!) { importSurveyResults(input: $input) { imported } }', async () => ({ caseId, csv: `indicator_code,area,positive_percent,sample_size,measured_on\nSAFE_AFTER_DARK,Centrum,47,120,${day(-1)}\n` }), () => coordinator],
  ];

  it('refuses every write to the case or to anything in it, in Polish and English, and writes nothing', async () => {
    const before = await fingerprint();
    const answers: Record<string, unknown> = {};
    for (const [name, document, input, who] of writes()) {
      const response = await gql(document, await input(), who());
      answers[name] = { code: errorCode(response), reason: response.errors?.[0]?.extensions?.reason, message: response.errors?.[0]?.message };
    }
    const expected = Object.fromEntries(writes().map(([name]) => [name, { code: 'BAD_USER_INPUT', reason: 'CASE_CLOSED', message: 'Sprawa jest zamknięta; najpierw ją wznów.' }]));
    expect(answers).toEqual(expected);
    expect(await fingerprint()).toEqual(before);
    const englishStaff = (await api.login((await api.fixtures.user(police, [Role.STAFF], { locale: 'en' })).email)).accessToken;
    const english = await gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { caseId, kind: 'NOTE', visibility: 'PARTNERS', body: 'x' }, englishStaff);
    expect(english.errors?.[0]?.message).toBe('The case is closed; reopen it first.');
  });

  it('is still read, and still refuses what the caller may not do at all as FORBIDDEN', async () => {
    const read = await api.gql<{ case: { phase: string; tasks: { totalCount: number } } }>('query($id: ID!) { case(id: $id) { phase tasks(first: 10) { totalCount } } }', { id: caseId }, { token: partner });
    expect(read.errors).toBeUndefined();
    expect(read.data!.case.phase).toBe('CLOSED');
    expect(errorCode(await gql('mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }', { id: caseId, version: await version('cases', caseId), title: 'x' }, partner))).toBe('FORBIDDEN');
  });

  it('reopens, and then takes writes again', async () => {
    const reopened = await gql<{ reopenCase: { phase: string } }>('mutation($input: ReopenCaseInput!) { reopenCase(input: $input) { phase } }', { id: caseId, version: await version('cases', caseId), reason: 'Problem wrócił' }, coordinator);
    expect(reopened.errors).toBeUndefined();
    expect(reopened.data!.reopenCase.phase).toBe('ANALYSIS');
    await ok(gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { caseId, kind: 'NOTE', visibility: 'PARTNERS', body: 'Po wznowieniu' }, staff.token));
    await ok(gql('mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }', { indicatorId: ids.indicator, value: 45, measuredOn: day(0) }, staff.token));
    await ok(gql('mutation($input: RespondToTaskInput!) { respondToTask(input: $input) { id } }', { id: ids.request, version: await version('tasks', ids.request!), accept: true }, ngoCoordinator));
    await ok(gql('mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }', { id: caseId, version: await version('cases', caseId), title: 'Po wznowieniu' }, coordinator));
  });
});
