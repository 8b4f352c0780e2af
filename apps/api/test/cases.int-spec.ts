import { OrganisationKind, Role } from '@cg/shared/domain';
import { AuditEventEntity, type OrganisationEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const CASE_FIELDS = 'id reference title phase escalation version outcome leadOrganisation { id } coordinator { id displayName } participantCount updateCount';
const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { ${CASE_FIELDS} } }`;
const PHASE = `mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { ${CASE_FIELDS} } }`;
const CLOSE = `mutation($input: CloseCaseInput!) { closeCase(input: $input) { ${CASE_FIELDS} } }`;
const REOPEN = `mutation($input: ReopenCaseInput!) { reopenCase(input: $input) { ${CASE_FIELDS} } }`;
const ESCALATE = `mutation($input: EscalateCaseInput!) { escalateCase(input: $input) { ${CASE_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateCaseInput!) { updateCase(input: $input) { ${CASE_FIELDS} } }`;
const ADD = `mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { participants { role organisation { id } agreementId overrideReason } } }`;
const REMOVE = `mutation($input: RemoveCaseParticipantInput!) { removeCaseParticipant(input: $input) { participantCount } }`;

interface CaseData {
  id: string;
  reference: string;
  phase: string;
  escalation: string;
  version: number;
  outcome: string | null;
  participantCount: number;
  updateCount: number;
}

const openInput = (title = 'Napięcia na osiedlu Piaski') => ({
  title,
  type: 'SOCIAL_TENSION',
  area: { district: 'Piaski', address: 'ul. Jagiellońska 40' },
  diagnosis: { what: 'Konflikty młodzieży z mieszkańcami', where: 'podwórko przy bloku 40', when: 'wieczory, weekendy', who: 'grupa nastolatków, seniorzy', sources: 'zgłoszenia, mapa zagrożeń' },
  goal: 'Zmniejszyć liczbę interwencji o połowę w pół roku',
  priority: 'HIGH',
  reviewDate: '2027-03-31',
});

describe('the case lifecycle', () => {
  let api: TestApp;
  let police: OrganisationEntity;
  let coordinator: { token: string; user: { id: string } };

  beforeAll(async () => {
    api = await startApi();
    police = await api.fixtures.organisation({ code: 'KPPT', kind: OrganisationKind.POLICE_UNIT });
    coordinator = await api.signedIn(police, [Role.COORDINATOR]);
  });
  afterAll(async () => {
    await api.stop();
  });

  async function open(title?: string): Promise<CaseData> {
    const response = await api.gql<{ openCase: CaseData }>(OPEN, { input: openInput(title) }, { token: coordinator.token });
    expect(response.errors).toBeUndefined();
    return response.data!.openCase;
  }

  it('opens a case in SCANNING with the coordinator’s organisation as lead and a reference per organisation and year', async () => {
    const first = await open();
    const second = await open('Drugi przypadek');
    const year = new Date().getFullYear();
    expect(first).toMatchObject({ phase: 'SCANNING', escalation: 'NORMAL', version: 1, participantCount: 1 });
    expect(first.reference).toMatch(new RegExp(`^KPPT/${year}/\\d{4}$`));
    const n = (ref: string) => Number(ref.split('/')[2]);
    expect(n(second.reference)).toBe(n(first.reference) + 1);
    const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'case.open', entityId: first.id });
    expect(audit.changes).toMatchObject({ title: { before: null, after: 'Napięcia na osiedlu Piaski' }, phase: { before: null, after: 'SCANNING' } });
    const events = await api.dataSource.query('SELECT type FROM outbox_events WHERE aggregate_id = $1', [first.id]);
    expect(events).toEqual([{ type: 'case.opened' }]);
  });

  it('follows SARA order: forward one step, back only with a reason, each change posting a PHASE_CHANGE update', async () => {
    let current = await open();
    const move = async (phase: string, reason?: string) => api.gql<{ changeCasePhase: CaseData }>(PHASE, { input: { id: current.id, version: current.version, phase, reason } }, { token: coordinator.token });

    const skip = await move('RESPONSE');
    expect(errorCode(skip)).toBe('BAD_USER_INPUT');
    expect(skip.errors?.[0]?.message).toContain('SCANNING → RESPONSE');
    for (const phase of ['ANALYSIS', 'RESPONSE', 'ASSESSMENT']) {
      const moved = await move(phase);
      expect(moved.errors).toBeUndefined();
      current = moved.data!.changeCasePhase;
      expect(current.phase).toBe(phase);
    }
    expect(errorCode(await move('ANALYSIS'))).toBe('BAD_USER_INPUT');
    const back = await move('ANALYSIS', 'Nowe fakty: potrzebna ponowna diagnoza');
    expect(back.errors).toBeUndefined();
    current = back.data!.changeCasePhase;
    expect(current).toMatchObject({ phase: 'ANALYSIS', updateCount: 4 });
    const updates = await api.dataSource.query(`SELECT body FROM case_updates WHERE case_id = $1 AND kind = 'PHASE_CHANGE' ORDER BY created_at`, [current.id]);
    expect(updates.map((u: { body: string }) => u.body)).toEqual([
      'SCANNING → ANALYSIS',
      'ANALYSIS → RESPONSE',
      'RESPONSE → ASSESSMENT',
      'ASSESSMENT → ANALYSIS: Nowe fakty: potrzebna ponowna diagnoza',
    ]);
    const events = await api.dataSource.query(`SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'case.phase-changed' ORDER BY occurred_at`, [current.id]);
    expect(events.map((e: { payload: { to: string } }) => e.payload.to)).toEqual(['ANALYSIS', 'RESPONSE', 'ASSESSMENT', 'ANALYSIS']);
  });

  it('closes only from ASSESSMENT, with an outcome; reopens into ANALYSIS', async () => {
    let current = await open();
    const early = await api.gql(CLOSE, { input: { id: current.id, version: current.version, outcome: 'REDUCED', assessment: 'Mniej zgłoszeń' } }, { token: coordinator.token });
    expect(errorCode(early)).toBe('BAD_USER_INPUT');
    expect(await api.dataSource.query('SELECT phase, outcome FROM cases WHERE id = $1', [current.id])).toEqual([{ phase: 'SCANNING', outcome: null }]);
    for (const phase of ['ANALYSIS', 'RESPONSE', 'ASSESSMENT']) {
      current = (await api.gql<{ changeCasePhase: CaseData }>(PHASE, { input: { id: current.id, version: current.version, phase } }, { token: coordinator.token })).data!.changeCasePhase;
    }
    const closed = await api.gql<{ closeCase: CaseData }>(CLOSE, { input: { id: current.id, version: current.version, outcome: 'REDUCED', assessment: 'Liczba interwencji spadła o 40%' } }, { token: coordinator.token });
    expect(closed.errors).toBeUndefined();
    current = closed.data!.closeCase;
    expect(current).toMatchObject({ phase: 'CLOSED', outcome: 'REDUCED' });
    expect(errorCode(await api.gql(UPDATE, { input: { id: current.id, version: current.version, title: 'Zmiana po zamknięciu' } }, { token: coordinator.token }))).toBe('BAD_USER_INPUT');
    const reopened = await api.gql<{ reopenCase: CaseData }>(REOPEN, { input: { id: current.id, version: current.version, reason: 'Problem powrócił' } }, { token: coordinator.token });
    expect(reopened.data?.reopenCase).toMatchObject({ phase: 'ANALYSIS', outcome: null });
    const types = await api.dataSource.query(`SELECT type FROM outbox_events WHERE aggregate_id = $1 AND type IN ('case.closed', 'case.reopened') ORDER BY occurred_at`, [current.id]);
    expect(types).toEqual([{ type: 'case.closed' }, { type: 'case.reopened' }]);
  });

  it('escalates with a reason and writes the event for the notifications', async () => {
    const current = await open();
    const escalated = await api.gql<{ escalateCase: CaseData }>(ESCALATE, { input: { id: current.id, version: current.version, escalation: 'CRISIS', reason: 'Bójka z udziałem kilkunastu osób' } }, { token: coordinator.token });
    expect(escalated.data?.escalateCase).toMatchObject({ escalation: 'CRISIS', version: 2 });
    const [event] = await api.dataSource.query(`SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'case.escalated'`, [current.id]);
    expect(event.payload).toEqual({ caseId: current.id, from: 'NORMAL', to: 'CRISIS' });
    const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'case.escalate', entityId: current.id });
    expect(audit).toMatchObject({ reason: 'Bójka z udziałem kilkunastu osób', changes: { escalation: { before: 'NORMAL', after: 'CRISIS' } } });
  });

  it('refuses a stale version with CONFLICT: 50 concurrent updates with the same version, exactly one wins', async () => {
    const current = await open();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.gql<{ updateCase: CaseData }>(UPDATE, { input: { id: current.id, version: current.version, title: `Tytuł numer ${i}` } }, { token: coordinator.token })),
    );
    const codes = results.map((r) => errorCode(r) ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(49);
    const winner = results.find((r) => !r.errors)!.data!.updateCase;
    const [row] = await api.dataSource.query('SELECT title, version FROM cases WHERE id = $1', [current.id]);
    expect(row).toEqual({ title: expect.stringMatching(/^Tytuł numer \d+$/), version: 2 });
    expect(winner.version).toBe(2);
    expect(await api.dataSource.getRepository(AuditEventEntity).countBy({ action: 'case.update', entityId: current.id })).toBe(1);
  });

  it('adds partners under an agreement in force, or with an audited override; removal cuts access at once', async () => {
    const current = await open();
    const ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    const mops = await api.fixtures.organisation({ kind: OrganisationKind.SOCIAL_SERVICES });
    await api.fixtures.agreement(police, ngo);
    await api.fixtures.agreement(mops, police, { validTo: '2020-12-31' });
    const partner = await api.signedIn(ngo, [Role.PARTNER]);
    expect(errorCode(await api.gql('query($id: ID!) { case(id: $id) { id } }', { id: current.id }, { token: partner.token }))).toBe('NOT_FOUND');

    const added = await api.gql<{ addCaseParticipant: { participants: { role: string; organisation: { id: string }; agreementId: string | null }[] } }>(ADD, { input: { caseId: current.id, organisationId: ngo.id } }, { token: coordinator.token });
    expect(added.errors).toBeUndefined();
    expect(added.data?.addCaseParticipant.participants.find((p) => p.organisation.id === ngo.id)).toMatchObject({ role: 'PARTNER', agreementId: expect.any(String) });
    expect((await api.gql('query($id: ID!) { case(id: $id) { id } }', { id: current.id }, { token: partner.token })).errors).toBeUndefined();

    const expired = await api.gql(ADD, { input: { caseId: current.id, organisationId: mops.id } }, { token: coordinator.token });
    expect(errorCode(expired)).toBe('BAD_USER_INPUT');
    const reason = 'Porozumienie w trakcie odnowienia, pilna potrzeba';
    // An override names the categories it shares: none is refused.
    expect(errorCode(await api.gql(ADD, { input: { caseId: current.id, organisationId: mops.id, role: 'CONSULTED', overrideReason: reason } }, { token: coordinator.token }))).toBe('BAD_USER_INPUT');
    const overridden = await api.gql<{ addCaseParticipant: { participants: { organisation: { id: string }; overrideReason: string | null }[] } }>(
      ADD,
      { input: { caseId: current.id, organisationId: mops.id, role: 'CONSULTED', overrideReason: reason, grantedCategories: ['CASE_CONTENT', 'TASKS'] } },
      { token: coordinator.token },
    );
    expect(overridden.data?.addCaseParticipant.participants.find((p) => p.organisation.id === mops.id)?.overrideReason).toBe('Porozumienie w trakcie odnowienia, pilna potrzeba');
    const override = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'case.add-participant-override', entityId: current.id });
    expect(override.reason).toBe('Porozumienie w trakcie odnowienia, pilna potrzeba');

    const removed = await api.gql(REMOVE, { input: { caseId: current.id, organisationId: ngo.id } }, { token: coordinator.token });
    expect(removed.errors).toBeUndefined();
    expect(errorCode(await api.gql('query($id: ID!) { case(id: $id) { id } }', { id: current.id }, { token: partner.token }))).toBe('NOT_FOUND');
    expect(errorCode(await api.gql(REMOVE, { input: { caseId: current.id, organisationId: police.id } }, { token: coordinator.token }))).toBe('BAD_USER_INPUT');
    const events = await api.dataSource.query(`SELECT type FROM outbox_events WHERE aggregate_id = $1 AND type LIKE 'case.participant-%' ORDER BY occurred_at`, [current.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['case.participant-added', 'case.participant-added', 'case.participant-removed']);
  });
});
