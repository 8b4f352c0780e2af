import { randomUUID } from 'node:crypto';
import { addDays, OrganisationKind, Role, todayInWarsaw } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { SURVEY_HEADER } from '@cg/server/indicators';
import { Client } from 'pg';
import { errorCode, eventually, type GqlResponse, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const OPEN = 'mutation($input: OpenCaseInput!) { openCase(input: $input) { id reference } }';
const POST = 'mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id body } }';
const DEFINE = 'mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { id } }';

interface Counts {
  rows: number;
  audit: number;
  events: number;
  keys: number;
}

/** One creating mutation: how to call it, what it creates, and what its first write adds besides the row. */
interface Creating {
  name: string;
  table: string;
  query: string;
  token: () => string;
  input: () => Promise<Record<string, unknown>>;
  /** The created object's id (or what identifies the answer) in the response. */
  id: (data: Record<string, unknown>) => unknown;
  rows?: number;
  audits?: number;
  events?: number;
  /** Audit rows a retry writes: none, but a read of personal data, which is audited whoever reads it, however. */
  retryReads?: string[];
}

describe('idempotent creating mutations (Idempotency-Key)', () => {
  let api: TestApp;
  let police: OrganisationEntity;
  let coordinator: string;
  let otherCoordinator: string;
  let staff: string;
  let admin: string;
  let school: OrganisationEntity;
  const today = todayInWarsaw();
  const agreementOrgs: OrganisationEntity[] = [];

  const gql = <T = Record<string, unknown>>(query: string, input: Record<string, unknown>, token: string, key?: string): Promise<GqlResponse<T>> =>
    api.gql<T>(query, { input }, { token, headers: key === undefined ? {} : { 'Idempotency-Key': key } });
  const ok = async <T = Record<string, unknown>>(response: Promise<GqlResponse<T>>): Promise<T> => {
    const done = await response;
    expect(done.errors).toBeUndefined();
    return done.data!;
  };
  const caseInput = (title = `Sprawa ${randomUUID().slice(0, 8)}`) => ({ title, type: 'SOCIAL_TENSION', area: { district: 'Piaski' }, diagnosis: { what: 'problem' } });
  const freshCase = async (): Promise<string> => (await ok<{ openCase: { id: string } }>(gql(OPEN, caseInput(), coordinator))).openCase.id;
  const indicatorOn = async (caseId: string, catalogueCode = 'SAFE_AFTER_DARK'): Promise<string> =>
    (await ok<{ defineIndicator: { id: string } }>(gql(DEFINE, { caseId, catalogueCode, baselineValue: 38, baselineDate: addDays(today, -400), targetValue: 60, targetDate: addDays(today, 200) }, staff))).defineIndicator.id;
  const counts = async (table: string): Promise<Counts> =>
    (
      await api.dataSource.query(
        `SELECT (SELECT count(*) FROM ${table})::int AS rows, (SELECT count(*) FROM audit_events)::int AS audit,
                (SELECT count(*) FROM outbox_events)::int AS events, (SELECT count(*) FROM idempotency_keys)::int AS keys`,
      )
    )[0];
  const delta = (a: Counts, b: Counts) => ({ rows: b.rows - a.rows, audit: b.audit - a.audit, events: b.events - a.events, keys: b.keys - a.keys });
  let orgSeq = 0;
  const uniqueCode = () => `ID${Date.now().toString(36).slice(-5).toUpperCase()}${orgSeq++}`;

  beforeAll(async () => {
    api = await startApi();
    police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    school = await api.fixtures.organisation({ kind: OrganisationKind.SCHOOL });
    await api.fixtures.agreement(police, school);
    coordinator = (await api.signedIn(police, [Role.COORDINATOR])).token;
    otherCoordinator = (await api.signedIn(police, [Role.COORDINATOR])).token;
    staff = (await api.signedIn(police, [Role.STAFF])).token;
    admin = (await api.signedIn(await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY }), [Role.ADMIN])).token;
  });
  afterAll(async () => {
    await api.stop();
  });

  const CREATING: Creating[] = [
    { name: 'openCase', table: 'cases', query: OPEN, token: () => coordinator, input: async () => caseInput(), id: (d) => (d.openCase as { id: string }).id },
    {
      name: 'postCaseUpdate',
      table: 'case_updates',
      query: POST,
      token: () => staff,
      input: async () => ({ caseId: await freshCase(), kind: 'NOTE', visibility: 'PARTNERS', body: 'Spotkanie z mieszkańcami' }),
      id: (d) => (d.postCaseUpdate as { id: string }).id,
    },
    {
      name: 'createTask',
      table: 'tasks',
      query: 'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }',
      token: () => coordinator,
      input: async () => ({ caseId: await freshCase(), organisationId: police.id, title: 'Zadanie', dueDate: addDays(today, 30) }),
      id: (d) => (d.createTask as { id: string }).id,
    },
    {
      name: 'submitPartnerInput',
      table: 'partner_inputs',
      query: 'mutation($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }',
      token: () => staff,
      input: async () => ({ caseId: await freshCase(), kind: 'OBSERVATION', body: 'Mieszkańcy boją się wychodzić wieczorem' }),
      id: (d) => (d.submitPartnerInput as { id: string }).id,
    },
    {
      name: 'recordMeasurement',
      table: 'measurements',
      query: 'mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id latestValue series { value } } }',
      token: () => staff,
      input: async () => ({ indicatorId: await indicatorOn(await freshCase()), value: 50, measuredOn: addDays(today, -1) }),
      id: (d) => d.recordMeasurement,
    },
    {
      name: 'importSurveyResults',
      table: 'measurements',
      query: 'mutation($input: ImportSurveyInput!) { importSurveyResults(input: $input) { imported indicators { id series { value } } } }',
      token: () => coordinator,
      input: async () => {
        const caseId = await freshCase();
        await indicatorOn(caseId, 'SAFE_AFTER_DARK');
        await indicatorOn(caseId, 'POLICE_CONFIDENCE');
        const lines = [SURVEY_HEADER.join(','), `SAFE_AFTER_DARK,Piaski,41,120,${addDays(today, -3)}`, `SAFE_AFTER_DARK,Centrum,45,90,${addDays(today, -3)}`, `POLICE_CONFIDENCE,Piaski,33,120,${addDays(today, -2)}`];
        return { caseId, csv: `${lines.join('\n')}\n`, sourceNote: 'Sondaż' };
      },
      id: (d) => d.importSurveyResults,
      rows: 3,
      audits: 4,
      events: 3,
    },
    {
      name: 'addStakeholder',
      table: 'stakeholders',
      query: 'mutation($input: AddStakeholderInput!) { addStakeholder(input: $input) { id name contactDetails } }',
      token: () => staff,
      input: async () => ({ caseId: await freshCase(), name: 'Rada osiedla', triangleRole: 'COMMUNITY' }),
      id: (d) => (d.addStakeholder as { id: string }).id,
      events: 0,
      // The retry answers the stakeholder as the caller may read it now, contact details included (asked for): a
      // reading of personal data, audited like every other (but no second stakeholder.add).
      retryReads: ['stakeholder.read-personal'],
    },
    {
      name: 'assessTrustRisk',
      table: 'trust_risks',
      query: 'mutation($input: AssessTrustRiskInput!) { assessTrustRisk(input: $input) { id score } }',
      token: () => staff,
      input: async () => ({ caseId: await freshCase(), title: 'Utrata zaufania seniorów', likelihood: 3, impact: 4 }),
      id: (d) => (d.assessTrustRisk as { id: string }).id,
    },
    {
      name: 'planAction',
      table: 'actions',
      query: 'mutation($input: PlanActionInput!) { planAction(input: $input) { id } }',
      token: () => staff,
      input: async () => ({ caseId: await freshCase(), kind: 'PATROL', title: 'Patrol', startsOn: addDays(today, 1), endsOn: addDays(today, 30) }),
      id: (d) => (d.planAction as { id: string }).id,
    },
    {
      name: 'defineIndicator',
      table: 'indicators',
      query: DEFINE,
      token: () => staff,
      input: async () => ({ caseId: await freshCase(), catalogueCode: 'SAFE_AFTER_DARK', baselineValue: 38, baselineDate: addDays(today, -400), targetValue: 60, targetDate: addDays(today, 200) }),
      id: (d) => (d.defineIndicator as { id: string }).id,
    },
    {
      name: 'addCatalogueIndicator',
      table: 'indicator_catalogue',
      query: 'mutation($input: AddCatalogueIndicatorInput!) { addCatalogueIndicator(input: $input) { id version } }',
      token: () => admin,
      input: async () => ({ code: 'OFFICER_RATING', namePl: 'Ocena dzielnicowego', nameEn: 'Officer rating', descriptionPl: 'Skala', descriptionEn: 'Scale', unit: 'SCORE', direction: 'INCREASE', source: 'SURVEY', cadence: 'ANNUAL' }),
      id: (d) => d.addCatalogueIndicator,
      events: 0,
    },
    {
      name: 'addCaseParticipant',
      table: 'case_participants',
      query: 'mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id participantCount } }',
      token: () => coordinator,
      input: async () => ({ caseId: await freshCase(), organisationId: school.id }),
      id: (d) => d.addCaseParticipant,
    },
    {
      name: 'createOrganisation',
      table: 'organisations',
      query: 'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
      token: () => admin,
      input: async () => {
        const code = uniqueCode();
        return { name: `Organizacja ${code}`, code, kind: 'NGO' };
      },
      id: (d) => (d.createOrganisation as { id: string }).id,
    },
    {
      name: 'createUser',
      table: 'users',
      query: 'mutation($input: CreateUserInput!) { createUser(input: $input) { id email } }',
      token: () => admin,
      input: async () => ({ organisationId: police.id, email: `idem-${randomUUID()}@example.test`, displayName: 'Nowa Osoba', password: 'a long enough passphrase', roles: ['STAFF'] }),
      id: (d) => (d.createUser as { id: string }).id,
    },
    {
      name: 'createPartnershipAgreement',
      table: 'partnership_agreements',
      query: 'mutation($input: CreateAgreementInput!) { createPartnershipAgreement(input: $input) { id inForce } }',
      token: () => admin,
      input: async () => {
        const other = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
        agreementOrgs.push(other);
        return { organisationAId: police.id, organisationBId: other.id, purpose: 'Porozumienie', dataCategories: ['CASE_CONTENT'], validFrom: '2026-01-01' };
      },
      id: (d) => (d.createPartnershipAgreement as { id: string }).id,
    },
    {
      name: 'registerWebhook',
      table: 'webhook_endpoints',
      query: 'mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret endpoint { id url } } }',
      token: () => coordinator,
      input: async () => ({ url: 'http://127.0.0.1:9/hook', eventTypes: ['case.update-posted'] }),
      // The same endpoint and the same secret (never a second one).
      id: (d) => d.registerWebhook,
      events: 0,
    },
  ];

  it.each(CREATING.map((c) => [c.name, c] as const))('%s: a retry with the same key returns the first result and writes nothing', async (_name, c) => {
    const input = await c.input();
    const key = `retry-${c.name}-${randomUUID()}`;
    const before = await counts(c.table);
    const first = await ok(gql(c.query, input, c.token(), key));
    const afterFirst = await counts(c.table);
    expect(delta(before, afterFirst)).toEqual({ rows: c.rows ?? 1, audit: c.audits ?? 1, events: c.events ?? 1, keys: 1 });

    const retry = await ok(gql(c.query, input, c.token(), key));
    expect(c.id(retry)).toEqual(c.id(first));
    expect(await counts(c.table)).toEqual({ ...afterFirst, audit: afterFirst.audit + (c.retryReads?.length ?? 0) });
    const audited: { action: string }[] = await api.dataSource.query('SELECT action FROM audit_events ORDER BY occurred_at DESC, id DESC LIMIT $1', [c.retryReads?.length ?? 0]);
    expect(audited.map((a) => a.action)).toEqual(c.retryReads ?? []);
  });

  it('writes as before without the header: two calls, two cases', async () => {
    const input = caseInput('Bez klucza');
    const before = await counts('cases');
    const a = await ok<{ openCase: { id: string } }>(gql(OPEN, input, coordinator));
    const b = await ok<{ openCase: { id: string } }>(gql(OPEN, input, coordinator));
    expect(a.openCase.id).not.toBe(b.openCase.id);
    expect(delta(before, await counts('cases'))).toEqual({ rows: 2, audit: 2, events: 2, keys: 0 });
  });

  it('answers the same key with another input, or for another mutation, with IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    const key = `reused-${randomUUID()}`;
    const caseId = (await ok<{ openCase: { id: string } }>(gql(OPEN, caseInput('Pierwsza'), coordinator, key))).openCase.id;
    const before = await counts('cases');
    const otherInput = await gql(OPEN, caseInput('Druga'), coordinator, key);
    expect(errorCode(otherInput)).toBe('BAD_USER_INPUT');
    expect(otherInput.errors?.[0]?.extensions).toMatchObject({ reason: 'IDEMPOTENCY_KEY_REUSED' });
    const otherMutation = await gql('mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', { caseId, organisationId: police.id, title: 'Zadanie', dueDate: addDays(today, 3) }, coordinator, key);
    expect(otherMutation.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    const english = await api.gql(OPEN, { input: caseInput('Trzecia') }, { token: coordinator, headers: { 'Idempotency-Key': key, 'Accept-Language': 'en' } });
    expect(english.errors?.[0]?.message).toMatch(/Idempotency-Key/);
    expect(await counts('cases')).toEqual(before);
    const [tasks] = await api.dataSource.query('SELECT count(*)::int AS n FROM tasks WHERE case_id = $1', [caseId]);
    expect(tasks.n).toBe(0);
  });

  it('keeps another user’s same key independent', async () => {
    const key = `shared-${randomUUID()}`;
    const input = caseInput('Ten sam klucz');
    const mine = await ok<{ openCase: { id: string } }>(gql(OPEN, input, coordinator, key));
    const theirs = await ok<{ openCase: { id: string } }>(gql(OPEN, input, otherCoordinator, key));
    expect(theirs.openCase.id).not.toBe(mine.openCase.id);
    const again = await ok<{ openCase: { id: string } }>(gql(OPEN, input, otherCoordinator, key));
    expect(again.openCase.id).toBe(theirs.openCase.id);
  });

  it('lets exactly one of two concurrent requests with the same key write; the other answers its result', async () => {
    for (const c of [CREATING.find((x) => x.name === 'openCase')!, CREATING.find((x) => x.name === 'postCaseUpdate')!]) {
      const input = await c.input();
      const key = `race-${c.name}-${randomUUID()}`;
      const before = await counts(c.table);
      const [a, b] = await Promise.all([gql(c.query, input, c.token(), key), gql(c.query, input, c.token(), key)]);
      expect([a.errors, b.errors]).toEqual([undefined, undefined]);
      expect(c.id(a.data!)).toEqual(c.id(b.data!));
      expect(delta(before, await counts(c.table))).toEqual({ rows: 1, audit: 1, events: 1, keys: 1 });
    }
  });

  it('answers the loser of a race the winner’s result when both passed the lookup before either committed', async () => {
    // Both requests are held at the case row (locked here) after their lookup found no key; released, one commits
    // first and the other's key insert meets it: its write rolls back and it answers the first's update.
    const input = { caseId: await freshCase(), kind: 'NOTE', visibility: 'PARTNERS', body: 'Wyścig' };
    const key = `held-${randomUUID()}`;
    const before = await counts('case_updates');
    const holder = new Client({ connectionString: api.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [input.caseId]);
      const pending = Promise.all([gql<{ postCaseUpdate: { id: string } }>(POST, input, staff, key), gql<{ postCaseUpdate: { id: string } }>(POST, input, staff, key)]);
      await eventually('both writes to wait for the case row', async () => {
        const [waiting] = await api.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        return waiting.n >= 2 ? true : null;
      });
      await holder.query('COMMIT');
      const [a, b] = await pending;
      expect([a.errors, b.errors]).toEqual([undefined, undefined]);
      expect(a.data!.postCaseUpdate.id).toBe(b.data!.postCaseUpdate.id);
    } finally {
      await holder.end();
    }
    expect(delta(before, await counts('case_updates'))).toEqual({ rows: 1, audit: 1, events: 1, keys: 1 });
  });

  it('forgets a key after IDEMPOTENCY_KEY_TTL_HOURS: the same key then writes anew, and answers that write', async () => {
    const key = `expired-${randomUUID()}`;
    const input = caseInput('Stary klucz');
    const first = await ok<{ openCase: { id: string } }>(gql(OPEN, input, coordinator, key));
    await api.dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 minute' WHERE key = $1`, [key]);
    const before = await counts('cases');
    const later = await ok<{ openCase: { id: string } }>(gql(OPEN, input, coordinator, key));
    expect(later.openCase.id).not.toBe(first.openCase.id);
    expect(delta(before, await counts('cases'))).toEqual({ rows: 1, audit: 1, events: 1, keys: 0 });
    const retry = await ok<{ openCase: { id: string } }>(gql(OPEN, input, coordinator, key));
    expect(retry.openCase.id).toBe(later.openCase.id);
  });

  it('answers a retry through the caller’s current access: NOT_FOUND once the object is no longer theirs to read', async () => {
    const teacher = await api.signedIn(school, [Role.STAFF]);
    const caseId = await freshCase();
    await ok(gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { caseId, organisationId: school.id }, coordinator));
    const key = `access-${randomUUID()}`;
    const input = { caseId, kind: 'NOTE', visibility: 'PARTNERS', body: 'Notatka' };
    const first = await ok<{ postCaseUpdate: { id: string } }>(gql(POST, input, teacher.token, key));
    expect((await ok<{ postCaseUpdate: { id: string } }>(gql(POST, input, teacher.token, key))).postCaseUpdate.id).toBe(first.postCaseUpdate.id);
    // The school leaves the case: its people lose access at once, retries included.
    await api.dataSource.query('DELETE FROM case_participants WHERE case_id = $1 AND organisation_id = $2', [caseId, school.id]);
    const before = await counts('case_updates');
    expect(errorCode(await gql(POST, input, teacher.token, key))).toBe('NOT_FOUND');
    expect((await counts('case_updates')).rows).toBe(before.rows);
  });

  it('answers a retried planAction with the action planned, and NOT_FOUND once its case is no longer the caller’s to read', async () => {
    const PLAN = 'mutation($input: PlanActionInput!) { planAction(input: $input) { id title leadOrganisation { id } } }';
    const teacher = await api.signedIn(school, [Role.STAFF]);
    const caseId = await freshCase();
    await ok(gql('mutation($input: AddCaseParticipantInput!) { addCaseParticipant(input: $input) { id } }', { caseId, organisationId: school.id }, coordinator));
    const key = `plan-${randomUUID()}`;
    const input = { caseId, kind: 'COMMUNITY_MEETING', title: 'Spotkanie z rodzicami', startsOn: addDays(today, 1), endsOn: addDays(today, 2) };
    type Planned = { planAction: { id: string; title: string; leadOrganisation: { id: string } } };
    const first = await ok<Planned>(gql(PLAN, input, teacher.token, key));
    expect((await ok<Planned>(gql(PLAN, input, teacher.token, key))).planAction).toEqual({ id: first.planAction.id, title: 'Spotkanie z rodzicami', leadOrganisation: { id: school.id } });
    await api.dataSource.query('DELETE FROM case_participants WHERE case_id = $1 AND organisation_id = $2', [caseId, school.id]);
    const before = await counts('actions');
    expect(errorCode(await gql(PLAN, input, teacher.token, key))).toBe('NOT_FOUND');
    expect((await counts('actions')).rows).toBe(before.rows);
  });

  it('shows a retried webhook registration its one secret, and another user’s registration a secret of its own', async () => {
    const query = 'mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret endpoint { id } } }';
    const input = { url: 'http://127.0.0.1:9/hook' };
    const key = `hook-${randomUUID()}`;
    type Hook = { registerWebhook: { secret: string; endpoint: { id: string } } };
    const first = (await ok<Hook>(gql(query, input, coordinator, key))).registerWebhook;
    const retry = (await ok<Hook>(gql(query, input, coordinator, key))).registerWebhook;
    expect(retry).toEqual(first);
    const [stored] = await api.dataSource.query('SELECT secret FROM webhook_endpoints WHERE id = $1', [first.endpoint.id]);
    expect(stored.secret).toBe(first.secret);
    const theirs = (await ok<Hook>(gql(query, input, otherCoordinator, key))).registerWebhook;
    expect(theirs.endpoint.id).not.toBe(first.endpoint.id);
    expect(theirs.secret).not.toBe(first.secret);
  });

  it('refuses a malformed key with IDEMPOTENCY_KEY_INVALID, before anything is written', async () => {
    const before = await counts('cases');
    for (const bad of ['', 'a'.repeat(129), 'spaces are not allowed', 'ąę', 'a,b', 'key;drop']) {
      const response = await gql(OPEN, caseInput('Zły klucz'), coordinator, bad);
      expect([bad, errorCode(response), response.errors?.[0]?.extensions?.reason]).toEqual([bad, 'BAD_USER_INPUT', 'IDEMPOTENCY_KEY_INVALID']);
    }
    expect(await counts('cases')).toEqual(before);
    const longest = 'Az09_-:.'.repeat(16);
    expect((await gql(OPEN, caseInput('Najdłuższy klucz'), coordinator, longest)).errors).toBeUndefined();
  });

  it('refuses a key on a document with several mutation fields (one key per request); queries ignore the header', async () => {
    const before = await counts('cases');
    const two = await api.gql(
      `mutation($a: OpenCaseInput!, $b: OpenCaseInput!) { a: openCase(input: $a) { id } b: openCase(input: $b) { id } }`,
      { a: caseInput('A'), b: caseInput('B') },
      { token: coordinator, headers: { 'Idempotency-Key': `two-${randomUUID()}` } },
    );
    expect(two.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_MULTIPLE_FIELDS' });
    expect(await counts('cases')).toEqual(before);
    const query = await api.gql('{ me { id } }', {}, { token: coordinator, headers: { 'Idempotency-Key': 'not a valid key' } });
    expect(query.errors).toBeUndefined();
  });
});
