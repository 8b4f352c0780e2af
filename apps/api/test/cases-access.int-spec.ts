import { randomUUID } from 'node:crypto';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { AuditEventEntity, type OrganisationEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * The role matrix of DESIGN.md §3 for cases: every role, from the lead organisation, from a participating
 * public body, from a participating NGO and from a foreign police unit, against every case operation.
 */
type Position = 'lead' | 'agency' | 'ngo' | 'foreign';
const POSITIONS: Position[] = ['lead', 'agency', 'ngo', 'foreign'];
const ROLES = Object.values(Role);
type Outcome = 'OK' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT';

interface Caller {
  role: Role;
  position: Position;
  token: string;
}

describe('cases: the role matrix and what each reader sees', () => {
  let api: TestApp;
  const orgs = {} as Record<Position, OrganisationEntity>;
  const callers: Caller[] = [];
  let leadCoordinatorId: string;

  /** A case led by `lead`, with `agency` and `ngo` as partners, written straight to the database. */
  async function freshCase(phase = 'ANALYSIS'): Promise<{ id: string; version: number }> {
    const id = randomUUID();
    await api.dataSource.query(
      `INSERT INTO cases (id, reference, title, type, phase, district, lead_organisation_id, coordinator_id, diagnosis_what)
       VALUES ($1, $2, 'Sprawa testowa', 'LOCAL_CONFLICT', $3, 'Centrum', $4, $5, 'spór sąsiedzki')`,
      [id, `T/${id.slice(0, 8)}`, phase, orgs.lead.id, leadCoordinatorId],
    );
    await api.dataSource.query(
      `INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD'), ($1, $3, 'PARTNER'), ($1, $4, 'PARTNER')`,
      [id, orgs.lead.id, orgs.agency.id, orgs.ngo.id],
    );
    return { id, version: 1 };
  }

  beforeAll(async () => {
    api = await startApi();
    orgs.lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    orgs.agency = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    orgs.ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    orgs.foreign = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    leadCoordinatorId = (await api.fixtures.user(orgs.lead, [Role.COORDINATOR])).id;
    // The partners take part under agreements in force that share every category (categories: data-sharing.int-spec).
    await api.fixtures.agreement(orgs.lead, orgs.agency);
    await api.fixtures.agreement(orgs.lead, orgs.ngo);
    const spare = await api.fixtures.organisation({ kind: OrganisationKind.SCHOOL });
    await api.fixtures.agreement(orgs.lead, spare);
    for (const position of POSITIONS) {
      for (const role of ROLES) callers.push({ role, position, token: (await api.signedIn(orgs[position], [role])).token });
    }
  });
  afterAll(async () => {
    await api.stop();
  });

  const is = (role: Role, ...roles: Role[]) => roles.includes(role);
  const agencyPosition = (p: Position) => p !== 'ngo';

  /** Expected answer: no rule for the role → FORBIDDEN; not a participant → NOT_FOUND; else the object check. */
  function expectFor(hasRule: boolean, position: Position, objectAllowed = true, otherwise: Outcome = 'FORBIDDEN'): Outcome {
    if (!hasRule) return 'FORBIDDEN';
    if (position === 'foreign') return 'NOT_FOUND';
    return objectAllowed ? 'OK' : otherwise;
  }

  interface Operation {
    name: string;
    expected: (role: Role, position: Position) => Outcome;
    run: (token: string) => Promise<Parameters<typeof errorCode>[0]>;
  }

  const operations: Operation[] = [
    {
      name: 'case(id)',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR, Role.STAFF, Role.PARTNER), p),
      run: async (token) => api.gql('query($id: ID!) { case(id: $id) { id } }', { id: (await freshCase()).id }, { token }),
    },
    {
      name: 'updateCase',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR) && agencyPosition(p), p),
      run: async (token) => {
        const c = await freshCase();
        return api.gql('mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }', { input: { id: c.id, version: c.version, goal: 'Nowy cel' } }, { token });
      },
    },
    {
      name: 'changeCasePhase',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR) && agencyPosition(p), p),
      run: async (token) => {
        const c = await freshCase();
        return api.gql('mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { id } }', { input: { id: c.id, version: c.version, phase: 'RESPONSE' } }, { token });
      },
    },
    {
      name: 'escalateCase',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR) && agencyPosition(p), p),
      run: async (token) => {
        const c = await freshCase();
        return api.gql('mutation($input: EscalateCaseInput!) { escalateCase(input: $input) { id } }', { input: { id: c.id, version: c.version, escalation: 'ELEVATED', reason: 'Narastające napięcie' } }, { token });
      },
    },
    {
      name: 'closeCase',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR) && agencyPosition(p), p),
      run: async (token) => {
        const c = await freshCase('ASSESSMENT');
        return api.gql('mutation($input: CloseCaseInput!) { closeCase(input: $input) { id } }', { input: { id: c.id, version: c.version, outcome: 'BETTER_HANDLED', assessment: 'Lepsza współpraca' } }, { token });
      },
    },
    {
      name: 'reopenCase',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR) && agencyPosition(p), p),
      run: async (token) => {
        const c = await freshCase('CLOSED');
        return api.gql('mutation($input: ReopenCaseInput!) { reopenCase(input: $input) { id } }', { input: { id: c.id, version: c.version, reason: 'Problem powrócił' } }, { token });
      },
    },
    {
      name: 'addCaseParticipant',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR) && agencyPosition(p), p, p === 'lead'),
      run: async (token) => {
        const c = await freshCase();
        const school = (await api.dataSource.query(`SELECT id FROM organisations WHERE kind = 'SCHOOL' LIMIT 1`))[0].id;
        return api.gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { input: { caseId: c.id, organisationId: school } }, { token });
      },
    },
    {
      name: 'removeCaseParticipant',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR) && agencyPosition(p), p, p === 'lead'),
      run: async (token) => {
        const c = await freshCase();
        return api.gql('mutation($input: RemoveCaseParticipantInput!) { removeCaseParticipant(input: $input) { id } }', { input: { caseId: c.id, organisationId: orgs.ngo.id } }, { token });
      },
    },
    {
      name: 'postCaseUpdate PARTNERS',
      // Every member posts a note every participant sees, NGO partners included.
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR, Role.STAFF, Role.PARTNER), p),
      run: async (token) => api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId: (await freshCase()).id, kind: 'NOTE', visibility: 'PARTNERS', body: 'Spotkanie z mieszkańcami' } }, { token }),
    },
    {
      name: 'postCaseUpdate AGENCIES',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR, Role.STAFF, Role.PARTNER), p, agencyPosition(p) && r !== Role.PARTNER, 'BAD_USER_INPUT'),
      run: async (token) => api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId: (await freshCase()).id, kind: 'INCIDENT', visibility: 'AGENCIES', body: 'Interwencja' } }, { token }),
    },
    {
      name: 'postCaseUpdate LEAD',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR, Role.STAFF, Role.PARTNER), p, p === 'lead' && r !== Role.PARTNER, 'BAD_USER_INPUT'),
      run: async (token) => api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId: (await freshCase()).id, kind: 'DECISION', visibility: 'LEAD', body: 'Decyzja wewnętrzna' } }, { token }),
    },
    {
      name: 'submitPartnerInput',
      expected: (r, p) => expectFor(is(r, Role.STAFF, Role.PARTNER), p),
      run: async (token) => api.gql('mutation($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }', { input: { caseId: (await freshCase()).id, kind: 'OBSERVATION', body: 'Mieszkańcy boją się wychodzić wieczorem' } }, { token }),
    },
    {
      name: 'reviewPartnerInput',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR) && agencyPosition(p), p),
      run: async (token) => {
        const c = await freshCase();
        const [input] = await api.dataSource.query(`INSERT INTO partner_inputs (case_id, organisation_id, kind, body) VALUES ($1, $2, 'PROPOSAL', 'Festyn sąsiedzki') RETURNING id`, [c.id, orgs.ngo.id]);
        return api.gql('mutation($input: ReviewPartnerInputInput!) { reviewPartnerInput(input: $input) { id } }', { input: { id: input.id, version: 1, decision: 'ACCEPT', response: 'Dziękujemy, zrobimy to razem' } }, { token });
      },
    },
    {
      name: 'addStakeholder',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR, Role.STAFF) && agencyPosition(p), p),
      run: async (token) => api.gql('mutation($input: AddStakeholderInput!) { addStakeholder(input: $input) { id } }', { input: { caseId: (await freshCase()).id, name: 'Rada osiedla', triangleRole: 'COMMUNITY' } }, { token }),
    },
    {
      name: 'assessTrustRisk',
      expected: (r, p) => expectFor(is(r, Role.COORDINATOR, Role.STAFF) && agencyPosition(p), p),
      run: async (token) => api.gql('mutation($input: AssessTrustRiskInput!) { assessTrustRisk(input: $input) { id score } }', { input: { caseId: (await freshCase()).id, title: 'Utrata zaufania seniorów', likelihood: 3, impact: 4 } }, { token }),
    },
    {
      name: 'openCase',
      expected: (r, p) => (is(r, Role.COORDINATOR) && agencyPosition(p) ? 'OK' : 'FORBIDDEN'),
      run: (token) =>
        api.gql('mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }', { input: { title: 'Nowa sprawa', type: 'PUBLIC_NUISANCE', area: { district: 'Centrum' }, diagnosis: { what: 'Hałas nocą' } } }, { token }),
    },
  ];

  it.each(operations.map((o) => [o.name, o] as const))('%s', async (_name, operation) => {
    const actual: string[] = [];
    const expected: string[] = [];
    for (const caller of callers) {
      const response = await operation.run(caller.token);
      const code = (errorCode(response) as string | undefined) ?? 'OK';
      actual.push(`${caller.position}/${caller.role}: ${code}`);
      expected.push(`${caller.position}/${caller.role}: ${operation.expected(caller.role, caller.position)}`);
    }
    expect(actual).toEqual(expected);
  });

  it('a foreign organisation finds the case in no list, no count and not by id', async () => {
    const c = await freshCase();
    for (const caller of callers.filter((x) => is(x.role, Role.COORDINATOR, Role.STAFF, Role.PARTNER))) {
      const list = await api.gql<{ cases: { totalCount: number; edges: { node: { id: string } }[] } }>('{ cases(first: 100) { totalCount edges { node { id } } } }', {}, { token: caller.token });
      const ids = list.data!.cases.edges.map((e) => e.node.id);
      const [{ n }] = await api.dataSource.query(
        'SELECT count(*)::int AS n FROM cases c WHERE EXISTS (SELECT 1 FROM case_participants p WHERE p.case_id = c.id AND p.organisation_id = $1)',
        [orgs[caller.position].id],
      );
      expect([caller.position, list.data!.cases.totalCount]).toEqual([caller.position, n]);
      expect([caller.position, ids.includes(c.id)]).toEqual([caller.position, caller.position !== 'foreign']);
      const byFilter = await api.gql<{ cases: { totalCount: number } }>('query($f: CaseFilter) { cases(filter: $f) { totalCount } }', { f: { leadOrganisationId: orgs.lead.id } }, { token: caller.token });
      if (caller.position === 'foreign') expect(byFilter.data!.cases.totalCount).toBe(0);
    }
  });

  it('shows each reader only the updates their organisation may see, in the case, the nested list and the counts', async () => {
    const c = await freshCase();
    const author = callers.find((x) => x.position === 'lead' && x.role === Role.STAFF)!;
    for (const visibility of ['PARTNERS', 'AGENCIES', 'LEAD']) {
      const posted = await api.gql('mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }', { input: { caseId: c.id, kind: 'NOTE', visibility, body: `Wpis ${visibility}` } }, { token: author.token });
      expect(posted.errors).toBeUndefined();
    }
    const expectedFor = (caller: Caller): string[] => {
      const agencyWorker = caller.position !== 'ngo' && is(caller.role, Role.COORDINATOR, Role.STAFF);
      if (caller.position === 'lead' && agencyWorker) return ['AGENCIES', 'LEAD', 'PARTNERS'];
      if (agencyWorker) return ['AGENCIES', 'PARTNERS'];
      return ['PARTNERS'];
    };
    for (const caller of callers.filter((x) => x.position !== 'foreign' && is(x.role, Role.COORDINATOR, Role.STAFF, Role.PARTNER))) {
      const one = await api.gql<{ case: { updateCount: number; updates: { totalCount: number; edges: { node: { visibility: string } }[] } } }>(
        'query($id: ID!) { case(id: $id) { updateCount updates(first: 10) { totalCount edges { node { visibility } } } } }',
        { id: c.id },
        { token: caller.token },
      );
      const seen = one.data!.case.updates.edges.map((e) => e.node.visibility).sort();
      const want = expectedFor(caller);
      expect([caller.position, caller.role, seen]).toEqual([caller.position, caller.role, want]);
      expect(one.data!.case.updateCount).toBe(want.length);
      expect(one.data!.case.updates.totalCount).toBe(want.length);
      const list = await api.gql<{ cases: { edges: { node: { id: string; updateCount: number; updates: { edges: { node: { visibility: string } }[] } } }[] } }>(
        '{ cases(first: 100) { edges { node { id updateCount updates(first: 5) { edges { node { visibility } } } } } } }',
        {},
        { token: caller.token },
      );
      expect(list.errors).toBeUndefined();
      const node = list.data!.cases.edges.find((e) => e.node.id === c.id)!.node;
      expect(node.updateCount).toBe(want.length);
      expect(node.updates.edges.map((e) => e.node.visibility).sort()).toEqual(want);
    }
  });

  it('gives partners stakeholders by name and role only, and logs every reading of personal data', async () => {
    const c = await freshCase();
    const staff = callers.find((x) => x.position === 'lead' && x.role === Role.STAFF)!;
    const added = await api.gql<{ addStakeholder: { id: string } }>(
      'mutation($input: AddStakeholderInput!) { addStakeholder(input: $input) { id } }',
      { input: { caseId: c.id, name: 'Jan Kowalski', triangleRole: 'VICTIM', contactDetails: 'tel. 600 100 200', notes: 'Boi się zemsty sąsiada', interests: 'spokój', attitude: 'SUPPORTIVE' } },
      { token: staff.token },
    );
    const stakeholderId = added.data!.addStakeholder.id;
    const query = 'query($id: ID!) { case(id: $id) { stakeholders { id name triangleRole contactDetails notes interests attitude } } }';
    for (const caller of callers.filter((x) => x.position !== 'foreign' && is(x.role, Role.COORDINATOR, Role.STAFF, Role.PARTNER))) {
      const before = await api.dataSource.getRepository(AuditEventEntity).countBy({ action: 'stakeholder.read-personal', entityId: stakeholderId });
      const response = await api.gql<{ case: { stakeholders: Record<string, unknown>[] } }>(query, { id: c.id }, { token: caller.token });
      const personal = caller.position !== 'ngo' && is(caller.role, Role.COORDINATOR, Role.STAFF);
      expect([caller.position, caller.role, response.data!.case.stakeholders]).toEqual([
        caller.position,
        caller.role,
        [
          personal
            ? { id: stakeholderId, name: 'Jan Kowalski', triangleRole: 'VICTIM', contactDetails: 'tel. 600 100 200', notes: 'Boi się zemsty sąsiada', interests: 'spokój', attitude: 'SUPPORTIVE' }
            : { id: stakeholderId, name: 'Jan Kowalski', triangleRole: 'VICTIM', contactDetails: null, notes: null, interests: null, attitude: null },
        ],
      ]);
      const after = await api.dataSource.getRepository(AuditEventEntity).countBy({ action: 'stakeholder.read-personal', entityId: stakeholderId });
      expect(after - before).toBe(personal ? 1 : 0);
    }
    const trail = JSON.stringify(await api.dataSource.query(`SELECT changes FROM audit_events WHERE entity_id = $1`, [stakeholderId]));
    expect(trail).not.toContain('600 100 200');
    expect(trail).not.toContain('zemsty');
  });

  it('partners see their own organisation’s input and its answer; agencies see all input awaiting review', async () => {
    const c = await freshCase();
    const partner = callers.find((x) => x.position === 'ngo' && x.role === Role.PARTNER)!;
    const agencyStaff = callers.find((x) => x.position === 'agency' && x.role === Role.STAFF)!;
    await api.gql('mutation($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }', { input: { caseId: c.id, kind: 'CONCERN', body: 'Seniorzy skarżą się na hałas' } }, { token: partner.token });
    await api.gql('mutation($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }', { input: { caseId: c.id, kind: 'OBSERVATION', body: 'Uwagi urzędu' } }, { token: agencyStaff.token });
    const query = 'query($id: ID!) { case(id: $id) { inputsAwaitingReviewCount partnerInputs { body status } inputsAwaitingReview { body waitingHours } } }';
    const asPartner = await api.gql<{ case: { inputsAwaitingReviewCount: number; partnerInputs: { body: string }[] } }>(query, { id: c.id }, { token: partner.token });
    expect(asPartner.data!.case.partnerInputs.map((i) => i.body)).toEqual(['Seniorzy skarżą się na hałas']);
    expect(asPartner.data!.case.inputsAwaitingReviewCount).toBe(1);
    const lead = callers.find((x) => x.position === 'lead' && x.role === Role.COORDINATOR)!;
    const asLead = await api.gql<{ case: { inputsAwaitingReviewCount: number; inputsAwaitingReview: { body: string; waitingHours: number }[] } }>(query, { id: c.id }, { token: lead.token });
    expect(asLead.data!.case.inputsAwaitingReviewCount).toBe(2);
    expect(asLead.data!.case.inputsAwaitingReview.map((i) => i.body)).toEqual(['Seniorzy skarżą się na hałas', 'Uwagi urzędu']);
    expect(asLead.data!.case.inputsAwaitingReview.every((i) => i.waitingHours === 0)).toBe(true);
  });
});
