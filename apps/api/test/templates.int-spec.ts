import { addDays, OrganisationKind, Role, todayInWarsaw } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const TEMPLATE = 'id caseType version summary actions { key kind title startDay endDay } tasks { key title dueInDays effortPoints organisationKind actionKey } indicators { code name baselineValue targetValue targetInDays }';
const LIST = `query($caseType: CaseType, $allVersions: Boolean) { caseTemplates(caseType: $caseType, allVersions: $allVersions) { ${TEMPLATE} } }`;
const SAVE = `mutation($input: SaveCaseTemplateInput!) { saveCaseTemplate(input: $input) { ${TEMPLATE} } }`;
const OPEN = 'mutation($input: OpenCaseInput!) { openCase(input: $input) { id openedFromTemplate { caseType version } pendingTemplateTasks { key title organisationKind dueDate effortPoints } } }';

interface Template {
  id: string;
  caseType: string;
  version: number;
  summary: string;
  actions: { key: string; kind: string; title: string; startDay: number; endDay: number }[];
  tasks: { key: string; title: string; dueInDays: number; effortPoints: number; organisationKind: string | null; actionKey: string | null }[];
  indicators: { code: string; name: string; baselineValue: number; targetValue: number; targetInDays: number }[];
}

interface Opened {
  id: string;
  openedFromTemplate: { caseType: string; version: number } | null;
  pendingTemplateTasks: { key: string; title: string; organisationKind: string; dueDate: string; effortPoints: number }[];
}

/** A template input of the saved shape, from a template as read. */
function asInput(t: Template, changes: Partial<Record<'actions' | 'tasks' | 'indicators', unknown[]>> = {}) {
  return {
    caseType: t.caseType,
    baseVersion: t.version,
    summaryPl: 'Zmieniony szablon',
    summaryEn: 'Changed template',
    actions: t.actions.map((a) => ({ key: a.key, kind: a.kind, titlePl: a.title, titleEn: `${a.title} (en)`, descriptionPl: '', descriptionEn: '', startDay: a.startDay, endDay: a.endDay })),
    tasks: t.tasks.map((k) => ({ key: k.key, titlePl: k.title, titleEn: `${k.title} (en)`, descriptionPl: '', descriptionEn: '', dueInDays: k.dueInDays, effortPoints: k.effortPoints, organisationKind: k.organisationKind, actionKey: k.actionKey })),
    indicators: t.indicators.map((i) => ({ code: i.code, baselineValue: i.baselineValue, targetValue: i.targetValue, targetInDays: i.targetInDays })),
    ...changes,
  };
}

