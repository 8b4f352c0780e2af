import type { Locator, Page } from 'playwright-core';
import { eventually } from '@cg/server/testing';
import { checkAccessibility, DEMO, expectClean, label, screenshot, signIn, t, UI_TIMEOUT, visited, type Lang, type Session } from './support/browser';
import { journey, settled } from './support/journey';

/**
 * Issue 13, journeys 1, 2 and 8 for tasks and workload, on the Piaski case, as the people would do them:
 *  1. the police coordinator (KPP Legionowo) asks the social services (MOPS) to take a task on; their coordinator
 *     declines it with a reason, which the requester reads on the task; a second request is accepted and assigned;
 *  2. the police coordinator assigns his neighbourhood officer past her weekly capacity: the refusal shows her load,
 *     the task's effort, her capacity and the overage; he overrides it with a reason, and the workload page shows
 *     her over capacity by the new figure;
 *  8. the tasks page, a task page, a case's tasks page and the workload page, in Polish and in English: axe on each
 *     (no serious or critical violation), each photographed (test-output/screenshots/tasks-<page>-<lang>.png).
 */
describe('tasks across organisations and the workload guard', () => {
  const j = journey();
  let piaski: { id: string; title: string; reference: string };
  let coordinator: Session;
  let mops: Session;
  const MOPS_NAME = 'Miejski Ośrodek Pomocy Społecznej w Legionowie';
  const OFFICER_NAME = 'asp. Anna Wiśniewska (dzielnicowa)';
  const FIRST = 'Indywidualne konsultacje dla seniorów z bloku 44';
  const DECLINE = 'Konsultacje indywidualne prowadzi Zespół Interdyscyplinarny; prosimy o zgłoszenie przez jego sekretariat.';
  const SECOND = 'Informacja o ofercie ośrodka na spotkaniu w klubie seniora';
  const OVER = 'Dodatkowy dyżur dzielnicowej przy garażach w piątek';
  const OVERRIDE = 'Tylko dzielnicowa zna liderów grupy; inne zadania przesuwamy na przyszły tydzień.';
  let overTaskId = '';

  const region = (page: Page, lang: Lang, key: string): Locator => page.getByRole('region', { name: t(lang, key) });
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** The whole number in a figure such as "18 pkt" or "18 of 16 pts". */
  const numbers = async (locator: Locator): Promise<number[]> => ((await locator.innerText()).replace(/\s(?=\d{3})/g, '').match(/\d+/g) ?? []).map(Number);

  beforeAll(async () => {
    piaski = await j.stack.one<{ id: string; title: string; reference: string }>(`SELECT id, title, reference FROM cases WHERE title LIKE 'Napięcia%'`);
  });

  /** From the case page to its tasks page, through the link in its header. */
  async function caseTasks(s: Session, lang: Lang): Promise<Locator> {
    await s.page.goto(`${j.stack.origin}/cases/${piaski.id}`);
    await s.page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    await s.page.getByRole('link', { name: t(lang, 'casePage:header.tasks') }).click();
    await s.page.waitForURL((url) => url.pathname === `/cases/${piaski.id}/tasks`);
    const panel = region(s.page, lang, 'tasks:case.title');
    await panel.getByRole('table', { name: t(lang, 'tasks:case.otherTasks') }).waitFor();
    return panel;
  }

  /** A new task on the case's tasks page: for `organisation` (a request when not mine), optionally naming who. */
  async function newTask(s: Session, lang: Lang, panel: Locator, task: { title: string; description: string; organisation?: string; assignee?: string; effort: number }): Promise<Locator> {
    await panel.getByRole('button', { name: t(lang, 'tasks:create.open'), exact: true }).click();
    const form = panel.getByRole('region', { name: t(lang, 'tasks:create.title') });
    await form.getByLabel(label(lang, 'tasks:field.title')).fill(task.title);
    await form.getByLabel(label(lang, 'tasks:field.description')).fill(task.description);
    if (task.organisation) await form.getByLabel(label(lang, 'tasks:create.organisation')).selectOption({ label: task.organisation });
    if (task.assignee) await form.getByLabel(label(lang, 'tasks:field.assignee')).selectOption({ label: task.assignee });
    await form.getByLabel(label(lang, 'tasks:field.effort')).fill(String(task.effort));
    return form;
  }

  /** The task's row in the case's list of tasks outside an action, waited for. */
  async function rowOf(panel: Locator, lang: Lang, title: string): Promise<Locator> {
    const row = panel.getByRole('table', { name: t(lang, 'tasks:case.otherTasks') }).getByRole('row').filter({ has: panel.page().getByRole('link', { name: title, exact: true }) });
    await row.waitFor();
    return row;
  }

  /** MOPS's coordinator's requests waiting for an answer, read afresh; the one titled `title`, waited for. */
  async function requestOf(title: string): Promise<Locator> {
    await mops.page.goto(`${j.stack.origin}/tasks`);
    const requests = region(mops.page, 'pl', 'tasks:requests.title');
    const request = requests.getByRole('article', { name: title });
    await request.waitFor();
    return request;
  }

  it('1. a request to another organisation: declined with a reason the requester reads, then a second one accepted and assigned', async () => {
    const lang: Lang = 'pl';
    coordinator = await j.open({ lang });
    await signIn(coordinator, j.stack.origin, DEMO.coordinator, '/');
    const page = coordinator.page;
    let panel = await caseTasks(coordinator, lang);
    await settled(page);
    await visited(coordinator, 'tasks', 'case-tasks');

    // The request to MOPS (a participant of the case): the form says it becomes a request.
    const form = await newTask(coordinator, lang, panel, { title: FIRST, description: 'Rozmowy o poczuciu bezpieczeństwa i wsparciu w codziennych sprawach.', organisation: MOPS_NAME, effort: 2 });
    await form.getByText(t(lang, 'tasks:create.requestNote')).waitFor();
    await visited(coordinator, 'tasks', 'case-tasks-request');
    await form.getByRole('button', { name: t(lang, 'tasks:create.submitRequest') }).click();
    const firstRow = await rowOf(panel, lang, FIRST);
    await firstRow.getByText(t(lang, 'tasks:status.PROPOSED')).waitFor();
    const first = await j.stack.one<{ id: string; status: string; organisation: string }>(
      `SELECT t.id, t.status, o.code AS organisation FROM tasks t JOIN organisations o ON o.id = t.organisation_id WHERE t.title = $1`,
      [FIRST],
    );
    expect(first).toMatchObject({ status: 'PROPOSED', organisation: 'MOPS' });

    // MOPS's coordinator finds it among the requests to her organisation and declines it with a reason.
    mops = await j.open({ lang });
    await signIn(mops, j.stack.origin, 'e.jankowska@mops-legionowo.test', '/');
    await mops.page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.tasks') }).click();
    let request = region(mops.page, lang, 'tasks:requests.title').getByRole('article', { name: FIRST });
    await request.waitFor();
    await settled(mops.page);
    await visited(mops, 'tasks', 'requests');
    await request.getByRole('button', { name: t(lang, 'tasks:respond.decline') }).click();
    // No reason, no decline: the form says so before anything is sent.
    await request.getByRole('button', { name: t(lang, 'tasks:respond.confirmDecline') }).click();
    await request.getByText(t(lang, 'tasks:respond.reasonRequired')).waitFor();
    await request.getByLabel(label(lang, 'tasks:respond.reason')).fill(DECLINE);
    await request.getByRole('button', { name: t(lang, 'tasks:respond.confirmDecline') }).click();
    // Answered, it leaves the list.
    await eventually('the request answered and gone from the list', async () => (await request.count()) === 0, UI_TIMEOUT);
    expect(await j.stack.one<{ status: string; decline_reason: string }>('SELECT status, decline_reason FROM tasks WHERE id = $1', [first.id])).toEqual({ status: 'DECLINED', decline_reason: DECLINE });

    // The requester reads the reason on the task, reached from the case's list.
    panel = await caseTasks(coordinator, lang);
    await (await rowOf(panel, lang, FIRST)).getByRole('link', { name: FIRST }).click();
    await page.waitForURL((url) => url.pathname === `/tasks/${first.id}`);
    await page.getByRole('heading', { level: 1, name: FIRST }).waitFor();
    const reason = page.getByTestId('decline-reason');
    await reason.getByText(t(lang, 'tasks:task.declined')).waitFor();
    await reason.getByText(DECLINE).waitFor();
    await visited(coordinator, 'tasks', 'task-declined');

    // A second request, for what MOPS offered to do instead: accepted, with the person who does it.
    panel = await caseTasks(coordinator, lang);
    const second = await newTask(coordinator, lang, panel, { title: SECOND, description: 'Krótka informacja o wsparciu dla seniorów, 15 minut na spotkaniu w czwartek.', organisation: MOPS_NAME, effort: 2 });
    await second.getByRole('button', { name: t(lang, 'tasks:create.submitRequest') }).click();
    await rowOf(panel, lang, SECOND);
    const secondId = (await j.stack.one<{ id: string }>('SELECT id FROM tasks WHERE title = $1', [SECOND])).id;

    request = await requestOf(SECOND);
    await request.getByLabel(label(lang, 'tasks:respond.assignee')).selectOption({ label: 'Joanna Wójcik' });
    await request.getByRole('button', { name: t(lang, 'tasks:respond.accept') }).click();
    await eventually('the second request answered and gone from the list', async () => (await request.count()) === 0, UI_TIMEOUT);
    const accepted = await j.stack.one<{ status: string; assignee: string }>('SELECT t.status, u.email AS assignee FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE t.id = $1', [secondId]);
    expect(accepted).toEqual({ status: 'ACCEPTED', assignee: 'j.wojcik@mops-legionowo.test' });

    // The requester sees it accepted and who does it.
    await page.goto(`${j.stack.origin}/tasks/${secondId}`);
    await page.getByRole('heading', { level: 1, name: SECOND }).waitFor();
    await page.getByText(t(lang, 'tasks:status.ACCEPTED'), { exact: true }).first().waitFor();
    await page.getByRole('definition').filter({ hasText: 'Joanna Wójcik' }).waitFor();
    expect(await page.getByTestId('decline-reason').count()).toBe(0);
    expectClean(coordinator, mops);
  });

  it('2. assigning past capacity shows load, effort, capacity and overage; the coordinator overrides with a reason; the workload page shows her over capacity', async () => {
    const lang: Lang = 'pl';
    const page = coordinator.page;
    const capacity = (await j.stack.one<{ weekly_capacity: number }>(`SELECT weekly_capacity FROM users WHERE email = $1`, [DEMO.officer])).weekly_capacity;

    // Her load as the workload page shows it now.
    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.workload') }).click();
    const officerRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: OFFICER_NAME }) });
    const bar = officerRow.getByTestId('load-bar');
    await bar.waitFor();
    const [loadBefore, capacityShown] = await numbers(bar.locator('p').first());
    expect(capacityShown).toBe(capacity);

    // A task for her, from the case's tasks page: the guard refuses it with the figures.
    const effort = 5;
    const panel = await caseTasks(coordinator, lang);
    const form = await newTask(coordinator, lang, panel, { title: OVER, description: 'Obecność przy garażach w piątek 19–22, rozmowa z liderami grupy.', assignee: OFFICER_NAME, effort });
    await form.getByRole('button', { name: t(lang, 'tasks:create.submit') }).click();
    const refusal = form.getByRole('alert').filter({ hasText: t(lang, 'tasks:capacity.title') });
    await refusal.waitFor();
    expect(await numbers(refusal.getByTestId('capacity-load'))).toEqual([loadBefore]);
    expect(await numbers(refusal.getByTestId('capacity-effort'))).toEqual([effort]);
    expect(await numbers(refusal.getByTestId('capacity-capacity'))).toEqual([capacity]);
    expect(await numbers(refusal.getByTestId('capacity-overage'))).toEqual([loadBefore! + effort - capacity]);
    await visited(coordinator, 'tasks', 'case-tasks-over-capacity');
    expect(await j.stack.sql('SELECT 1 FROM tasks WHERE title = $1', [OVER])).toHaveLength(0);

    // Created unassigned, its page offers the assignment; the guard answers again, now with the override.
    await refusal.getByRole('button', { name: t(lang, 'tasks:create.unassigned') }).click();
    await page.waitForURL((url) => /^\/tasks\/[0-9a-f-]{36}$/.test(url.pathname));
    overTaskId = new URL(page.url()).pathname.split('/')[2]!;
    await page.getByRole('heading', { level: 1, name: OVER }).waitFor();
    const assign = region(page, lang, 'tasks:assign.title');
    await assign.getByLabel(label(lang, 'tasks:assign.label')).selectOption({ label: OFFICER_NAME });
    await assign.getByRole('button', { name: t(lang, 'tasks:assign.submit') }).click();
    const again = assign.getByRole('alert').filter({ hasText: t(lang, 'tasks:capacity.title') });
    await again.getByText(t(lang, 'tasks:capacity.bodyNamed', { name: OFFICER_NAME })).waitFor();
    expect(await numbers(again.getByTestId('capacity-overage'))).toEqual([loadBefore! + effort - capacity]);
    // The override asks for its reason first.
    await again.getByRole('button', { name: t(lang, 'tasks:capacity.override') }).click();
    await again.getByText(t(lang, 'tasks:capacity.reasonRequired')).waitFor();
    await again.getByLabel(label(lang, 'tasks:capacity.overrideReason')).fill(OVERRIDE);
    await visited(coordinator, 'tasks', 'task-override');
    await again.getByRole('button', { name: t(lang, 'tasks:capacity.override') }).click();

    // Assigned, the reason shown on the task and kept with it.
    await page.getByTestId('override-reason').getByText(OVERRIDE).waitFor();
    await page.getByRole('definition').filter({ hasText: OFFICER_NAME }).waitFor();
    const stored = await j.stack.one<{ email: string; capacity_override_reason: string }>('SELECT u.email, t.capacity_override_reason FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE t.id = $1', [overTaskId]);
    expect(stored).toEqual({ email: DEMO.officer, capacity_override_reason: OVERRIDE });
    await settled(page);
    await visited(coordinator, 'tasks', 'task-assigned');

    // The workload page: over capacity, by the new figure, said in words as well as in red.
    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.workload') }).click();
    await bar.waitFor();
    await eventually('her load with the new task', async () => (await numbers(bar.locator('p').first()))[0] === loadBefore! + effort, UI_TIMEOUT);
    expect(await bar.getAttribute('data-over-capacity')).toBe('true');
    await bar.getByTestId('over-capacity').getByText(t(lang, 'workload:bar.over', { name: OFFICER_NAME, points: String(loadBefore! + effort - capacity) })).waitFor();
    await settled(page);
    await visited(coordinator, 'tasks', 'workload');
    expectClean(coordinator);
  });

  async function photograph(s: Session, name: string): Promise<void> {
    await settled(s.page);
    await checkAccessibility(s, `tasks/${name} (${s.lang})`);
    await screenshot(s, 'tasks', `${name}-page`);
  }

  it.each(['pl', 'en'] as const)('8. in %s: the tasks, task, case tasks and workload pages pass axe and are photographed', async (lang: Lang) => {
    // The officer's own tasks (the overridden one among them) and that task's page.
    const officer = await j.signedInAs(lang, DEMO.officer);
    let page = officer.page;
    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.tasks') }).click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'tasks:title') }).waitFor();
    const mine = page.getByRole('table', { name: t(lang, 'tasks:mine.title') });
    await mine.getByRole('link', { name: OVER }).waitFor();
    await photograph(officer, 'tasks');
    await mine.getByRole('link', { name: OVER }).click();
    await page.getByRole('heading', { level: 1, name: OVER }).waitFor();
    await page.getByTestId('override-reason').waitFor();
    await page.getByRole('group', { name: t(lang, 'tasks:move.group') }).waitFor();
    await photograph(officer, 'task');

    // The coordinator's pages: the case's tasks and the workload of his organisation.
    const coordinator = await j.signedInAs(lang, DEMO.coordinator);
    page = coordinator.page;
    await caseTasks(coordinator, lang);
    await page.getByRole('heading', { level: 1, name: t(lang, 'tasks:case.pageTitle', { reference: piaski.reference }) }).waitFor();
    await photograph(coordinator, 'case-tasks');
    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.workload') }).click();
    await page.getByRole('rowheader', { name: OFFICER_NAME }).waitFor();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${escape(t(lang, 'workload:title'))}`) }).waitFor();
    await photograph(coordinator, 'workload');
    expectClean(officer, coordinator);
  });
});
