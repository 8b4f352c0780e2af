import { randomUUID } from 'node:crypto';
import { DataCategory, OrganisationKind, Role } from '@cg/shared/domain';
import { AuditEventEntity, type OrganisationEntity, type UserEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * Data categories of partnership agreements, enforced (DATA_CATEGORY_COVERS): the role matrix over category × role ×
 * field for participants under an agreement with each category set, and the life of a participation's basis
 * (expiry and termination suspend at once, a new agreement or an override restores, overrides grant only what
 * they name).
 */
const { CASE_CONTENT: CC, STAKEHOLDER_CONTACTS: SC, INCIDENT_DATA: ID, INDICATORS: IN, TASKS: TK } = DataCategory;
const CATEGORY_SETS: DataCategory[][] = [[CC], [SC], [ID], [IN], [TK], [CC, SC], [CC, SC, ID, IN, TK]];
const KINDS = [OrganisationKind.MUNICIPALITY, OrganisationKind.NGO];
const ROLES = [Role.COORDINATOR, Role.STAFF, Role.PARTNER];
const YESTERDAY = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const READ = `query($id: ID!) { case(id: $id) {
  id reference title diagnosis { what } goal
  participants { organisation { id } basis categories grantedCategories suspended validUntil overrideReason agreement { id validTo inForce } }
  stakeholders { name contactDetails notes }
  updates(first: 100) { totalCount edges { node { body } } }
  updateCount partnerInputs { id } inputsAwaitingReviewCount risks { id } openRiskCount
  actions { id } tasks(first: 100) { totalCount } indicators { id }
} }`;

interface CaseRead {
  case: {
    diagnosis: { what: string } | null;
    goal: string | null;
    participants: { organisation: { id: string }; basis: string; categories: string[]; grantedCategories: string[]; suspended: boolean; validUntil: string | null; overrideReason: string | null; agreement: { id: string; validTo: string | null; inForce: boolean } | null }[];
    stakeholders: { name: string; contactDetails: string | null; notes: string | null }[];
    updates: { totalCount: number; edges: { node: { body: string } }[] };
    updateCount: number;
    partnerInputs: { id: string }[];
    inputsAwaitingReviewCount: number;
    risks: { id: string }[];
    openRiskCount: number;
    actions: { id: string }[];
    tasks: { totalCount: number };
    indicators: { id: string }[];
  };
}

/** What a reader may see of the case, field by field, from its role, its kind and the categories shared with it. */
function expectedView(role: Role, kind: OrganisationKind, categories: DataCategory[]) {
  const has = (c: DataCategory) => categories.includes(c);
  const agencyWorker = kind !== OrganisationKind.NGO && (role === Role.COORDINATOR || role === Role.STAFF);
  const updates = [
    has(CC) && 'PARTNERS NOTE',
    has(ID) && 'PARTNERS INCIDENT',
    has(CC) && agencyWorker && 'AGENCIES NOTE',
    has(ID) && agencyWorker && 'AGENCIES INCIDENT',
  ].filter((u): u is string => typeof u === 'string');
  return {
    content: has(CC),
    stakeholders: has(CC) ? 1 : 0,
    personal: has(CC) && has(SC) && agencyWorker,
    updates: updates.sort(),
    inputs: has(CC) && agencyWorker ? 1 : 0,
    risks: has(CC) ? 1 : 0,
    actions: has(CC) ? 1 : 0,
    tasks: has(TK) ? 1 : 0,
    indicators: has(IN) ? 1 : 0,
  };
}

function actualView(data: CaseRead['case']) {
  const personal = data.stakeholders.map((s) => s.contactDetails !== null && s.notes !== null);
  return {
    content: data.diagnosis !== null && data.goal !== null,
    stakeholders: data.stakeholders.length,
    personal: personal.length > 0 && personal.every(Boolean),
    updates: data.updates.edges.map((e) => e.node.body).sort(),
    inputs: data.partnerInputs.length,
    risks: data.risks.length,
    actions: data.actions.length,
    tasks: data.tasks.totalCount,
    indicators: data.indicators.length,
  };
}

describe('data sharing: agreement categories, expiry and overrides', () => {
  let api: TestApp;
  let lead: OrganisationEntity;
  let leadCoordinator: { user: UserEntity; token: string };
  let admin: string;

  /** A case led by `lead` with one of everything a category covers. */
  async function freshCase(participants: OrganisationEntity[]): Promise<{ id: string; indicatorId: string; reference: string }> {
    const id = randomUUID();
    const reference = `DS/${id.slice(0, 8)}`;
    const q = (sql: string, params: unknown[]) => api.dataSource.query(sql, params);
    await q(
      `INSERT INTO cases (id, reference, title, type, phase, district, lead_organisation_id, coordinator_id, diagnosis_what, goal)
       VALUES ($1, $2, 'Sprawa wspólna', 'LOCAL_CONFLICT', 'ANALYSIS', 'Centrum', $3, $4, 'zaczepki przy garażach', 'spokój na osiedlu')`,
      [id, reference, lead.id, leadCoordinator.user.id],
    );
    await q(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD')`, [id, lead.id]);
    for (const org of participants) await q(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'PARTNER')`, [id, org.id]);
    await q(
      `INSERT INTO case_updates (case_id, kind, visibility, body) VALUES
         ($1, 'NOTE', 'PARTNERS', 'PARTNERS NOTE'), ($1, 'INCIDENT', 'PARTNERS', 'PARTNERS INCIDENT'),
         ($1, 'NOTE', 'AGENCIES', 'AGENCIES NOTE'), ($1, 'INCIDENT', 'AGENCIES', 'AGENCIES INCIDENT'), ($1, 'NOTE', 'LEAD', 'LEAD NOTE')`,
      [id],
    );
    await q(`INSERT INTO stakeholders (case_id, name, triangle_role, contact_details, notes) VALUES ($1, 'Jan K.', 'VICTIM', 'tel. 600 100 200', 'boi się zemsty')`, [id]);
    await q(`INSERT INTO trust_risks (case_id, title, likelihood, impact, score) VALUES ($1, 'Plotki o donosach', 3, 4, 12)`, [id]);
    await q(`INSERT INTO actions (case_id, kind, title, lead_organisation_id, starts_on, ends_on) VALUES ($1, 'MEDIATION', 'Mediacja', $2, '2026-01-01', '2027-01-01')`, [id, lead.id]);
    await q(
      `INSERT INTO tasks (case_id, title, organisation_id, requester_organisation_id, requested_by_id, due_date, status) VALUES ($1, 'Oświetlenie', $2, $2, $3, '2027-01-10', 'ACCEPTED')`,
      [id, lead.id, leadCoordinator.user.id],
    );
    const [{ id: indicatorId }] = await q(
      `INSERT INTO indicators (case_id, name, unit, direction, source, cadence, baseline_value, baseline_date, target_value, target_date)
       VALUES ($1, 'Poczucie bezpieczeństwa', 'PERCENT', 'INCREASE', 'SURVEY', 'QUARTERLY', 40, '2026-01-01', 70, '2027-12-31') RETURNING id`,
      [id],
    );
    const author = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    await q(`INSERT INTO partner_inputs (case_id, organisation_id, kind, body) VALUES ($1, $2, 'OBSERVATION', 'Młodzież nie ma gdzie się podziać')`, [id, author.id]);
    return { id, indicatorId, reference };
  }

  const read = (token: string, id: string) => api.gql<CaseRead>(READ, { id }, { token });

  beforeAll(async () => {
    api = await startApi();
    lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    leadCoordinator = await api.signedIn(lead, [Role.COORDINATOR]);
    admin = (await api.signedIn(await api.fixtures.organisation(), [Role.ADMIN])).token;
  });
  afterAll(async () => {
    await api.stop();
  });

  it('shows each participant, within its roles, only the categories of its agreement (category × role × field)', async () => {
    const callers: { label: string; role: Role; kind: OrganisationKind; categories: DataCategory[]; org: OrganisationEntity; token: string }[] = [];
    const orgs: OrganisationEntity[] = [];
    for (const categories of CATEGORY_SETS) {
      for (const kind of KINDS) {
        const org = await api.fixtures.organisation({ kind });
        await api.fixtures.agreement(lead, org, { dataCategories: categories });
        orgs.push(org);
        for (const role of ROLES) callers.push({ label: `${role} of ${kind} sharing ${categories.join('+')}`, role, kind, categories, org, token: (await api.signedIn(org, [role])).token });
      }
    }
    const current = await freshCase(orgs);

    const seen: { label: string; view: unknown }[] = [];
    const expected: { label: string; view: unknown }[] = [];
    for (const caller of callers) {
      const response = await read(caller.token, current.id);
      expect(response.errors).toBeUndefined();
      const data = response.data!.case;
      const view = actualView(data);
      // Counts agree with the lists they count.
      expect(data.updateCount).toBe(view.updates.length);
      expect(data.updates.totalCount).toBe(view.updates.length);
      expect(data.inputsAwaitingReviewCount).toBe(view.inputs);
      expect(data.openRiskCount).toBe(view.risks);
      // Every participant is named; its own participation says what it rests on.
      expect(data.participants).toHaveLength(orgs.length + 1);
      const own = data.participants.find((p) => p.organisation.id === caller.org.id)!;
      expect(own).toMatchObject({ basis: 'AGREEMENT', suspended: false, agreement: { inForce: true, validTo: null } });
      expect([...own.categories].sort()).toEqual([...caller.categories].sort());
      seen.push({ label: caller.label, view });
      expected.push({ label: caller.label, view: expectedView(caller.role, caller.kind, caller.categories) });
    }
    expect(seen).toEqual(expected);

    // The lead organisation sees everything its roles allow, whatever the agreements.
    const leadRead = await read(leadCoordinator.token, current.id);
    expect(actualView(leadRead.data!.case)).toEqual({
      content: true,
      stakeholders: 1,
      personal: true,
      updates: ['AGENCIES INCIDENT', 'AGENCIES NOTE', 'LEAD NOTE', 'PARTNERS INCIDENT', 'PARTNERS NOTE'],
      inputs: 1,
      risks: 1,
      actions: 1,
      tasks: 1,
      indicators: 1,
    });
    expect(leadRead.data!.case.participants.find((p) => p.organisation.id === lead.id)).toMatchObject({ basis: 'LEAD', categories: [CC, SC, ID, IN, TK] });

    // Personal data was read (and audited) only by those allowed it.
    const personalReads = await api.dataSource.getRepository(AuditEventEntity).countBy({ action: 'stakeholder.read-personal', reason: `case ${current.id}` });
    expect(personalReads).toBe(expected.filter((e) => (e.view as { personal: boolean }).personal).length + 1);

    // Search never matches the diagnosis for a reader without CASE_CONTENT.
    const search = async (token: string) =>
      (await api.gql<{ cases: { totalCount: number } }>('query { cases(first: 10, filter: { search: "garażach" }) { totalCount } }', {}, { token })).data?.cases.totalCount;
    const contentless = callers.find((c) => !c.categories.includes(CC) && c.role === Role.STAFF)!;
    const withContent = callers.find((c) => c.categories.includes(CC) && c.role === Role.STAFF)!;
    expect(await search(contentless.token)).toBe(0);
    expect(await search(withContent.token)).toBe(1);
  });

  it('allows writes only within the categories shared (object checks)', async () => {
    const staff: Record<string, string> = {};
    const orgs: Record<string, OrganisationEntity> = {};
    for (const categories of CATEGORY_SETS.slice(0, 6)) {
      const key = categories.join('+');
      orgs[key] = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
      await api.fixtures.agreement(lead, orgs[key]!, { dataCategories: categories });
      staff[key] = (await api.signedIn(orgs[key]!, [Role.STAFF])).token;
    }
    const current = await freshCase(Object.values(orgs));
    // Refused: FORBIDDEN on a readable case; NOT_FOUND for an object (here the indicator) the caller may not read.
    const writes: Record<string, { run: (token: string, org: OrganisationEntity) => Promise<Parameters<typeof errorCode>[0]>; allowed: (c: DataCategory[]) => boolean; refused?: string }> = {
      'a NOTE update': {
        run: (token) => api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId: current.id, kind: 'NOTE', visibility: 'PARTNERS', body: 'notatka' } }, { token }),
        allowed: (c) => c.includes(CC),
      },
      'an INCIDENT update': {
        run: (token) => api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId: current.id, kind: 'INCIDENT', visibility: 'AGENCIES', body: 'zdarzenie' } }, { token }),
        allowed: (c) => c.includes(ID),
      },
      'a stakeholder': {
        run: (token) => api.gql('mutation($input: AddStakeholderInput!) { addStakeholder(input: $input) { id } }', { input: { caseId: current.id, name: 'Anna', triangleRole: 'GUARDIAN', contactDetails: 'tel. 1' } }, { token }),
        allowed: (c) => c.includes(CC) && c.includes(SC),
      },
      'a trust risk': {
        run: (token) => api.gql('mutation($input: AssessTrustRiskInput!) { assessTrustRisk(input: $input) { id } }', { input: { caseId: current.id, title: 'Ryzyko', likelihood: 2, impact: 2 } }, { token }),
        allowed: (c) => c.includes(CC),
      },
      'partner input': {
        run: (token) => api.gql('mutation($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }', { input: { caseId: current.id, kind: 'PROPOSAL', body: 'propozycja' } }, { token }),
        allowed: (c) => c.includes(CC),
      },
      'an action': {
        run: (token) => api.gql('mutation($input: PlanActionInput!) { planAction(input: $input) { id } }', { input: { caseId: current.id, kind: 'PATROL', title: 'Patrol', startsOn: '2027-01-01', endsOn: '2027-01-31' } }, { token }),
        allowed: (c) => c.includes(CC),
      },
      'a task for its own organisation': {
        run: (token, org) => api.gql('mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', { input: { caseId: current.id, organisationId: org.id, title: 'Zadanie', dueDate: '2027-02-01' } }, { token }),
        allowed: (c) => c.includes(TK),
      },
      'a measurement': {
        run: (token) => api.gql('mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }', { input: { indicatorId: current.indicatorId, value: 50, measuredOn: '2026-06-01' } }, { token }),
        allowed: (c) => c.includes(IN),
        refused: 'NOT_FOUND',
      },
    };
    const outcomes: Record<string, unknown> = {};
    const expected: Record<string, string> = {};
    for (const [key, token] of Object.entries(staff)) {
      for (const [name, write] of Object.entries(writes)) {
        outcomes[`${key}: ${name}`] = errorCode(await write.run(token, orgs[key]!)) ?? 'OK';
        expected[`${key}: ${name}`] = write.allowed(key.split('+') as DataCategory[]) ? 'OK' : (write.refused ?? 'FORBIDDEN');
      }
    }
    expect(outcomes).toEqual(expected);
    // The lead cannot ask for a task of an organisation that may not see the case's tasks.
    const refused = await api.gql(
      'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }',
      { input: { caseId: current.id, organisationId: orgs[CC]!.id, title: 'Prośba', dueDate: '2027-02-01' } },
      { token: leadCoordinator.token },
    );
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
  });

  it('suspends a participation at once when its agreement expires or is terminated, and restores it with a new agreement', async () => {
    const town = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    const agreement = await api.fixtures.agreement(lead, town, { validTo: '2099-12-31' });
    const clerk = await api.signedIn(town, [Role.STAFF]);
    await api.dataSource.query(`UPDATE users SET weekly_capacity = 100 WHERE id = $1`, [clerk.user.id]);
    const current = await freshCase([town]);
    const [{ id: taskId }] = await api.dataSource.query(`INSERT INTO tasks (case_id, title, organisation_id, requester_organisation_id, assignee_id, due_date, status) VALUES ($1, 'Moje', $2, $2, $3, '2027-01-10', 'ACCEPTED') RETURNING id`, [
      current.id,
      town.id,
      clerk.user.id,
    ]);
    const myTasks = async () => (await api.gql<{ myTasks: { totalCount: number } }>('query { myTasks { totalCount } }', {}, { token: clerk.token })).data?.myTasks.totalCount;
    const listed = async () =>
      (await api.gql<{ cases: { totalCount: number; edges: { node: { id: string; updateCount: number } }[] } }>('query { cases(first: 10) { totalCount edges { node { id updateCount } } } }', {}, { token: clerk.token }))
        .data?.cases;
    const full = { content: true, stakeholders: 1, personal: true, updates: ['AGENCIES INCIDENT', 'AGENCIES NOTE', 'PARTNERS INCIDENT', 'PARTNERS NOTE'], inputs: 1, risks: 1, actions: 1, tasks: 2, indicators: 1 };
    const none = { content: false, stakeholders: 0, personal: false, updates: [], inputs: 0, risks: 0, actions: 0, tasks: 0, indicators: 0 };
    expect(actualView((await read(clerk.token, current.id)).data!.case)).toEqual(full);
    expect(await myTasks()).toBe(1);

    // The last day passes: suspended at once, no job involved.
    await api.dataSource.query('UPDATE partnership_agreements SET valid_to = $2 WHERE id = $1', [agreement.id, YESTERDAY()]);
    const suspended = (await read(clerk.token, current.id)).data!.case;
    expect(actualView(suspended)).toEqual(none);
    expect(suspended.participants.find((p) => p.organisation.id === town.id)).toMatchObject({
      basis: 'SUSPENDED',
      suspended: true,
      categories: [],
      validUntil: null,
      agreement: { id: agreement.id, validTo: YESTERDAY(), inForce: false },
    });
    // The case stays in its list (the header), with nothing inside counted; its tasks leave the person's list.
    expect(await listed()).toEqual({ totalCount: 1, edges: [{ node: { id: current.id, updateCount: 0 } }] });
    expect(await myTasks()).toBe(0);
    // Writes are refused.
    const post = await api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId: current.id, kind: 'NOTE', visibility: 'PARTNERS', body: 'notatka' } }, { token: clerk.token });
    expect(errorCode(post)).toBe('FORBIDDEN');
    const measurement = await api.gql('mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }', { input: { indicatorId: current.indicatorId, value: 50, measuredOn: '2026-06-01' } }, { token: clerk.token });
    expect(errorCode(measurement)).toBe('NOT_FOUND');
    const progressed = await api.gql('mutation($input: ChangeTaskStatusInput!) { changeTaskStatus(input: $input) { id } }', { input: { id: taskId, version: 1, status: 'IN_PROGRESS' } }, { token: clerk.token });
    expect(errorCode(progressed)).toBe('NOT_FOUND');
    expect(errorCode(await api.gql('query($id: ID!) { task(id: $id) { id } }', { id: taskId }, { token: clerk.token }))).toBe('NOT_FOUND');
    // The lead sees that the participation is suspended, and everything the partner had posted stays.
    const leadView = (await read(leadCoordinator.token, current.id)).data!.case;
    expect(leadView.participants.find((p) => p.organisation.id === town.id)).toMatchObject({ basis: 'SUSPENDED', suspended: true });

    // A new agreement, recorded by an administrator, restores access at once.
    const created = await api.gql<{ createPartnershipAgreement: { id: string; version: number } }>(
      'mutation($input: CreateAgreementInput!) { createPartnershipAgreement(input: $input) { id version } }',
      { input: { organisationAId: town.id, organisationBId: lead.id, purpose: 'Nowe porozumienie', dataCategories: [CC, TK], validFrom: '2026-01-01', validTo: '2099-06-30' } },
      { token: admin },
    );
    expect(created.errors).toBeUndefined();
    const restored = (await read(clerk.token, current.id)).data!.case;
    expect(actualView(restored)).toEqual({ ...none, content: true, stakeholders: 1, updates: ['AGENCIES NOTE', 'PARTNERS NOTE'], inputs: 1, risks: 1, actions: 1, tasks: 2 });
    expect(restored.participants.find((p) => p.organisation.id === town.id)).toMatchObject({
      basis: 'AGREEMENT',
      suspended: false,
      validUntil: '2099-06-30',
      agreement: { id: created.data!.createPartnershipAgreement.id, validTo: '2099-06-30', inForce: true },
    });
    expect(await myTasks()).toBe(1);

    // Terminated: suspended again at once.
    const terminated = await api.gql(
      'mutation($input: ChangeAgreementStatusInput!) { changePartnershipAgreementStatus(input: $input) { id } }',
      { input: { id: created.data!.createPartnershipAgreement.id, version: created.data!.createPartnershipAgreement.version, status: 'TERMINATED' } },
      { token: admin },
    );
    expect(terminated.errors).toBeUndefined();
    expect(actualView((await read(clerk.token, current.id)).data!.case)).toEqual(none);
    expect(errorCode(await api.gql('query($id: ID!) { caseIndicatorsCsv(id: $id) }', { id: current.id }, { token: clerk.token }))).toBeUndefined();
    expect((await api.gql<{ caseIndicatorsCsv: string }>('query($id: ID!) { caseIndicatorsCsv(id: $id) }', { id: current.id }, { token: clerk.token })).data?.caseIndicatorsCsv.trim().split('\n')).toHaveLength(1);

    // The lead's coordinator re-bases it on an override: only the categories it names; audited; the partner is told.
    const REBASE = 'mutation($input: RebaseCaseParticipantInput!) { rebaseCaseParticipant(input: $input) { participants { organisation { id } basis categories grantedCategories overrideReason suspended } } }';
    const rebaseInput = { caseId: current.id, organisationId: town.id, overrideReason: 'Nowe porozumienie czeka na podpis prezydenta' };
    expect(errorCode(await api.gql(REBASE, { input: { ...rebaseInput, grantedCategories: [] } }, { token: leadCoordinator.token }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(REBASE, { input: { ...rebaseInput, grantedCategories: [TK] } }, { token: clerk.token }))).toBe('FORBIDDEN');
    const rebased = await api.gql<{ rebaseCaseParticipant: CaseRead['case'] }>(REBASE, { input: { ...rebaseInput, grantedCategories: [TK] } }, { token: leadCoordinator.token });
    expect(rebased.errors).toBeUndefined();
    expect(rebased.data!.rebaseCaseParticipant.participants.find((p) => p.organisation.id === town.id)).toMatchObject({
      basis: 'OVERRIDE',
      categories: [TK],
      grantedCategories: [TK],
      overrideReason: rebaseInput.overrideReason,
      suspended: false,
    });
    expect(actualView((await read(clerk.token, current.id)).data!.case)).toEqual({ ...none, tasks: 2 });
    const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'case.rebase-participant', entityId: current.id });
    expect(audit.reason).toBe(rebaseInput.overrideReason);
    const [event] = await api.dataSource.query(`SELECT payload FROM outbox_events WHERE type = 'case.participant-rebased' AND aggregate_id = $1`, [current.id]);
    expect(event.payload).toEqual({ caseId: current.id, organisationId: town.id, grantedCategories: [TK] });
  });

  it('an override at joining grants only the categories it names', async () => {
    const school = await api.fixtures.organisation({ kind: OrganisationKind.SCHOOL });
    const teacher = await api.signedIn(school, [Role.STAFF]);
    const current = await freshCase([]);
    const added = await api.gql(
      'mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }',
      { input: { caseId: current.id, organisationId: school.id, overrideReason: 'Szkoła zna rodziny z bloku 12', grantedCategories: [IN, ID] } },
      { token: leadCoordinator.token },
    );
    expect(added.errors).toBeUndefined();
    const view = (await read(teacher.token, current.id)).data!.case;
    expect(actualView(view)).toEqual({ content: false, stakeholders: 0, personal: false, updates: ['AGENCIES INCIDENT', 'PARTNERS INCIDENT'], inputs: 0, risks: 0, actions: 0, tasks: 0, indicators: 1 });
    expect(view.participants.find((p) => p.organisation.id === school.id)).toMatchObject({ basis: 'OVERRIDE', agreement: null, overrideReason: 'Szkoła zna rodziny z bloku 12' });
    const audit = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'case.add-participant-override', entityId: current.id });
    expect(audit.changes).toMatchObject({ participant: { after: { organisationId: school.id, grantedCategories: [IN, ID] } } });
    // A later agreement in force takes precedence over the override (and its categories apply).
    await api.fixtures.agreement(lead, school, { dataCategories: [CC] });
    expect(actualView((await read(teacher.token, current.id)).data!.case)).toMatchObject({ content: true, indicators: 0, updates: ['AGENCIES NOTE', 'PARTNERS NOTE'] });
  });
});
