import type { Locator, Page } from 'playwright-core';
import { eventually } from '@cg/server/testing';
import { checkAccessibility, DEMO, DEMO_PASSWORD, expectClean, label, screenshot, t, UI_TIMEOUT, visited, type Lang, type Session } from './support/browser';
import { journey, settled } from './support/journey';
import { pdfHasText, pdfText } from './support/pdf';

/**
 * Issue 13, journeys 5, 6, 7 and 8 for administration, the audit trail and the printed case report:
 *  5. the administrator creates a user, changes their capacity and deactivates them; the user's open session (another
 *     j.browser) ends without their doing anything: they are sent to the sign-in page, told why, and cannot sign in;
 *  6. the police coordinator reads a stakeholder's contact details on the Piaski case; the auditor finds that reading
 *     in the stakeholder's consultation log;
 *  7. the coordinator has posted an update for public bodies (AGENCIES); the case report printed to PDF by the Piaski
 *     association's partner holds the case reference and not that update (and the coordinator's own print does hold
 *     it, so the PDF's text is really read);
 *  8. the administration sections (webhooks as a coordinator sees them, the rest as the administrator), my profile,
 *     the audit trail and the case report, in Polish and in English: axe on each, each photographed
 *     (test-output/screenshots/admin-<page>-page-<lang>.png).
 */