describe('case-type templates', () => {
  let api: TestApp;
  let police: OrganisationEntity;
  let coordinator: string;
  let admin: string;

  const caseInput = (type: string, template?: unknown) => ({ title: `Sprawa z szablonu ${type}`, type, area: { district: 'Piaski' }, diagnosis: { what: 'Picie alkoholu przy sklepie' }, ...(template ? { template } : {}) });
  const priorityPlan = async (token = coordinator) => (await api.gql<{ caseTemplates: Template[] }>(LIST, { caseType: 'PRIORITY_PLAN' }, { token })).data!.caseTemplates[0]!;
  const counts = async () =>
    (
      await api.dataSource.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM actions)::int AS actions, (SELECT count(*) FROM tasks)::int AS tasks,
        (SELECT count(*) FROM indicators)::int AS indicators, (SELECT count(*) FROM case_pending_tasks)::int AS pending, (SELECT count(*) FROM case_templates)::int AS templates,
        (SELECT count(*) FROM outbox_events)::int AS events, (SELECT count(*) FROM audit_events WHERE outcome = 'SUCCESS')::int AS audits`)
    )[0];

  beforeAll(async () => {
    api = await startApi();
    police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    coordinator = (await api.signedIn(police, [Role.COORDINATOR])).token;
    admin = (await api.signedIn(police, [Role.ADMIN])).token;
  });
  afterAll(async () => {
    await api.stop();
  });

  it('ships a template for every case type, in Polish and English; PRIORITY_PLAN is the six-month priority plan', async () => {
    const pl = (await api.gql<{ caseTemplates: Template[] }>(LIST, {}, { token: coordinator })).data!.caseTemplates;
    expect(pl.map((t) => [t.caseType, t.version])).toEqual(
      expect.arrayContaining([['SOCIAL_TENSION', 1], ['LOCAL_CONFLICT', 1], ['CRISIS', 1], ['PUBLIC_NUISANCE', 1], ['PRIORITY_PLAN', 1]]),
    );
    for (const t of pl) expect(t.actions.length + t.tasks.length + t.indicators.length).toBeGreaterThan(5);
    const plan = pl.find((t) => t.caseType === 'PRIORITY_PLAN')!;
    expect(plan.summary).toMatch(/zarządzenie nr 5 Komendanta Głównego Policji z 2016/);
    expect(plan.actions.map((a) => a.key)).toEqual(['diagnosis', 'partners', 'patrols', 'prevention', 'evaluation']);
    expect(plan.tasks.find((t) => t.key === 'evaluation')).toMatchObject({ dueInDays: 182, actionKey: 'evaluation' });
    expect(plan.indicators.find((i) => i.code === 'SAFE_AFTER_DARK')?.name).toBe('Odsetek mieszkańców czujących się bezpiecznie po zmroku');
    const english = await api.fixtures.user(police, [Role.COORDINATOR], { locale: 'en' });
    const en = await priorityPlan((await api.login(english.email)).accessToken);
    expect(en.actions[0]!.title).toBe('Diagnosis of the threat');
    expect(en.indicators.find((i) => i.code === 'SAFE_AFTER_DARK')?.name).toBe('Residents feeling safe after dark');
  });

  describe('who may read and edit', () => {
    const reading: [Role, string | null][] = [
      [Role.COORDINATOR, null],
      [Role.ADMIN, null],
      [Role.STAFF, 'FORBIDDEN'],
      [Role.PARTNER, 'FORBIDDEN'],
      [Role.ANALYST, 'FORBIDDEN'],
      [Role.AUDITOR, 'FORBIDDEN'],
    ];
    it.each(reading)('%s reading the templates: %s', async (role, refusal) => {
      const token = (await api.signedIn(police, [role])).token;
      const response = await api.gql<{ caseTemplates: Template[] }>(LIST, {}, { token });
      if (refusal) expect(errorCode(response)).toBe(refusal);
      else expect(response.data!.caseTemplates).toHaveLength(5);
    });

    it.each([Role.COORDINATOR, Role.STAFF, Role.PARTNER, Role.ANALYST, Role.AUDITOR])('%s may not edit a template, and nothing is written', async (role) => {
      const token = (await api.signedIn(police, [role])).token;
      const before = await counts();
      expect(errorCode(await api.gql(SAVE, { input: asInput(await priorityPlan(admin)) }, { token }))).toBe('FORBIDDEN');
      expect(await counts()).toEqual(before);
    });

    it('refuses anyone not signed in', async () => {
      expect(errorCode(await api.gql(LIST, {}))).toBe('UNAUTHENTICATED');
      expect(errorCode(await api.gql(SAVE, { input: asInput(await priorityPlan(admin)) }))).toBe('UNAUTHENTICATED');
    });
  });

  it('opens a case with the ticked items only: actions, tasks for the lead (proposed, due from today), waiting tasks for other kinds, indicators; audited', async () => {
    const plan = await priorityPlan();
    const before = await counts();
    const choice = { templateId: plan.id, actionKeys: ['diagnosis', 'patrols', 'evaluation'], taskKeys: ['diagnosis-goal', 'partner-roles', 'guard-patrols', 'evaluation'], indicatorCodes: ['SAFE_AFTER_DARK'] };
    const response = await api.gql<{ openCase: Opened }>(OPEN, { input: caseInput('PRIORITY_PLAN', choice) }, { token: coordinator });
    expect(response.errors).toBeUndefined();
    const opened = response.data!.openCase;
    const today = todayInWarsaw();
    expect(opened.openedFromTemplate).toEqual({ caseType: 'PRIORITY_PLAN', version: 1 });

    const actions = await api.dataSource.query(`SELECT id, title, kind, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, lead_organisation_id FROM actions WHERE case_id = $1 ORDER BY starts_on, title`, [opened.id]);
    expect(actions.map((a: { title: string }) => a.title)).toEqual(['Diagnoza zagrożenia', 'Wzmożone obchody w miejscu zagrożenia', 'Ocena realizacji planu']);
    expect(actions[2]).toMatchObject({ starts_on: addDays(today, 168), ends_on: addDays(today, 182), lead_organisation_id: police.id });

    const tasks = await api.dataSource.query(
      `SELECT t.title, t.status, t.organisation_id, t.assignee_id, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.effort_points, a.title AS action FROM tasks t LEFT JOIN actions a ON a.id = t.action_id WHERE t.case_id = $1 ORDER BY t.due_date`,
      [opened.id],
    );
    expect(tasks).toEqual([
      { title: 'Opisanie zagrożenia i celu planu', status: 'PROPOSED', organisation_id: police.id, assignee_id: null, due_date: addDays(today, 14), effort_points: 3, action: 'Diagnoza zagrożenia' },
      // Its action ("partners") was unticked: the task stands on its own.
      { title: 'Wskazanie partnerów i ich zadań', status: 'PROPOSED', organisation_id: police.id, assignee_id: null, due_date: addDays(today, 21), effort_points: 2, action: null },
      { title: 'Ocena skuteczności planu i sprawozdanie końcowe', status: 'PROPOSED', organisation_id: police.id, assignee_id: null, due_date: addDays(today, 182), effort_points: 3, action: 'Ocena realizacji planu' },
    ]);
    // The municipal guard is not on the case: its task waits for one.
    expect(opened.pendingTemplateTasks).toEqual([{ key: 'guard-patrols', title: 'Wspólne patrole ze strażą miejską', organisationKind: 'MUNICIPAL_GUARD', dueDate: addDays(today, 60), effortPoints: 3 }]);

    const indicators = await api.dataSource.query(`SELECT code, baseline_value, target_value, to_char(target_date, 'YYYY-MM-DD') AS target_date FROM indicators WHERE case_id = $1`, [opened.id]);
    expect(indicators).toEqual([{ code: 'SAFE_AFTER_DARK', baseline_value: 50, target_value: 65, target_date: addDays(today, 182) }]);

    expect(await counts()).toEqual({ ...before, cases: before.cases + 1, actions: before.actions + 3, tasks: before.tasks + 3, indicators: before.indicators + 1, pending: before.pending + 1, events: expect.any(Number), audits: expect.any(Number) });
    const audited = await api.dataSource.query(
      `SELECT action, count(*)::int AS n FROM audit_events WHERE action IN ('case.open', 'action.plan', 'task.create', 'task.pending', 'indicator.define') AND (entity_id = $1::text OR entity_id IN (SELECT id::text FROM actions WHERE case_id = $1::uuid UNION SELECT id::text FROM tasks WHERE case_id = $1::uuid UNION SELECT id::text FROM indicators WHERE case_id = $1::uuid UNION SELECT id::text FROM case_pending_tasks WHERE case_id = $1::uuid)) GROUP BY action ORDER BY action`,
      [opened.id],
    );
    expect(audited).toEqual([
      { action: 'action.plan', n: 3 },
      { action: 'case.open', n: 1 },
      { action: 'indicator.define', n: 1 },
      { action: 'task.create', n: 3 },
      { action: 'task.pending', n: 1 },
    ]);
    const events = await api.dataSource.query(`SELECT type, count(*)::int AS n FROM outbox_events WHERE payload->>'caseId' = $1::text GROUP BY type ORDER BY type`, [opened.id]);
    expect(events).toEqual([
      { type: 'action.planned', n: 3 },
      { type: 'case.opened', n: 1 },
      { type: 'indicator.defined', n: 1 },
      { type: 'task.created', n: 3 },
    ]);
  });

  it('opens a case with everything unticked, or without a template, creating only the case', async () => {
    const plan = await priorityPlan();
    const none = await api.gql<{ openCase: Opened }>(OPEN, { input: caseInput('PRIORITY_PLAN', { templateId: plan.id, actionKeys: [], taskKeys: [], indicatorCodes: [] }) }, { token: coordinator });
    const without = await api.gql<{ openCase: Opened }>(OPEN, { input: caseInput('PRIORITY_PLAN') }, { token: coordinator });
    expect(none.data!.openCase.openedFromTemplate).toEqual({ caseType: 'PRIORITY_PLAN', version: 1 });
    expect(without.data!.openCase.openedFromTemplate).toBeNull();
    for (const opened of [none.data!.openCase, without.data!.openCase]) {
      const [row] = await api.dataSource.query('SELECT (SELECT count(*) FROM actions WHERE case_id = $1)::int + (SELECT count(*) FROM tasks WHERE case_id = $1)::int + (SELECT count(*) FROM indicators WHERE case_id = $1)::int AS n', [opened.id]);
      expect(row.n).toBe(0);
      expect(opened.pendingTemplateTasks).toEqual([]);
    }
  });

  it('applies a template in as many statements for every item as for one', async () => {
    const plan = await priorityPlan();
    const one = { templateId: plan.id, actionKeys: ['diagnosis'], taskKeys: ['diagnosis-goal'], indicatorCodes: ['SAFE_AFTER_DARK'] };
    const all = { templateId: plan.id, actionKeys: plan.actions.map((a) => a.key), taskKeys: plan.tasks.filter((t) => !t.organisationKind).map((t) => t.key), indicatorCodes: plan.indicators.map((i) => i.code) };
    const small = await api.countQueries(() => api.gql(OPEN.replace(' openedFromTemplate { caseType version } pendingTemplateTasks { key title organisationKind dueDate effortPoints }', ''), { input: caseInput('PRIORITY_PLAN', one) }, { token: coordinator }));
    const large = await api.countQueries(() => api.gql(OPEN.replace(' openedFromTemplate { caseType version } pendingTemplateTasks { key title organisationKind dueDate effortPoints }', ''), { input: caseInput('PRIORITY_PLAN', all) }, { token: coordinator }));
    expect(all.actionKeys.length + all.taskKeys.length).toBeGreaterThan(8);
    expect(small.result.errors).toBeUndefined();
    expect(large.result.errors).toBeUndefined();
    expect(large.count).toBe(small.count);
  });

  describe('refuses a bad choice on opening, and writes nothing', () => {
    const cases: [string, (plan: Template, crisis: Template) => unknown, string][] = [
      ['an item the template lacks', (plan) => ({ templateId: plan.id, actionKeys: ['diagnosis', 'no-such-action'], taskKeys: [], indicatorCodes: [] }), 'TEMPLATE_UNKNOWN_ITEM'],
      ['an indicator the template lacks', (plan) => ({ templateId: plan.id, actionKeys: [], taskKeys: [], indicatorCodes: ['OFFICER_RATING'] }), 'TEMPLATE_UNKNOWN_ITEM'],
      ['the template of another case type', (_plan, crisis) => ({ templateId: crisis.id, actionKeys: [], taskKeys: [], indicatorCodes: [] }), 'TEMPLATE_CASE_TYPE'],
      ['a key of the wrong shape', (plan) => ({ templateId: plan.id, actionKeys: ['Diagnosis!'], taskKeys: [], indicatorCodes: [] }), 'INPUT_INVALID'],
      ['a repeated key', (plan) => ({ templateId: plan.id, actionKeys: ['diagnosis', 'diagnosis'], taskKeys: [], indicatorCodes: [] }), 'INPUT_INVALID'],
    ];
    it.each(cases)('%s', async (_name, choice, reason) => {
      const plan = await priorityPlan();
      const crisis = (await api.gql<{ caseTemplates: Template[] }>(LIST, { caseType: 'CRISIS' }, { token: coordinator })).data!.caseTemplates[0]!;
      const before = await counts();
      const response = await api.gql(OPEN, { input: caseInput('PRIORITY_PLAN', choice(plan, crisis)) }, { token: coordinator });
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors![0]!.extensions!['reason']).toBe(reason);
      expect(await counts()).toEqual(before);
    });

    it('an unknown template is NOT_FOUND', async () => {
      const before = await counts();
      const response = await api.gql(OPEN, { input: caseInput('PRIORITY_PLAN', { templateId: '00000000-0000-4000-8000-000000000000', actionKeys: [], taskKeys: [], indicatorCodes: [] }) }, { token: coordinator });
      expect(errorCode(response)).toBe('NOT_FOUND');
      expect(await counts()).toEqual(before);
    });
  });

  describe('editing: each save is the next version', () => {
    it('saves a new version that later cases open with; cases opened before keep theirs; a stale edit is CONFLICT', async () => {
      const v1 = (await api.gql<{ caseTemplates: Template[] }>(LIST, { caseType: 'LOCAL_CONFLICT' }, { token: admin })).data!.caseTemplates[0]!;
      const earlier = (await api.gql<{ openCase: Opened }>(OPEN, { input: caseInput('LOCAL_CONFLICT', { templateId: v1.id, actionKeys: ['mediation'], taskKeys: [], indicatorCodes: [] }) }, { token: coordinator })).data!.openCase;

      const extra = { key: 'school-talk', titlePl: 'Rozmowa w szkole', titleEn: 'Talk at the school', descriptionPl: '', descriptionEn: '', dueInDays: 10, effortPoints: 1, organisationKind: 'SCHOOL', actionKey: null };
      const input = asInput(v1);
      const saved = await api.gql<{ saveCaseTemplate: Template }>(SAVE, { input: { ...input, tasks: [...input.tasks, extra] } }, { token: admin });
      expect(saved.errors).toBeUndefined();
      expect(saved.data!.saveCaseTemplate).toMatchObject({ caseType: 'LOCAL_CONFLICT', version: 2, summary: 'Zmieniony szablon' });
      expect(saved.data!.saveCaseTemplate.tasks.map((t) => t.key)).toEqual([...v1.tasks.map((t) => t.key), 'school-talk']);

      const latest = (await api.gql<{ caseTemplates: Template[] }>(LIST, { caseType: 'LOCAL_CONFLICT' }, { token: coordinator })).data!.caseTemplates;
      expect(latest.map((t) => t.version)).toEqual([2]);
      const all = (await api.gql<{ caseTemplates: Template[] }>(LIST, { caseType: 'LOCAL_CONFLICT', allVersions: true }, { token: coordinator })).data!.caseTemplates;
      expect(all.map((t) => [t.version, t.tasks.length])).toEqual([[1, v1.tasks.length], [2, v1.tasks.length + 1]]);

      const later = (await api.gql<{ openCase: Opened }>(OPEN, { input: caseInput('LOCAL_CONFLICT', { templateId: latest[0]!.id, actionKeys: [], taskKeys: ['school-talk'], indicatorCodes: [] }) }, { token: coordinator })).data!.openCase;
      expect(later.openedFromTemplate).toEqual({ caseType: 'LOCAL_CONFLICT', version: 2 });
      expect(later.pendingTemplateTasks.map((t) => t.key)).toEqual(['school-talk']);
      const again = await api.gql<{ case: Opened }>('query($id: ID!) { case(id: $id) { id openedFromTemplate { caseType version } pendingTemplateTasks { key } } }', { id: earlier.id }, { token: coordinator });
      expect(again.data!.case.openedFromTemplate).toEqual({ caseType: 'LOCAL_CONFLICT', version: 1 });

      const audit = await api.dataSource.query(`SELECT changes FROM audit_events WHERE action = 'case-template.save' AND entity_id = $1`, [saved.data!.saveCaseTemplate.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0].changes.version).toEqual({ before: 1, after: 2 });

      const before = await counts();
      const stale = await api.gql(SAVE, { input }, { token: admin });
      expect(errorCode(stale)).toBe('CONFLICT');
      expect(await counts()).toEqual(before);
    });

    const bad: [string, (input: ReturnType<typeof asInput>) => unknown, string][] = [
      ['a repeated action key', (i) => ({ ...i, actions: [...i.actions, i.actions[0]] }), 'TEMPLATE_DUPLICATE_KEY'],
      ['a task naming a missing action', (i) => ({ ...i, tasks: [{ ...(i.tasks[0] as object), actionKey: 'nowhere' }] }), 'TEMPLATE_ACTION_KEY'],
      ['an action ending before it starts', (i) => ({ ...i, actions: [{ ...(i.actions[0] as object), startDay: 30, endDay: 10 }] }), 'TEMPLATE_ACTION_DAYS'],
      ['an indicator not in the catalogue', (i) => ({ ...i, indicators: [{ code: 'HAPPINESS_INDEX', baselineValue: 1, targetValue: 2, targetInDays: 30 }] }), 'INDICATOR_UNKNOWN_CODE'],
      ['a negative number of days', (i) => ({ ...i, tasks: [{ ...(i.tasks[0] as object), dueInDays: -3 }] }), 'INPUT_INVALID'],
      ['too much effort', (i) => ({ ...i, tasks: [{ ...(i.tasks[0] as object), effortPoints: 99 }] }), 'INPUT_INVALID'],
      ['an empty title', (i) => ({ ...i, actions: [{ ...(i.actions[0] as object), titlePl: '' }] }), 'INPUT_INVALID'],
      ['a key with spaces', (i) => ({ ...i, tasks: [{ ...(i.tasks[0] as object), key: 'two words' }] }), 'INPUT_INVALID'],
    ];
    it.each(bad)('refuses %s and writes nothing', async (_name, change, reason) => {
      const current = (await api.gql<{ caseTemplates: Template[] }>(LIST, { caseType: 'CRISIS' }, { token: admin })).data!.caseTemplates[0]!;
      const before = await counts();
      const response = await api.gql(SAVE, { input: change(asInput(current)) }, { token: admin });
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors![0]!.extensions!['reason']).toBe(reason);
      expect(await counts()).toEqual(before);
    });
  });
});
