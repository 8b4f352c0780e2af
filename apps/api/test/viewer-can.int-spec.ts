import { randomUUID } from 'node:crypto';
import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * `Case.viewerCan`: what the web app may offer on a case, decided by the API. Each flag must say exactly what the
 * operation itself then answers (allowed, or FORBIDDEN), for a coordinator of the lead police unit, an officer
 * (staff) of it, a municipal officer of a partner agency and an NGO partner; a closed case offers reopening only;
 * and a page of cases costs the same statements whatever its size.
 */

const FLAGS = `viewerCan {
  updateCase changePhase escalate close reopen addParticipant removeParticipant postUpdate postUpdateVisibilities postIncidentVisibilities
  submitPartnerInput reviewPartnerInput addStakeholder readStakeholderContacts assessRisk planAction createTask
  defineIndicator recordMeasurement importSurvey
}`;

type Flags = Record<string, boolean | string[]>;
type Who = 'coordinator' | 'officer' | 'agency' | 'ngo';

describe('Case.viewerCan', () => {
  let api: TestApp;
  const orgs = {} as Record<'lead' | 'agency' | 'ngo' | 'school', OrganisationEntity>;
  const tokens = {} as Record<Who, string>;
  let coordinatorId: string;

  async function freshCase(phase = 'ANALYSIS'): Promise<{ id: string; version: number }> {
    const id = randomUUID();
    await api.dataSource.query(
      `INSERT INTO cases (id, reference, title, type, phase, district, lead_organisation_id, coordinator_id, diagnosis_what)
       VALUES ($1, $2, 'Sprawa testowa', 'LOCAL_CONFLICT', $3, 'Centrum', $4, $5, 'spór sąsiedzki')`,
      [id, `V/${id.slice(0, 8)}`, phase, orgs.lead.id, coordinatorId],
    );
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD'), ($1, $3, 'PARTNER'), ($1, $4, 'PARTNER')`, [
      id,
      orgs.lead.id,
      orgs.agency.id,
      orgs.ngo.id,
    ]);
    return { id, version: 1 };
  }

  /** A survey indicator (PERCENT) from the catalogue on the case, written directly: the fixture, not the operation under test. */
  async function freshIndicator(caseId: string): Promise<string> {
    const [indicator] = await api.dataSource.query(
      `INSERT INTO indicators (case_id, catalogue_entry_id, code, name, unit, direction, source, cadence, baseline_value, baseline_date, target_value, target_date)
       SELECT $1, e.id, e.code, e.name_pl, e.unit, e.direction, e.source, e.cadence, 40, '2026-01-01', 60, '2030-01-01'
         FROM indicator_catalogue e WHERE e.code = 'SAFE_AFTER_DARK' ORDER BY e.version DESC LIMIT 1
       RETURNING id`,
      [caseId],
    );
    return indicator.id;
  }

  async function viewerCan(who: Who, caseId: string): Promise<Flags> {
    const response = await api.gql<{ case: { viewerCan: Flags } }>(`query($id: ID!) { case(id: $id) { ${FLAGS} } }`, { id: caseId }, { token: tokens[who] });
    expect(response.errors).toBeUndefined();
    return response.data!.case.viewerCan;
  }

  beforeAll(async () => {
    api = await startApi();
    orgs.lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    orgs.agency = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    orgs.ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    orgs.school = await api.fixtures.organisation({ kind: OrganisationKind.SCHOOL });
    await api.fixtures.agreement(orgs.lead, orgs.agency);
    await api.fixtures.agreement(orgs.lead, orgs.ngo);
    await api.fixtures.agreement(orgs.lead, orgs.school);
    const coordinator = await api.signedIn(orgs.lead, [Role.COORDINATOR]);
    coordinatorId = coordinator.user.id;
    tokens.coordinator = coordinator.token;
    tokens.officer = (await api.signedIn(orgs.lead, [Role.STAFF])).token;
    tokens.agency = (await api.signedIn(orgs.agency, [Role.STAFF])).token;
    tokens.ngo = (await api.signedIn(orgs.ngo, [Role.PARTNER])).token;
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('gives each reader the controls the rules allow: lead coordinator, lead officer, agency officer, NGO partner', async () => {
    const c = await freshCase();
    const none = { updateCase: false, changePhase: false, escalate: false, close: false, reopen: false, addParticipant: false, removeParticipant: false };
    expect(await viewerCan('coordinator', c.id)).toEqual({
      updateCase: true,
      changePhase: true,
      escalate: true,
      close: false,
      reopen: false,
      addParticipant: true,
      removeParticipant: true,
      postUpdate: true,
      postUpdateVisibilities: ['PARTNERS', 'AGENCIES', 'LEAD'],
      postIncidentVisibilities: ['PARTNERS', 'AGENCIES', 'LEAD'],
      submitPartnerInput: false,
      reviewPartnerInput: true,
      addStakeholder: true,
      readStakeholderContacts: true,
      assessRisk: true,
      planAction: true,
      createTask: true,
      defineIndicator: true,
      recordMeasurement: true,
      importSurvey: true,
    });
    expect(await viewerCan('officer', c.id)).toEqual({
      ...none,
      postUpdate: true,
      postUpdateVisibilities: ['PARTNERS', 'AGENCIES', 'LEAD'],
      postIncidentVisibilities: ['PARTNERS', 'AGENCIES', 'LEAD'],
      submitPartnerInput: true,
      reviewPartnerInput: false,
      addStakeholder: true,
      readStakeholderContacts: true,
      assessRisk: true,
      planAction: true,
      createTask: true,
      // Staff of a public body define indicators and record measurements; importing a survey is a coordinator's.
      defineIndicator: true,
      recordMeasurement: true,
      importSurvey: false,
    });
    expect(await viewerCan('agency', c.id)).toEqual({
      ...none,
      postUpdate: true,
      // LEAD updates are the lead organisation's.
      postUpdateVisibilities: ['PARTNERS', 'AGENCIES'],
      postIncidentVisibilities: ['PARTNERS', 'AGENCIES'],
      submitPartnerInput: true,
      reviewPartnerInput: false,
      addStakeholder: true,
      readStakeholderContacts: true,
      assessRisk: true,
      planAction: true,
      createTask: true,
      defineIndicator: true,
      recordMeasurement: true,
      importSurvey: false,
    });
    expect(await viewerCan('ngo', c.id)).toEqual({
      ...none,
      postUpdate: true,
      postUpdateVisibilities: ['PARTNERS'],
      postIncidentVisibilities: ['PARTNERS'],
      submitPartnerInput: true,
      reviewPartnerInput: false,
      addStakeholder: false,
      readStakeholderContacts: false,
      assessRisk: false,
      planAction: false,
      createTask: false,
      // An NGO reads the indicators shared with it and changes none.
      defineIndicator: false,
      recordMeasurement: false,
      importSurvey: false,
    });
  });

  it('says what the operations then answer: every flag true is allowed, every flag false is refused', async () => {
    const operations: { flag: string; run: (token: string) => Promise<Parameters<typeof errorCode>[0]> }[] = [
      {
        flag: 'updateCase',
        run: async (token) => {
          const c = await freshCase();
          return api.gql('mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }', { input: { id: c.id, version: c.version, goal: 'Nowy cel' } }, { token });
        },
      },
      {
        flag: 'escalate',
        run: async (token) => {
          const c = await freshCase();
          return api.gql('mutation($input: EscalateCaseInput!) { escalateCase(input: $input) { id } }', { input: { id: c.id, version: c.version, escalation: 'ELEVATED', reason: 'Narasta' } }, { token });
        },
      },
      {
        flag: 'addParticipant',
        run: async (token) => {
          const c = await freshCase();
          return api.gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { input: { caseId: c.id, organisationId: orgs.school.id } }, { token });
        },
      },
      {
        flag: 'submitPartnerInput',
        run: async (token) =>
          api.gql('mutation($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }', { input: { caseId: (await freshCase()).id, kind: 'OBSERVATION', body: 'Obserwacja' } }, { token }),
      },
      {
        flag: 'reviewPartnerInput',
        run: async (token) => {
          const c = await freshCase();
          const [input] = await api.dataSource.query(`INSERT INTO partner_inputs (case_id, organisation_id, kind, body) VALUES ($1, $2, 'PROPOSAL', 'Festyn') RETURNING id`, [c.id, orgs.ngo.id]);
          return api.gql('mutation($input: ReviewPartnerInputInput!) { reviewPartnerInput(input: $input) { id } }', { input: { id: input.id, version: 1, decision: 'ACCEPT', response: 'Dziękujemy' } }, { token });
        },
      },
      {
        flag: 'addStakeholder',
        run: async (token) => api.gql('mutation($input: AddStakeholderInput!) { addStakeholder(input: $input) { id } }', { input: { caseId: (await freshCase()).id, name: 'Rada osiedla', triangleRole: 'COMMUNITY' } }, { token }),
      },
      {
        flag: 'assessRisk',
        run: async (token) =>
          api.gql('mutation($input: AssessTrustRiskInput!) { assessTrustRisk(input: $input) { id } }', { input: { caseId: (await freshCase()).id, title: 'Utrata zaufania', likelihood: 3, impact: 4 } }, { token }),
      },
      {
        flag: 'planAction',
        run: async (token) =>
          api.gql('mutation($input: PlanActionInput!) { planAction(input: $input) { id } }', { input: { caseId: (await freshCase()).id, kind: 'MEDIATION', title: 'Mediacja', startsOn: '2030-01-01', endsOn: '2030-01-31' } }, { token }),
      },
      {
        flag: 'defineIndicator',
        run: async (token) =>
          api.gql(
            'mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { id } }',
            { input: { caseId: (await freshCase()).id, catalogueCode: 'SAFE_AFTER_DARK', baselineValue: 40, baselineDate: '2026-01-01', targetValue: 60, targetDate: '2030-01-01' } },
            { token },
          ),
      },
      {
        flag: 'recordMeasurement',
        run: async (token) => {
          const indicatorId = await freshIndicator((await freshCase()).id);
          return api.gql('mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }', { input: { indicatorId, value: 45, measuredOn: '2026-02-01', sourceNote: 'Sondaż' } }, { token });
        },
      },
      {
        flag: 'importSurvey',
        run: async (token) => {
          const c = await freshCase();
          await freshIndicator(c.id);
          const csv = 'indicator_code,area,positive_percent,sample_size,measured_on\nSAFE_AFTER_DARK,Centrum,47.5,120,2026-02-01\n';
          return api.gql('mutation($input: ImportSurveyInput!) { importSurveyResults(input: $input) { imported } }', { input: { caseId: c.id, csv, sourceNote: 'Sondaż' } }, { token });
        },
      },
    ];
    const posts = (['PARTNERS', 'AGENCIES', 'LEAD'] as const).map((visibility) => ({
      visibility,
      run: async (token: string) =>
        api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId: (await freshCase()).id, kind: 'NOTE', visibility, body: 'Wpis' } }, { token }),
    }));
    const mismatches: string[] = [];
    for (const who of ['coordinator', 'officer', 'agency', 'ngo'] as const) {
      const flags = await viewerCan(who, (await freshCase()).id);
      for (const operation of operations) {
        const code = errorCode(await operation.run(tokens[who])) ?? 'OK';
        const allowed = code === 'OK';
        if (allowed !== flags[operation.flag]) mismatches.push(`${who} ${operation.flag}: flag ${String(flags[operation.flag])}, operation ${String(code)}`);
      }
      for (const post of posts) {
        const code = errorCode(await post.run(tokens[who])) ?? 'OK';
        const offered = (flags.postUpdateVisibilities as string[]).includes(post.visibility);
        // A visibility one may not post with is refused as BAD_USER_INPUT (case.visibilityNotAllowed).
        if ((code === 'OK') !== offered) mismatches.push(`${who} post ${post.visibility}: offered ${String(offered)}, operation ${String(code)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('follows the case’s state: close in ASSESSMENT only, a CLOSED case offers reopening and no write', async () => {
    const assessment = await freshCase('ASSESSMENT');
    expect(await viewerCan('coordinator', assessment.id)).toMatchObject({ close: true, reopen: false, updateCase: true });
    const closed = await freshCase('CLOSED');
    const flags = await viewerCan('coordinator', closed.id);
    expect(flags).toMatchObject({
      reopen: true,
      close: false,
      updateCase: false,
      changePhase: false,
      escalate: false,
      addParticipant: false,
      postUpdate: false,
      planAction: false,
      addStakeholder: false,
      defineIndicator: false,
      recordMeasurement: false,
      importSurvey: false,
    });
    // …and the operations agree: a closed case takes no indicator nor measurement.
    const indicatorId = await freshIndicator(closed.id);
    const recorded = await api.gql('mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }', { input: { indicatorId, value: 45, measuredOn: '2026-02-01', sourceNote: '' } }, { token: tokens.coordinator });
    expect(errorCode(recorded)).toBe('BAD_USER_INPUT');
    expect(flags.postUpdateVisibilities).toEqual([]);
    // Reading stays a reading: contact details may still be read on a closed case.
    expect(flags.readStakeholderContacts).toBe(true);
    expect((await viewerCan('ngo', closed.id)).reopen).toBe(false);
  });

  it('loses what an organisation no longer shares: a partner whose agreement ended is offered nothing inside the case', async () => {
    const c = await freshCase();
    await api.dataSource.query(`UPDATE partnership_agreements SET status = 'TERMINATED' WHERE (organisation_a_id = $1 AND organisation_b_id = $2) OR (organisation_a_id = $2 AND organisation_b_id = $1)`, [
      orgs.lead.id,
      orgs.agency.id,
    ]);
    try {
      const flags = await viewerCan('agency', c.id);
      expect(flags).toMatchObject({
        postUpdate: false,
        submitPartnerInput: false,
        addStakeholder: false,
        readStakeholderContacts: false,
        assessRisk: false,
        planAction: false,
        createTask: false,
        defineIndicator: false,
        recordMeasurement: false,
      });
      const code = errorCode(
        await api.gql('mutation($input: AddStakeholderInput!) { addStakeholder(input: $input) { id } }', { input: { caseId: c.id, name: 'Rada osiedla', triangleRole: 'COMMUNITY' } }, { token: tokens.agency }),
      );
      expect(code).toBe('FORBIDDEN');
    } finally {
      await api.dataSource.query(`UPDATE partnership_agreements SET status = 'ACTIVE' WHERE (organisation_a_id = $1 AND organisation_b_id = $2) OR (organisation_a_id = $2 AND organisation_b_id = $1)`, [
        orgs.lead.id,
        orgs.agency.id,
      ]);
    }
  });

  it('costs one statement for a whole page of cases, whatever its size (no N+1)', async () => {
    for (let i = 0; i < 30; i++) await freshCase();
    const page = (first: number) => api.gql<{ cases: { edges: { node: { viewerCan: Flags } }[] } }>(`query($first: Int) { cases(first: $first) { edges { node { id ${FLAGS} } } } }`, { first }, { token: tokens.ngo });
    const without = (first: number) => api.gql(`query($first: Int) { cases(first: $first) { edges { node { id } } } }`, { first }, { token: tokens.ngo });
    const small = await api.countQueries(() => page(5));
    const large = await api.countQueries(() => page(30));
    const bare = await api.countQueries(() => without(30));
    expect(large.result.data!.cases.edges).toHaveLength(30);
    expect(large.result.data!.cases.edges.every((e) => (e.node.viewerCan.postUpdateVisibilities as string[]).join() === 'PARTNERS')).toBe(true);
    expect(large.count).toBe(small.count);
    expect(large.count - bare.count).toBe(1);
  });
});