describe('administration, the audit trail and the printed report', () => {
  const j = journey();
  let piaski: { id: string; title: string; reference: string };
  let coordinator: Session;
  const NEW_USER = { name: 'Zofia Kwiatkowska', email: 'z.kwiatkowska@kpp-legionowo.test' };
  const KPP = 'Komenda Powiatowa Policji w Legionowie';
  const AGENCIES_UPDATE = 'Ustalenia z prokuraturą w sprawie zgłoszeń z bloku 44 (tylko dla instytucji publicznych).';
  const SENIORS = 'Seniorzy z bloku 44';
  const SENIORS_CONTACT = 'p. Halina Nowicka, tel. 600 111 222';

  const region = (page: Page, lang: Lang, key: string): Locator => page.getByRole('region', { name: t(lang, key) });
  const nav = (page: Page, lang: Lang, key: string): Locator => page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, key) });

  beforeAll(async () => {
    piaski = await j.stack.one<{ id: string; title: string; reference: string }>(`SELECT id, title, reference FROM cases WHERE title LIKE 'Napięcia%'`);
  });

  /** A dialog at rest, faded in: axe measures colours as they are, and half-way through a fade they are paler. */
  async function atRest(page: Page): Promise<void> {
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.mantine-Modal-content')].every((el) => getComputedStyle(el).opacity === '1') &&
      document.getAnimations().every((a) => a.playState !== 'running' || !Number.isFinite(Number(a.effect?.getComputedTiming().endTime))),
    );
  }

  it('5. the administrator creates a user, changes their capacity and deactivates them; the user\'s open session ends', async () => {
    const lang: Lang = 'pl';
    const admin = await j.signedInAs(lang, 'admin@commonground.test');
    const page = admin.page;
    await nav(page, lang, 'nav.administration').click();
    await page.getByRole('navigation', { name: t(lang, 'admin:sections') }).getByRole('link', { name: t(lang, 'admin:users.nav') }).click();
    await page.waitForURL((url) => url.pathname === '/administration/users');
    await page.getByRole('heading', { level: 2, name: t(lang, 'admin:users.title') }).waitFor();

    // A new member of staff of KPP Legionowo, 12 points a week.
    const create = region(page, lang, 'admin:users.create');
    await create.getByLabel(label(lang, 'admin:users.displayName')).fill(NEW_USER.name);
    await create.getByLabel(label(lang, 'admin:users.email')).fill(NEW_USER.email);
    await create.getByLabel(label(lang, 'admin:users.organisation')).selectOption({ label: KPP });
    await create.getByLabel(label(lang, 'admin:users.capacity')).fill('12');
    await create.getByLabel(label(lang, 'admin:users.password')).fill(DEMO_PASSWORD);
    await visited(admin, 'admin', 'users-create');
    await create.getByRole('button', { name: t(lang, 'admin:users.submit'), exact: true }).click();
    await create.getByRole('status').getByText(t(lang, 'admin:users.created', { name: NEW_USER.name })).waitFor();
    const card = page.getByRole('listitem').filter({ hasText: NEW_USER.email });
    await card.getByText(t(lang, 'admin:users.active'), { exact: true }).waitFor();
    expect(await j.stack.one('SELECT roles, weekly_capacity, active FROM users WHERE email = $1', [NEW_USER.email])).toEqual({ roles: ['STAFF'], weekly_capacity: 12, active: true });

    // She signs in elsewhere, and reads her capacity on her profile.
    const user = await j.signedInAs(lang, NEW_USER.email);
    await nav(user.page, lang, 'nav.profile').click();
    await user.page.getByTestId('my-capacity').getByText(t(lang, 'profile:capacity.value', { points: '12' })).waitFor();

    // The administrator lowers it to 6: the profile says so when read again.
    await card.getByRole('button', { name: t(lang, 'admin:users.editOf', { name: NEW_USER.name }) }).click();
    const edit = card.getByRole('form', { name: t(lang, 'admin:users.editOf', { name: NEW_USER.name }) });
    await edit.getByLabel(label(lang, 'admin:users.capacity')).fill('6');
    await edit.getByRole('button', { name: t(lang, 'actions.save') }).click();
    await edit.waitFor({ state: 'detached' });
    await eventually('the capacity saved', async () => (await j.stack.one<{ weekly_capacity: number }>('SELECT weekly_capacity FROM users WHERE email = $1', [NEW_USER.email])).weekly_capacity === 6, UI_TIMEOUT);
    await card.getByText(t(lang, 'admin:users.summary', { roles: t(lang, 'admin:role.STAFF'), capacity: 6, locale: t(lang, 'admin:locale.pl') })).waitFor();
    await user.page.reload();
    await user.page.getByTestId('my-capacity').getByText(t(lang, 'profile:capacity.value', { points: '6' })).waitFor();

    // Deactivated, after a confirmation that says what happens.
    await card.getByRole('button', { name: t(lang, 'admin:users.deactivateOf', { name: NEW_USER.name }) }).click();
    const dialog = page.getByRole('dialog', { name: t(lang, 'admin:users.confirmTitle', { name: NEW_USER.name }) });
    await dialog.getByText(t(lang, 'admin:users.confirmBody')).waitFor();
    await atRest(page);
    await visited(admin, 'admin', 'users-deactivate');
    await dialog.getByRole('button', { name: t(lang, 'admin:users.confirm') }).click();
    await card.getByText(t(lang, 'admin:users.inactive'), { exact: true }).waitFor();
    expect((await j.stack.one<{ active: boolean }>('SELECT active FROM users WHERE email = $1', [NEW_USER.email])).active).toBe(false);
    // Every session of hers is over on the API's side.
    expect(await j.stack.sql(`SELECT 1 FROM refresh_tokens rt JOIN users u ON u.id = rt.user_id WHERE u.email = $1 AND rt.revoked_at IS NULL`, [NEW_USER.email])).toEqual([]);

    // Her open page, untouched, goes to the sign-in page (the API closed her live connection; the web app asked, and
    // was refused) and says why.
    await user.page.waitForURL((url) => url.pathname === '/signin', { timeout: UI_TIMEOUT });
    await user.page.getByText(t(lang, 'auth:sessionEnded')).waitFor();
    await visited(user, 'admin', 'signin-session-ended');
    // She cannot come back.
    await user.page.getByLabel(label(lang, 'auth:email')).fill(NEW_USER.email);
    await user.page.getByLabel(label(lang, 'auth:password')).fill(DEMO_PASSWORD);
    await user.page.getByRole('button', { name: t(lang, 'auth:submit') }).click();
    await user.page.getByRole('alert').getByText(t(lang, 'auth:errors.invalid')).waitFor();
    expect(new URL(user.page.url()).pathname).toBe('/signin');
    expectClean(admin, user);
  });

  it('6. the coordinator reads a stakeholder\'s contact details; the auditor finds the reading in its consultation log', async () => {
    const lang: Lang = 'pl';
    coordinator = await j.signedInAs(lang, DEMO.coordinator);
    const page = coordinator.page;
    await page.goto(`${j.stack.origin}/cases/${piaski.id}`);
    await page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();

    // 7 (first part): an update for public bodies only.
    const timeline = region(page, lang, 'caseWork:timeline.title');
    const post = timeline.getByRole('form', { name: t(lang, 'caseWork:timeline.post.title') });
    await post.getByLabel(label(lang, 'caseWork:timeline.post.body')).fill(AGENCIES_UPDATE);
    await post.getByRole('radio', { name: new RegExp(`^${t(lang, 'caseWork:visibility.AGENCIES.label')}`) }).check();
    await post.getByRole('button', { name: t(lang, 'caseWork:timeline.post.submit') }).click();
    await timeline.getByRole('listitem').filter({ hasText: AGENCIES_UPDATE }).waitFor();
    expect((await j.stack.one<{ visibility: string }>('SELECT visibility FROM case_updates WHERE body = $1', [AGENCIES_UPDATE])).visibility).toBe('AGENCIES');

    // The seniors' contact details, shown on his asking (and recorded).
    const stakeholders = region(page, lang, 'caseWork:stakeholders.title');
    await stakeholders.getByRole('button', { name: t(lang, 'caseWork:stakeholders.contacts.showFor', { name: SENIORS }) }).click();
    await stakeholders.getByText(SENIORS_CONTACT).waitFor();
    await visited(coordinator, 'admin', 'case-contacts');
    const seniors = await j.stack.one<{ id: string }>('SELECT id FROM stakeholders WHERE case_id = $1 AND name = $2', [piaski.id, SENIORS]);
    const nowak = await j.stack.one<{ id: string }>('SELECT id FROM users WHERE email = $1', [DEMO.coordinator]);

    // The auditor searches the trail for readings of personal data, and opens this stakeholder's consultation log.
    const auditor = await j.signedInAs(lang, 'iod@legionowo-um.test');
    const apage = auditor.page;
    await nav(apage, lang, 'nav.audit').click();
    await apage.getByRole('heading', { level: 1, name: t(lang, 'audit:title') }).waitFor();
    const search = region(apage, lang, 'audit:filter.title');
    await search.getByLabel(label(lang, 'audit:filter.action')).fill('stakeholder.read-personal');
    await search.getByRole('button', { name: t(lang, 'audit:filter.search'), exact: true }).click();
    await apage.waitForURL((url) => url.searchParams.get('action') === 'stakeholder.read-personal');
    const reading = apage.getByRole('article').filter({ hasText: seniors.id }).first();
    await reading.waitFor();
    await settled(apage);
    await visited(auditor, 'admin', 'audit-search');
    await reading.getByRole('button', { name: t(lang, 'audit:consultation.ofThis') }).click();
    await apage.waitForURL((url) => url.searchParams.get('entityId') === seniors.id);
    const log = apage.getByRole('table', { name: t(lang, 'audit:consultation.tableLabel') });
    const row = log.getByRole('row').filter({ hasText: nowak.id });
    await row.waitFor();
    // Who, by name as well as by the id the search takes; why: the case it was read on.
    await row.getByText('nadkom. Krzysztof Nowak').waitFor();
    await row.getByText(KPP).waitFor();
    await row.getByText(piaski.id, { exact: false }).waitFor();
    await visited(auditor, 'admin', 'audit-consultation');
    expectClean(coordinator, auditor);
  });

  it('7. the case report printed to PDF by the NGO partner holds the reference and not the AGENCIES update', async () => {
    const lang: Lang = 'pl';
    const partner = await j.signedInAs(lang, DEMO.partner);
    const page = partner.page;
    await page.goto(`${j.stack.origin}/cases/${piaski.id}`);
    await page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    await page.getByRole('link', { name: t(lang, 'casePage:header.report') }).click();
    await page.waitForURL((url) => url.pathname === `/cases/${piaski.id}/report`);
    await page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    await page.getByRole('table', { name: t(lang, 'report:updates.title') }).waitFor();

    // As printed: the page under print media shows the report and not the update for public bodies only.
    await page.emulateMedia({ media: 'print' });
    await expectPrinted(page, { reference: piaski.reference, absent: AGENCIES_UPDATE });
    await visited(partner, 'admin', 'report-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const text = pdfOf(pdf);
    expect(pdfHasText(text, piaski.reference)).toBe(true);
    expect(pdfHasText(text, piaski.title)).toBe(true);
    expect(pdfHasText(text, AGENCIES_UPDATE)).toBe(false);
    expect(pdfHasText(text, 'Ustalenia z prokuraturą')).toBe(false);

    // The control: the coordinator's own print holds it, so the reading above would have found it.
    const cpage = coordinator.page;
    await cpage.goto(`${j.stack.origin}/cases/${piaski.id}/report`);
    await cpage.getByRole('table', { name: t(lang, 'report:updates.title') }).getByText(AGENCIES_UPDATE).waitFor();
    await cpage.emulateMedia({ media: 'print' });
    const own = pdfOf(await cpage.pdf({ format: 'A4' }));
    expect(pdfHasText(own, AGENCIES_UPDATE)).toBe(true);
    await cpage.emulateMedia({ media: 'screen' });
    expectClean(partner, coordinator);
  });

  /** A PDF as Chromium wrote it: its signature, some pages, and the text read out of it. */
  function pdfOf(pdf: Buffer): string {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThan(1);
    return pdfText(pdf);
  }

  async function expectPrinted(page: Page, { reference, absent }: { reference: string; absent: string }): Promise<void> {
    const printed = await page.locator('body').innerText();
    expect(printed).toContain(reference);
    expect(printed).not.toContain(absent);
    // The header, the menu and the report's own buttons are not on paper.
    expect(await page.getByRole('button', { name: t('pl', 'report:print') }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: t('pl', 'nav.main') }).isVisible()).toBe(false);
  }

  it.each(['pl', 'en'] as const)('8. in %s: the administration sections, my profile, the audit trail and the case report pass axe and are photographed', async (lang: Lang) => {
    const photograph = async (s: Session, name: string) => {
      await settled(s.page);
      await checkAccessibility(s, `admin/${name} (${lang})`);
      await screenshot(s, 'admin', `${name}-page`);
    };
    const admin = await j.signedInAs(lang, 'admin@commonground.test');
    let page = admin.page;
    await nav(page, lang, 'nav.administration').click();
    const sections = page.getByRole('navigation', { name: t(lang, 'admin:sections') });
    for (const [section, ready] of [
      ['organisations', () => page.getByText(KPP).first()],
      ['users', () => page.getByText(NEW_USER.email)],
      ['agreements', () => page.getByText('Dialog z mieszkańcami osiedla Piaski i debaty społeczne')],
    ] as const) {
      await sections.getByRole('link', { name: t(lang, `admin:${section}.nav`) }).click();
      await page.waitForURL((url) => url.pathname === `/administration/${section}`);
      await ready().waitFor();
      await photograph(admin, `administration-${section}`);
    }

    // Webhooks are a coordinator's, for his organisation (the administrator is told so): the police coordinator's.
    const nowak = await j.signedInAs(lang, DEMO.coordinator);
    page = nowak.page;
    await nav(page, lang, 'nav.administration').click();
    await page.getByRole('navigation', { name: t(lang, 'admin:sections') }).getByRole('link', { name: t(lang, 'admin:webhooks.nav') }).click();
    await page.waitForURL((url) => url.pathname === '/administration/webhooks');
    await page.getByRole('button', { name: t(lang, 'admin:webhooks.submit'), exact: true }).waitFor();
    await photograph(nowak, 'administration-webhooks');
    await nav(page, lang, 'nav.profile').click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'profile:title') }).waitFor();
    await page.getByTestId('my-capacity').waitFor();
    await photograph(nowak, 'profile');
    await page.goto(`${j.stack.origin}/cases/${piaski.id}/report`);
    await page.getByRole('table', { name: t(lang, 'report:updates.title') }).waitFor();
    await photograph(nowak, 'report');

    const auditor = await j.signedInAs(lang, 'iod@legionowo-um.test');
    page = auditor.page;
    await nav(page, lang, 'nav.audit').click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'audit:title') }).waitFor();
    await page.getByRole('article').first().waitFor();
    await photograph(auditor, 'audit');
    expectClean(admin, nowak, auditor);
  });
});
