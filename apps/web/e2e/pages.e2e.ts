import { checkAccessibility, DEMO, expectClean, screenshot, signIn, t, type Lang, type Session } from './support/browser';
import { journey, settled } from './support/journey';

/**
 * Journeys 6 and 7 for the main pages: sign-in, start page, case list, case page, notifications and preferences, in
 * Polish and in English, at 1280 px (the case page at 375 px too): each passes axe (no serious or critical
 * violation) and is photographed to test-output/screenshots/pages-<page>-<lang>[-375].png.
 */
describe('the main pages in both languages', () => {
  const j = journey();
  let piaski: { id: string; title: string };

  beforeAll(async () => {
    piaski = await j.stack.one<{ id: string; title: string }>(`SELECT id, title FROM cases WHERE title LIKE 'Napięcia%'`);
    expect(piaski).toBeDefined();
  });

  async function photograph(s: Session, name: string, suffix = ''): Promise<void> {
    await settled(s.page);
    await checkAccessibility(s, `${name} (${s.lang}${suffix})`);
    await screenshot(s, 'pages', name, suffix);
  }

  it.each(['pl', 'en'] as const)('in %s: every main page passes axe and is photographed', async (lang: Lang) => {
    const s = await j.open({ lang });
    const { page } = s;
    await page.goto(`${j.stack.origin}/signin`);
    // The language is chosen on the sign-in page (and kept on the profile once signed in).
    if ((await page.locator('html').getAttribute('lang')) !== lang) {
      await page.getByText(lang.toUpperCase(), { exact: true }).click();
    }
    await page.getByRole('heading', { level: 1, name: t(lang, 'auth:title') }).waitFor();
    await photograph(s, 'signin');

    // The coordinator of KPP Legionowo: a start page with work waiting, the four demo cases.
    await signIn(s, j.stack.origin, DEMO.coordinator);
    if ((await page.locator('html').getAttribute('lang')) !== lang) {
      await page.getByRole('group', { name: t(lang === 'pl' ? 'en' : 'pl', 'language.label') }).getByText(lang.toUpperCase(), { exact: true }).click();
    }
    await page.getByRole('heading', { level: 1, name: t(lang, 'home:title') }).waitFor();
    await photograph(s, 'start');

    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.cases') }).click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'cases:title') }).waitFor();
    await page.getByRole('link', { name: /Napięcia między młodzieżą/ }).first().waitFor();
    await photograph(s, 'cases');

    await page.getByRole('link', { name: /Napięcia między młodzieżą/ }).first().click();
    await page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    await page.getByRole('list', { name: t(lang, 'caseWork:timeline.list') }).waitFor();
    await photograph(s, 'case');

    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.notifications') }).click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'notifications:title') }).waitFor();
    await photograph(s, 'notifications');

    await page.getByRole('link', { name: t(lang, 'notifications:preferencesLink') }).click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'notifications:preferences.title') }).waitFor();
    await photograph(s, 'preferences');

    // On a phone: the case page at 375 px, reached from the menu behind the burger.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${j.stack.origin}/cases/${piaski.id}`);
    await page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    await page.getByRole('list', { name: t(lang, 'caseWork:timeline.list') }).waitFor();
    await photograph(s, 'case', '-375');
    // Nothing wider than the screen: no sideways scrolling of the page itself.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expectClean(s);
  });
});
