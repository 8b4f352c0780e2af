import { eventually } from '@cg/server/testing';
import { checkAccessibility, DEMO, expectClean, label, pageLanguage, screenshot, signIn, t, UI_TIMEOUT, type Session } from './support/browser';
import { journey } from './support/journey';

/**
 * Journey 5: a link from an e-mail (`/cases/<id>`) opens its case after sign-in; a case of another partnership is
 * "not found", the same page as an unknown address. And the sign-in page itself: in Polish and in English, a wrong
 * password said so.
 */
describe('links from e-mails and the sign-in page', () => {
  const j = journey();
  let piaski: { id: string; title: string };
  let jablonna: { id: string; title: string };
  beforeAll(async () => {
    piaski = await j.stack.one<{ id: string; title: string }>(`SELECT id, title FROM cases WHERE title LIKE 'Napięcia%'`);
    // The Jabłonna priority plan: no NGO on it, so Barbara Mazur's association is not one of its partners.
    jablonna = await j.stack.one<{ id: string; title: string }>(
      `SELECT c.id, c.title FROM cases c WHERE c.title LIKE 'Plan działania%'
         AND NOT EXISTS (SELECT 1 FROM case_participants p JOIN organisations o ON o.id = p.organisation_id WHERE p.case_id = c.id AND o.code = 'SSPIA')`,
    );
    expect(piaski).toBeDefined();
    expect(jablonna).toBeDefined();
  });

  it.each(['pl', 'en'] as const)('shows the sign-in page in %s, accessible, and says when the password is wrong', async (lang) => {
    const s = await j.open({ lang });
    await s.page.goto(`${j.stack.origin}/`);
    await s.page.waitForURL((url) => url.pathname === '/signin');
    await s.page.getByRole('heading', { level: 1, name: t(lang, 'auth:title') }).waitFor();
    expect(await s.page.locator('html').getAttribute('lang')).toBe(lang);
    await checkAccessibility(s, `sign-in (${lang})`);
    await screenshot(s, 'signin', 'signin');

    await s.page.getByLabel(label(lang, 'auth:email')).fill(DEMO.coordinator);
    await s.page.getByLabel(label(lang, 'auth:password')).fill('not-the-password');
    await s.page.getByRole('button', { name: t(lang, 'auth:submit') }).click();
    await s.page.getByRole('alert').filter({ hasText: t(lang, 'auth:errors.invalid') }).waitFor();
    expect(new URL(s.page.url()).pathname).toBe('/signin');
    await checkAccessibility(s, `sign-in with an error (${lang})`);
    expectClean(s);
  });

  it("opens a case from its e-mail link after sign-in, at the case's own address", async () => {
    const s = await j.open({ lang: 'pl' });
    await s.page.goto(`${j.stack.origin}/cases/${piaski.id}`);
    // Signed out: the sign-in page, remembering where to go next.
    await s.page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === `/cases/${piaski.id}`);
    await signIn(s, j.stack.origin, DEMO.coordinator);
    await s.page.waitForURL((url) => url.pathname === `/cases/${piaski.id}`, { timeout: UI_TIMEOUT });
    await s.page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    await checkAccessibility(s, 'case page from a link');
    expectClean(s);
  });

  it('shows "not found" for a case of another partnership, the same page as for an address that does not exist', async () => {
    const s = await j.open({ lang: 'en' });
    await s.page.goto(`${j.stack.origin}/cases/${jablonna.id}`);
    await signIn(s, j.stack.origin, DEMO.partner);
    await s.page.waitForURL((url) => url.pathname === `/cases/${jablonna.id}`);
    // The page follows the language of the partner's profile, whatever the browser asked for.
    const lang = await pageLanguage(s.page);
    const notFound = s.page.getByRole('heading', { level: 1, name: t(lang, 'notFound.title') });
    await notFound.waitFor();
    expect(await s.page.getByText(jablonna.title).count()).toBe(0);
    await checkAccessibility(s, 'not found');
    await screenshot({ ...s, lang }, 'links', 'not-found');
    // An id that exists nowhere reads the same.
    await s.page.goto(`${j.stack.origin}/cases/00000000-0000-4000-8000-000000000000`);
    await notFound.waitFor();
    expectClean(s);
  });
});

