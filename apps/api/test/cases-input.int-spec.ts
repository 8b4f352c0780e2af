import { randomUUID } from 'node:crypto';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/** Bad input on cases: the right code, a message in the caller's language, and nothing half-written. */
describe('cases: bad input', () => {
  let api: TestApp;
  let token: string;
  let caseId: string;

  const snapshot = async () =>
    (
      await api.dataSource.query(`SELECT
        (SELECT count(*) FROM cases)::int AS cases,
        (SELECT coalesce(sum(last_value), 0) FROM case_sequences)::int AS sequences,
        (SELECT count(*) FROM case_participants)::int AS participants,
        (SELECT count(*) FROM case_updates)::int AS updates,
        (SELECT count(*) FROM stakeholders)::int AS stakeholders,
        (SELECT count(*) FROM trust_risks)::int AS risks,
        (SELECT count(*) FROM outbox_events)::int AS events,
        (SELECT count(*) FROM audit_events WHERE outcome = 'SUCCESS')::int AS audits,
        (SELECT string_agg(phase || ':' || version || ':' || title, ',') FROM cases) AS state`)
    )[0];

  beforeAll(async () => {
    api = await startApi();
    const police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    token = (await api.signedIn(police, [Role.COORDINATOR])).token;
    const opened = await api.gql<{ openCase: { id: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: { title: 'Sprawa wzorcowa', type: 'LOCAL_CONFLICT', area: { district: 'Centrum' }, diagnosis: { what: 'spór' } } },
      { token },
    );
    caseId = opened.data!.openCase.id;
  });
  afterAll(async () => {
    await api.stop();
  });

  const cases: [string, string, () => Record<string, unknown>, string][] = [
    ['unknown case id', 'mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }', () => ({ input: { id: randomUUID(), version: 1, title: 'Nowy tytuł' } }), 'NOT_FOUND'],
    ['stale version', 'mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }', () => ({ input: { id: caseId, version: 7, title: 'Nowy tytuł' } }), 'CONFLICT'],
    ['oversized title', 'mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }', () => ({ input: { id: caseId, version: 1, title: 'x'.repeat(201) } }), 'BAD_USER_INPUT'],
    ['oversized diagnosis', 'mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }', () => ({ input: { id: caseId, version: 1, diagnosis: { what: 'x'.repeat(5001) } } }), 'BAD_USER_INPUT'],
    ['invalid enum', 'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }', () => ({ input: { title: 'Zła sprawa', type: 'BURGLARY', area: { district: 'X' }, diagnosis: { what: 'x' } } }), 'BAD_USER_INPUT'],
    ['missing diagnosis', 'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }', () => ({ input: { title: 'Zła sprawa', type: 'CRISIS', area: { district: 'X' } } }), 'BAD_USER_INPUT'],
    ['bad latitude', 'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }', () => ({ input: { title: 'Zła sprawa', type: 'CRISIS', area: { district: 'X', latitude: 123 }, diagnosis: { what: 'x' } } }), 'BAD_USER_INPUT'],
    ['wrong phase order', 'mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { id } }', () => ({ input: { id: caseId, version: 1, phase: 'ASSESSMENT' } }), 'BAD_USER_INPUT'],
    ['closing through a phase change', 'mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { id } }', () => ({ input: { id: caseId, version: 1, phase: 'CLOSED' } }), 'BAD_USER_INPUT'],
    ['closing from the wrong phase', 'mutation($input: CloseCaseInput!) { closeCase(input: $input) { id } }', () => ({ input: { id: caseId, version: 1, outcome: 'ELIMINATED', assessment: 'Rozwiązane' } }), 'BAD_USER_INPUT'],
    ['reopening an open case', 'mutation($input: ReopenCaseInput!) { reopenCase(input: $input) { id } }', () => ({ input: { id: caseId, version: 1, reason: 'bez powodu' } }), 'BAD_USER_INPUT'],
    ['escalating to the same level', 'mutation($input: EscalateCaseInput!) { escalateCase(input: $input) { id } }', () => ({ input: { id: caseId, version: 1, escalation: 'NORMAL', reason: 'bez zmian' } }), 'BAD_USER_INPUT'],
    ['joining without an agreement or reason', 'mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', () => ({ input: { caseId, organisationId: orgWithoutAgreement } }), 'BAD_USER_INPUT'],
    ['unknown organisation', 'mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', () => ({ input: { caseId, organisationId: randomUUID(), overrideReason: 'bardzo pilna potrzeba' } }), 'NOT_FOUND'],
    ['a second LEAD', 'mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', () => ({ input: { caseId, organisationId: orgWithoutAgreement, role: 'LEAD', overrideReason: 'bardzo pilna potrzeba' } }), 'BAD_USER_INPUT'],
    ['a PHASE_CHANGE posted by hand', 'mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', () => ({ input: { caseId, kind: 'PHASE_CHANGE', visibility: 'PARTNERS', body: 'x' } }), 'BAD_USER_INPUT'],
    ['an empty update', 'mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', () => ({ input: { caseId, kind: 'NOTE', visibility: 'PARTNERS', body: '' } }), 'BAD_USER_INPUT'],
    ['risk likelihood 6', 'mutation($input: AssessTrustRiskInput!) { assessTrustRisk(input: $input) { id } }', () => ({ input: { caseId, title: 'Ryzyko', likelihood: 6, impact: 2 } }), 'BAD_USER_INPUT'],
    ['risk impact as text', 'mutation($input: AssessTrustRiskInput!) { assessTrustRisk(input: $input) { id } }', () => ({ input: { caseId, title: 'Ryzyko', likelihood: 2, impact: 'high' } }), 'BAD_USER_INPUT'],
    ['unknown stakeholder', 'mutation($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { id } }', () => ({ input: { id: randomUUID(), version: 1, name: 'X' } }), 'NOT_FOUND'],
    ['unknown input to review', 'mutation($input: ReviewPartnerInputInput!) { reviewPartnerInput(input: $input) { id } }', () => ({ input: { id: randomUUID(), version: 1, decision: 'ACCEPT', response: 'ok ok' } }), 'NOT_FOUND'],
    ['a review without a response', 'mutation($input: ReviewPartnerInputInput!) { reviewPartnerInput(input: $input) { id } }', () => ({ input: { id: randomUUID(), version: 1, decision: 'DECLINE', response: '' } }), 'BAD_USER_INPUT'],
    ['a malformed id', 'query($id: ID!) { case(id: $id) { id } }', () => ({ id: 'not-a-uuid' }), 'BAD_USER_INPUT'],
  ];
  let orgWithoutAgreement = '';

  it.each(cases.map(([name, query, variables, code]) => [`${name} → ${code}`, query, variables, code] as const))('%s', async (_name, query, variables, code) => {
    orgWithoutAgreement ||= (await api.fixtures.organisation({ kind: OrganisationKind.NGO })).id;
    const before = await snapshot();
    const response = await api.gql(query, variables(), { token });
    expect(errorCode(response)).toBe(code);
    expect(response.errors?.[0]?.message).toMatch(/\S/);
    expect(response.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it('answers in English for an English-speaking caller', async () => {
    const response = await api.gql('mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { id } }', { input: { id: caseId, version: 1, phase: 'RESPONSE' } }, { token: (await api.signedIn(await api.fixtures.organisation(), [Role.COORDINATOR])).token, headers: {} });
    expect(errorCode(response)).toBe('NOT_FOUND');
    const english = await api.fixtures.user((await api.dataSource.query('SELECT o.* FROM organisations o JOIN cases c ON c.lead_organisation_id = o.id WHERE c.id = $1', [caseId]))[0], [Role.COORDINATOR], { locale: 'en' });
    const { accessToken } = await api.login(english.email);
    const wrong = await api.gql('mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { id } }', { input: { id: caseId, version: 1, phase: 'RESPONSE' } }, { token: accessToken });
    expect(wrong.errors?.[0]?.message).toBe('Phase change not allowed: SCANNING → RESPONSE. A SARA phase moves one step forward, or back with a reason.');
    const polish = await api.gql('mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { id } }', { input: { id: caseId, version: 1, phase: 'RESPONSE' } }, { token });
    expect(polish.errors?.[0]?.message).toMatch(/^Niedozwolona zmiana fazy: SCANNING → RESPONSE/);
  });
});
