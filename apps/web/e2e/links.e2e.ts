import type { Browser } from 'playwright-core';
import { checkAccessibility, closeSession, DEMO, launchBrowser, openSession, screenshot, signIn, t, UI_TIMEOUT, type Session } from './support/browser';
import { startStack, type Stack } from './support/stack';

/**
 * Journey 5: a link from an e-mail (`/cases/<id>`) opens its case after sign-in; a case of another partnership is
 * "not found", the same page as an unknown address. And the sign-in page itself: in Polish and in English, a wrong
 * password said so.
 */
describe('links from e-mails and the sign-in page', () => {
  let stack: Stack;
  let browser: Browser;
  let piaski: { id: string; title: string };
  let jablonna: { id: string; title: string };
  const sessions: Session[] = [];

  const session = async (options: Parameters<typeof openSession>[2] = {}) => {
    const opened = await openSession(browser, stack.origin, options);
    sessions.push(opened);
    return opened;
  };

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    [piaski] = await stack.sql<{ id: string; title: string }>(`SELECT id, title FROM cases WHERE title LIKE 'Napięcia%'`);
    // The Jabłonna priority plan: no NGO on it, so Barbara Mazur's association is not one of its partners.
    [jablonna] = await stack.sql<{ id: string; title: string }>(
      `SELECT c.id, c.title FROM cases c WHERE c.title LIKE 'Plan działania%'
         AND NOT EXISTS (SELECT 1 FROM case_participants p JOIN organisations o ON o.id = p.organisation_id WHERE p.case_id = c.id AND o.code = 'SSPIA')`,
    );
    expect(piaski).toBeDefined();
    expect(jablonna).toBeDefined();
  });
  afterAll(async () => {
    const errors: unknown[] = [];
    for (const s of sessions) await closeSession(s).catch((error: unknown) => errors.push(error));
    await browser?.close();
    await stack?.stop();
    if (errors.length) throw errors[0];
  });

  it.each(['pl', 'en'] as const)('shows the sign-in page in %s, accessible, and says when the password is wrong', async (lang) => {
    const s = await session({ lang });
    await s.page.goto(`${stack.origin}/`);
    await s.page.waitForURL((url) => url.pathname === '/signin');
    await s.page.getByRole('heading', { level: 1, name: t(lang, 'auth:title') }).waitFor();
    expect(await s.page.locator('html').getAttribute('lang')).toBe(lang);
    await checkAccessibility(s, `sign-in (${lang})`);
    await screenshot(s, 'signin', 'signin');

    await s.page.getByLabel(t(lang, 'auth:email')).fill(DEMO.coordinator);
    await s.page.getByLabel(t(lang, 'auth:password'), { exact: true }).fill('not-the-password');
    await s.page.getByRole('button', { name: t(lang, 'auth:submit') }).click();
    await s.page.getByRole('alert').filter({ hasText: t(lang, 'auth:errors.invalid') }).waitFor();
    expect(new URL(s.page.url()).pathname).toBe('/signin');
    await checkAccessibility(s, `sign-in with an error (${lang})`);
    expect(s.problems).toEqual([]);
  });

  it("opens a case from its e-mail link after sign-in, at the case's own address", async () => {
    const s = await session({ lang: 'pl' });
    await s.page.goto(`${stack.origin}/cases/${piaski.id}`);
    // Signed out: the sign-in page, remembering where to go next.
    await s.page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === `/cases/${piaski.id}`);
    await signIn(s, stack.origin, DEMO.coordinator);
    await s.page.waitForURL((url) => url.pathname === `/cases/${piaski.id}`, { timeout: UI_TIMEOUT });
    await s.page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    await checkAccessibility(s, 'case page from a link');
    expect(s.problems).toEqual([]);
  });

  it('shows "not found" for a case of another partnership, the same page as for an address that does not exist', async () => {
    const s = await session({ lang: 'en' });
    await s.page.goto(`${stack.origin}/cases/${jablonna.id}`);
    await signIn(s, stack.origin, DEMO.partner);
    await s.page.waitForURL((url) => url.pathname === `/cases/${jablonna.id}`);
    // The partner's profile says Polish (the demo's locale for her): the page follows the profile.
    const lang = (await s.page.locator('html').getAttribute('lang')) === 'en' ? 'en' : 'pl';
    const notFound = s.page.getByRole('heading', { level: 1, name: t(lang, 'notFound.title') });
    await notFound.waitFor();
    expect(await s.page.getByText(jablonna.title).count()).toBe(0);
    await checkAccessibility(s, 'not found');
    await screenshot({ ...s, lang }, 'links', 'not-found');
    // An id that exists nowhere reads the same.
    await s.page.goto(`${stack.origin}/cases/00000000-0000-4000-8000-000000000000`);
    await notFound.waitFor();
    expect(s.problems.filter((p) => !/NOT_FOUND/.test(p))).toEqual([]);
  });
});
