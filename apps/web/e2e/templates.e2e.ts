import { eventually } from '@cg/server/testing';
import { DEMO, expectClean, label, t, UI_TIMEOUT, visited, type Lang } from './support/browser';
import { journey, settled } from './support/journey';

/**
 * Issue 16, item 3, case-type templates:
 *  - the police coordinator opens a PRIORITY_PLAN case from the list, unticks one action and one task of the template,
 *    and finds the template's other actions and tasks on the case's page (the municipal guard's task waiting for a
 *    partner of that kind); in Polish, and the form in English;
 *  - the administrator edits the LOCAL_CONFLICT template and saves it as version 2.
 * Screenshots: test-output/screenshots/templates-<page>-<lang>.png.
 */
describe('case-type templates', () => {
  const j = journey();

  it('opens a priority plan from its template and finds its actions and tasks on the case page', async () => {
    const lang: Lang = 'pl';
    const coordinator = await j.signedInAs(lang, DEMO.coordinator);
    const page = coordinator.page;
    await page.goto(`${j.stack.origin}/cases`);
    await page.getByRole('link', { name: t(lang, 'templates:openCase') }).click();
    await page.waitForURL((url) => url.pathname === '/cases/new');
    await page.getByRole('heading', { level: 1, name: t(lang, 'templates:open.title') }).waitFor();

    const title = 'Plan priorytetowy: kradzieże rowerów przy dworcu PKP';
    await page.getByLabel(label(lang, 'templates:open.caseTitle')).fill(title);
    await page.getByLabel(label(lang, 'cases:fields.type')).selectOption('PRIORITY_PLAN');
    await page.getByLabel(label(lang, 'cases:fields.district')).fill('Centrum');
    await page.getByLabel(label(lang, 'templates:open.what')).fill('Kradzieże rowerów ze stojaków przy dworcu, wieczorami.');
    const choice = page.getByRole('region', { name: t(lang, 'templates:choice.title') });
    await choice.getByRole('checkbox', { name: 'Diagnoza zagrożenia' }).waitFor();
    // Every item starts ticked; the coordinator leaves out prevention and the three-month report.
    expect(await choice.getByRole('checkbox').evaluateAll((boxes) => boxes.every((box) => (box as HTMLInputElement).checked))).toBe(true);
    await choice.getByRole('checkbox', { name: 'Działania profilaktyczne z partnerami' }).uncheck();
    await choice.getByRole('checkbox', { name: 'Informacja o realizacji planu po trzech miesiącach' }).uncheck();
    await visited(coordinator, 'templates', 'open-case');
    await page.getByRole('button', { name: t(lang, 'templates:open.submit') }).click();

    await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: UI_TIMEOUT });
    const opened = await j.stack.one<{ id: string; version: number }>('SELECT c.id, t.version FROM cases c JOIN case_templates t ON t.id = c.template_id WHERE c.title = $1', [title]);
    expect(opened.version).toBe(1);
    const actions = page.locator('#case-actions');
    for (const heading of ['Diagnoza zagrożenia', 'Uzgodnienie działań z partnerami', 'Wzmożone obchody w miejscu zagrożenia', 'Ocena realizacji planu']) {
      await actions.getByRole('heading', { name: heading }).waitFor();
    }
    expect(await actions.getByRole('heading', { name: 'Działania profilaktyczne z partnerami' }).count()).toBe(0);
    await actions.getByRole('cell', { name: 'Ocena skuteczności planu i sprawozdanie końcowe' }).waitFor();
    await actions.getByRole('cell', { name: 'Opisanie zagrożenia i celu planu' }).waitFor();
    expect(await actions.getByRole('cell', { name: 'Informacja o realizacji planu po trzech miesiącach' }).count()).toBe(0);
    await actions.getByRole('region', { name: t(lang, 'templates:pending.title') }).getByText(/Wspólne patrole ze strażą miejską/).waitFor();
    // Six tasks less the unticked report, less the municipal guard's (waiting): four; five actions less prevention.
    expect(await j.stack.one<{ tasks: number; actions: number }>('SELECT (SELECT count(*) FROM tasks WHERE case_id = $1)::int AS tasks, (SELECT count(*) FROM actions WHERE case_id = $1)::int AS actions', [opened.id])).toEqual({ tasks: 4, actions: 4 });
    await settled(page);
    await actions.scrollIntoViewIfNeeded();
    await visited(coordinator, 'templates', 'case-page');
    expectClean(coordinator);

    // The same form in English: the template in English.
    const en = await j.signedInAs('en', DEMO.coordinator);
    await en.page.goto(`${j.stack.origin}/cases/new`);
    await en.page.getByRole('heading', { level: 1, name: t('en', 'templates:open.title') }).waitFor();
    await en.page.getByRole('region', { name: t('en', 'templates:choice.title') }).getByRole('checkbox', { name: 'Diagnosis of the threat' }).waitFor();
    await visited(en, 'templates', 'open-case');
    expectClean(en);
  });

  it('the administrator edits a template and saves it as its next version', async () => {
    for (const lang of ['pl', 'en'] as const) {
      const admin = await j.signedInAs(lang, 'admin@commonground.test');
      const page = admin.page;
      await page.goto(`${j.stack.origin}/administration/templates`);
      await page.getByLabel(label(lang, 'templates:admin.type')).selectOption('LOCAL_CONFLICT');
      const before = (await j.stack.one<{ version: number }>(`SELECT max(version)::int AS version FROM case_templates WHERE case_type = 'LOCAL_CONFLICT'`)).version;
      const task = page.locator('[data-template-task="hear-sides"]');
      const newTitle = lang === 'pl' ? 'Rozmowy z każdą ze stron osobno, w ciągu tygodnia' : 'Rozmowy ze stronami (wersja angielskiego testu)';
      await task.getByLabel(label(lang, 'templates:admin.titlePl')).fill(newTitle);
      await task.getByLabel(label(lang, 'templates:admin.dueInDays')).fill('5');
      await visited(admin, 'templates', 'admin-edit');
      await page.getByRole('button', { name: t(lang, 'templates:admin.save', { version: before + 1 }) }).click();
      await page.getByRole('status').getByText(t(lang, 'templates:admin.saved', { version: before + 1 })).waitFor({ timeout: UI_TIMEOUT });
      await eventually('the new version stored', async () => {
        const rows = await j.stack.sql<{ version: number; task: { titlePl: string; dueInDays: number } }>(
          `SELECT version, (SELECT x FROM jsonb_array_elements(items->'tasks') x WHERE x->>'key' = 'hear-sides') AS task FROM case_templates WHERE case_type = 'LOCAL_CONFLICT' ORDER BY version`,
        );
        return rows.length === before + 1 && rows[before]!.task.titlePl === newTitle && rows[before]!.task.dueInDays === 5 && rows[0]!.task.titlePl === 'Rozmowy z każdą ze stron osobno';
      }, UI_TIMEOUT);
      expectClean(admin);
    }
  });
});