/**
 * Journey 4: the same case edited in two sessions (the coordinator at her desk and on a tablet): the first save wins,
 * the second is told of the conflict with what changed, reloads and reapplies its edit, and both edits are kept.
 */
describe('two sessions editing the same case', () => {
  const j = journey();
  let desk: Session | undefined;
  let tablet: Session | undefined;

  it('tells the second of the conflict, shows what changed, and saves its edit reapplied on the current version', async () => {
    const target = await j.stack.one<{ id: string; title: string; version: number }>(`SELECT id, title, version FROM cases WHERE title LIKE 'Wieloletni konflikt%'`);
    expect(target).toBeDefined();
    const lang = 'pl' as const;
    desk = await j.open({ lang });
    tablet = await j.open({ lang, width: 800, height: 1000 });
    const GOAL = 'Zakończenie sporu ugodą zawartą przed mediatorem do końca kwartału.';
    const WHERE = 'Klatka schodowa i podwórze kamienicy przy ul. Sowińskiego 12.';

    const openForm = async (s: Session) => {
      await signIn(s, j.stack.origin, DEMO.coordinator, `/cases/${target!.id}`);
      await s.page.getByRole('heading', { level: 1, name: target!.title }).waitFor();
      await s.page.getByRole('button', { name: t(lang, 'casePage:diagnosis.edit') }).click();
      return s.page.getByRole('form', { name: t(lang, 'casePage:diagnosis.formLabel') });
    };
    // Both open the diagnosis for editing on the same version.
    const deskForm = await openForm(desk);
    const tabletForm = await openForm(tablet);

    await deskForm.getByLabel(label(lang, 'casePage:diagnosis.fields.goal')).fill(GOAL);
    await deskForm.getByRole('button', { name: t(lang, 'casePage:diagnosis.save') }).click();
    await desk.page.getByText(t(lang, 'casePage:diagnosis.saved')).waitFor();

    await tabletForm.getByLabel(label(lang, 'casePage:diagnosis.fields.where')).fill(WHERE);
    await tabletForm.getByRole('button', { name: t(lang, 'casePage:diagnosis.save') }).click();
    const conflict = tablet.page.getByRole('alert').filter({ hasText: t(lang, 'casePage:conflict.title') });
    await conflict.waitFor();
    // What the other session changed, next to this one's edit.
    const compare = tablet.page.getByRole('table', { name: t(lang, 'casePage:conflict.caption') });
    await compare.getByText(GOAL).waitFor();
    await compare.getByText(WHERE).waitFor();
    await checkAccessibility(tablet, 'conflict');
    await screenshot(tablet, 'conflict', 'case-conflict');
    // Nothing of the second edit was written.
    const afterFirst = await j.stack.one<{ goal: string; diagnosis_where: string | null; version: number }>('SELECT goal, diagnosis_where, version FROM cases WHERE id = $1', [target!.id]);
    expect(afterFirst).toMatchObject({ goal: GOAL, version: target!.version + 1 });
    expect(afterFirst!.diagnosis_where).not.toBe(WHERE);

    await conflict.getByRole('button', { name: t(lang, 'casePage:conflict.reapply') }).click();
    await tablet.page.getByText(t(lang, 'casePage:conflict.reapplied')).waitFor();
    await expectValue(tabletForm.getByLabel(label(lang, 'casePage:diagnosis.fields.where')), WHERE);
    await expectValue(tabletForm.getByLabel(label(lang, 'casePage:diagnosis.fields.goal')), GOAL);
    await tabletForm.getByRole('button', { name: t(lang, 'casePage:diagnosis.save') }).click();
    await tablet.page.getByText(t(lang, 'casePage:diagnosis.saved')).waitFor();

    const final = await j.stack.one<{ goal: string; diagnosis_where: string; version: number }>('SELECT goal, diagnosis_where, version FROM cases WHERE id = $1', [target!.id]);
    expect(final).toEqual({ goal: GOAL, diagnosis_where: WHERE, version: target!.version + 2 });
    expectClean(desk, tablet);
  });
});

async function expectValue(field: import('playwright-core').Locator, value: string): Promise<void> {
  await eventually(`the field to hold "${value}"`, async () => (await field.inputValue()) === value, UI_TIMEOUT);
}
