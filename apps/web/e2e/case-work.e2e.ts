import type { Locator, Page } from 'playwright-core';
import { eventually } from '@cg/server/testing';
import { DEMO, expectClean, label, signIn, t, UI_TIMEOUT, visited, type Lang, type Session } from './support/browser';
import { journey } from './support/journey';

/**
 * Journeys 1–3 on one case, in order, as the people would do them:
 *  1. the coordinator signs in in Polish, opens the Jabłonna priority plan (in SCANNING) from the case list, reads its
 *     diagnosis, moves it to ANALYSIS, adds the Piaski association under its agreement, posts an AGENCIES update;
 *  3. meanwhile the neighbourhood officer, signed in elsewhere, sees the bell's count rise without a reload;
 *  2. the association's partner signs in, switches to English (kept on her profile), opens the case and sees neither
 *     the AGENCIES update nor any stakeholder's contact details, submits input; the coordinator reviews it; the
 *     partner sees the response.
 * Axe runs on every page visited and each is photographed (test-output/screenshots/).
 */
describe('working on a case together: coordinator, officer and NGO partner', () => {
  const j = journey();
  let plan: { id: string; title: string; reference: string; diagnosis_what: string };
  let coordinator: Session;
  let officer: Session;
  let partner: Session;
  const AGENCIES_UPDATE = 'Ustalenia z komisariatem: wzmożone patrole przy skwerze w piątki i soboty (tylko dla instytucji).';
  const INPUT = 'Residents of the square ask for more lighting and a bench area away from the playground.';
  const RESPONSE = 'Thank you: lighting is in the plan for next month; we will meet the residents on Thursday.';

  const region = (page: Page, lang: Lang, key: string): Locator => page.getByRole('region', { name: t(lang, key) });

  beforeAll(async () => {
    plan = await j.stack.one<{ id: string; title: string; reference: string; diagnosis_what: string }>(`SELECT id, title, reference, diagnosis_what FROM cases WHERE phase = 'SCANNING' AND title LIKE 'Plan działania%'`);
    expect(plan).toBeDefined();
  });

  it('1. the coordinator, in Polish: opens the case from the list, moves it to ANALYSIS, adds a partner under an agreement, posts an AGENCIES update; 3. the officer\'s bell counts it live', async () => {
    coordinator = await j.open({ lang: 'pl' });
    const page = coordinator.page;
    const lang: Lang = 'pl';
    await signIn(coordinator, j.stack.origin, DEMO.coordinator, '/');
    await page.getByRole('heading', { level: 1, name: t(lang, 'home:title') }).waitFor();
    await visited(coordinator, 'coordinator', 'start');

    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.cases') }).click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'cases:title') }).waitFor();
    const row = page.getByRole('link', { name: new RegExp(plan.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    await row.first().waitFor();
    await visited(coordinator, 'coordinator', 'cases');
    await row.first().click();

    await page.waitForURL((url) => url.pathname === `/cases/${plan.id}`);
    await page.getByRole('heading', { level: 1, name: plan.title }).waitFor();
    // Its diagnosis, as recorded.
    await region(page, lang, 'casePage:diagnosis.heading').getByText(plan.diagnosis_what).waitFor();
    await visited(coordinator, 'coordinator', 'case');

    // The officer is signed in elsewhere, her bell showing what she has now.
    officer = await j.open({ lang: 'pl' });
    await signIn(officer, j.stack.origin, DEMO.officer, '/');
    const bell = officer.page.getByTestId('notification-bell');
    await bell.waitFor();
    await eventually('the officer\'s bell to show its count', async () => /\d/.test((await bell.getAttribute('aria-label')) ?? ''), UI_TIMEOUT);
    const countOf = async () => Number(/(\d+)/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? NaN);
    const before = await countOf();

    // SCANNING → ANALYSIS.
    const analysis = t(lang, 'casePage:phase.ANALYSIS');
    await page.getByRole('button', { name: t(lang, 'casePage:lifecycle.forward', { phase: analysis }) }).click();
    await page.getByText(t(lang, 'casePage:lifecycle.moved', { phase: analysis })).waitFor();
    await eventually('the case in ANALYSIS', async () => (await j.stack.sql<{ phase: string }>('SELECT phase FROM cases WHERE id = $1', [plan.id]))[0]?.phase === 'ANALYSIS', UI_TIMEOUT);

    // The Piaski association joins under the agreement in force with the lead (KPP Legionowo).
    const participants = region(page, lang, 'casePage:participants.heading');
    await participants.getByRole('button', { name: t(lang, 'casePage:participants.add') }).click();
    const form = page.getByRole('form', { name: t(lang, 'casePage:participants.addTitle') });
    await form.getByRole('textbox', { name: t(lang, 'casePage:participants.organisation') }).click();
    await page.getByRole('option', { name: /Stowarzyszenie Sąsiedzkie „Piaski”/ }).click();
    await form.getByText(t(lang, 'casePage:participants.underAgreement')).waitFor();
    await visited(coordinator, 'coordinator', 'case-add-participant');
    await form.getByRole('button', { name: t(lang, 'casePage:participants.addSubmit') }).click();
    await page.getByText(t(lang, 'casePage:participants.added', { name: 'Stowarzyszenie Sąsiedzkie „Piaski”' })).waitFor();
    const joined = await j.stack.one<{ agreement_id: string | null; override_reason: string | null }>(
      `SELECT p.agreement_id, p.override_reason FROM case_participants p JOIN organisations o ON o.id = p.organisation_id WHERE p.case_id = $1 AND o.code = 'SSPIA'`,
      [plan.id],
    );
    expect(joined).toMatchObject({ agreement_id: expect.any(String), override_reason: null });

    // An update for public bodies only.
    const timeline = region(page, lang, 'caseWork:timeline.title');
    const post = timeline.getByRole('form', { name: t(lang, 'caseWork:timeline.post.title') });
    await post.getByLabel(label(lang, 'caseWork:timeline.post.body')).fill(AGENCIES_UPDATE);
    await post.getByRole('radio', { name: new RegExp(`^${t(lang, 'caseWork:visibility.AGENCIES.label')}`) }).check();
    await post.getByRole('button', { name: t(lang, 'caseWork:timeline.post.submit') }).click();
    const entry = timeline.getByRole('listitem').filter({ hasText: AGENCIES_UPDATE });
    await entry.waitFor();
    await entry.getByText(t(lang, 'caseWork:visibility.AGENCIES.label')).first().waitFor();
    const stored = await j.stack.one<{ visibility: string }>('SELECT visibility FROM case_updates WHERE case_id = $1 AND body = $2', [plan.id, AGENCIES_UPDATE]);
    expect(stored?.visibility).toBe('AGENCIES');
    await visited(coordinator, 'coordinator', 'case-after');

    // 3. The officer's bell rises without a reload (the worker fanned the update out; the subscription told her page).
    const loads: string[] = [];
    officer.page.on('framenavigated', (frame) => frame === officer.page.mainFrame() && loads.push(frame.url()));
    await eventually('a new notification in the officer\'s bell', async () => (await countOf()) > before, UI_TIMEOUT * 2);
    expect(loads).toEqual([]);
    await officer.page.getByRole('link', { name: t('pl', 'nav.notifications') }).first().click();
    await officer.page.getByRole('heading', { level: 1, name: t('pl', 'notifications:title') }).waitFor();
    // The inbox names the case (by its reference) in the notification of the new update.
    await officer.page.getByRole('main').getByText(plan.reference, { exact: false }).first().waitFor();
    await visited(officer, 'officer', 'notifications');
    expectClean(coordinator, officer);
  });

  it('2. the NGO partner, in English: no AGENCIES update, no contact details; submits input, the coordinator answers, she reads the answer', async () => {
    partner = await j.open({ lang: 'pl' });
    const page = partner.page;
    await signIn(partner, j.stack.origin, DEMO.partner, '/');
    // Her profile says Polish; she switches to English, and the choice is kept on her profile.
    await page.getByRole('group', { name: t('pl', 'language.label') }).getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t('en', 'home:title') }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await eventually('the language saved on her profile', async () => (await j.stack.sql<{ locale: string }>(`SELECT locale FROM users WHERE email = $1`, [DEMO.partner]))[0]?.locale === 'en', UI_TIMEOUT);
    const lang: Lang = 'en';
    partner.lang = lang;
    await visited(partner, 'partner', 'start');

    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.cases') }).click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'cases:title') }).waitFor();
    await page.getByRole('link', { name: new RegExp(plan.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
    await page.getByRole('heading', { level: 1, name: plan.title }).waitFor();

    // The timeline has loaded, without the AGENCIES update (nor any entry marked for public bodies).
    const timeline = region(page, lang, 'caseWork:timeline.title');
    await timeline.getByRole('form', { name: t(lang, 'caseWork:timeline.post.title') }).or(timeline.getByText(t(lang, 'caseWork:timeline.empty'))).or(timeline.getByRole('list')).first().waitFor();
    await timeline.getByRole('list', { name: t(lang, 'caseWork:timeline.list') }).or(timeline.getByText(t(lang, 'caseWork:timeline.empty'))).first().waitFor();
    expect(await page.getByText(AGENCIES_UPDATE).count()).toBe(0);
    expect(await timeline.getByRole('listitem').filter({ hasText: t(lang, 'caseWork:visibility.AGENCIES.label') }).count()).toBe(0);

    // Stakeholders by name and role; the page says contact details are not shared (no button to ask for them, since
    // the API says she may not read them), and none is on the page.
    const stakeholders = region(page, lang, 'caseWork:stakeholders.title');
    const names = await j.stack.sql<{ name: string; contact_details: string | null }>('SELECT name, contact_details FROM stakeholders WHERE case_id = $1 ORDER BY name', [plan.id]);
    expect(names.length).toBeGreaterThan(0);
    for (const s of names) await stakeholders.getByRole('rowheader', { name: s.name }).waitFor();
    await stakeholders.getByText(t(lang, 'caseWork:stakeholders.contacts.notShared')).waitFor();
    expect(await stakeholders.getByRole('button', { name: t(lang, 'caseWork:stakeholders.contacts.showFor', { name: names[0]!.name }) }).count()).toBe(0);
    const text = await page.locator('body').innerText();
    for (const s of names) if (s.contact_details) expect(text).not.toContain(s.contact_details);
    await visited(partner, 'partner', 'case');

    // Her input.
    const inputs = region(page, lang, 'caseWork:input.title');
    const submit = inputs.getByRole('form', { name: t(lang, 'caseWork:input.submit.title') });
    await submit.getByLabel(label(lang, 'caseWork:input.submit.kind')).selectOption({ label: t(lang, 'caseWork:inputKind.PROPOSAL') });
    await submit.getByLabel(label(lang, 'caseWork:input.submit.body')).fill(INPUT);
    await submit.getByRole('button', { name: t(lang, 'caseWork:input.submit.submit') }).click();
    await inputs.getByText(t(lang, 'caseWork:input.submit.done')).waitFor();
    await inputs.getByRole('listitem').filter({ hasText: INPUT }).waitFor();

    // The coordinator (in Polish) reviews it from the case page.
    const cpage = coordinator.page;
    await cpage.reload();
    const cInputs = region(cpage, 'pl', 'caseWork:input.title');
    const item = cInputs.getByRole('listitem').filter({ hasText: INPUT });
    await item.waitFor();
    await item.getByRole('button', { name: t('pl', 'caseWork:input.review.open', { kind: t('pl', 'caseWork:inputKind.PROPOSAL'), organisation: 'Stowarzyszenie Sąsiedzkie „Piaski”' }) }).click();
    const review = item.getByRole('form', { name: t('pl', 'caseWork:input.review.title') });
    await review.getByRole('radio', { name: t('pl', 'caseWork:decision.ACCEPT') }).check();
    await review.getByLabel(label('pl', 'caseWork:input.review.response')).fill(RESPONSE);
    await visited(coordinator, 'coordinator', 'case-review');
    await review.getByRole('button', { name: t('pl', 'caseWork:input.review.submit') }).click();
    await item.getByText(RESPONSE).waitFor();
    await eventually('the input accepted', async () => (await j.stack.sql<{ status: string }>('SELECT status FROM partner_inputs WHERE body = $1', [INPUT]))[0]?.status === 'ACCEPTED', UI_TIMEOUT);

    // The partner reads the answer on the case page.
    await page.reload();
    const answered = region(page, lang, 'caseWork:input.title').getByRole('listitem').filter({ hasText: INPUT });
    await answered.getByText(RESPONSE).waitFor();
    await answered.getByText(t(lang, 'caseWork:inputStatus.ACCEPTED')).waitFor();
    await visited(partner, 'partner', 'case-answered');
    expectClean(partner, coordinator);
  });
});
