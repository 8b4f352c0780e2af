import type { Page } from 'playwright-core';
import { eventually } from '@cg/server/testing';
import { DEMO, expectClean, t, UI_TIMEOUT, visited, type Lang } from './support/browser';
import { journey, settled } from './support/journey';

/**
 * Issue 16, item 4, on the demo data with no tile server (as on these machines):
 *  - the coordinator opens the map from the menu: every demo case of the partnership is a marker on a plain background
 *    with the district outlines, and a marker's popup leads to the case;
 *  - the NGO partner's map holds only the cases its organisation takes part in;
 *  - the hotspot layer counts the cases; the analyst, who reads no case, sees the grid with its small cells withheld;
 *  - each page in Polish and English passes axe and is photographed (test-output/screenshots/map-<page>-<lang>.png).
 */
describe('the map of cases and its hotspots', () => {
  const j = journey();
  const ANALYST = 'analityk@kpp-legionowo.test';

  const markers = (page: Page) => page.locator('[data-testid="case-map"] path.cg-case-marker');

  it.each(['pl', 'en'] as const)('in %s: the coordinator sees every demo case on the map, and a popup leads to the case', async (lang: Lang) => {
    const located = await j.stack.sql<{ id: string; reference: string; title: string }>(
      `SELECT c.id, c.reference, c.title FROM cases c JOIN users u ON u.email = $1
        WHERE c.latitude IS NOT NULL AND EXISTS (SELECT 1 FROM case_participants p WHERE p.case_id = c.id AND p.organisation_id = u.organisation_id)`,
      [DEMO.coordinator],
    );
    const all = await j.stack.one<{ n: number; located: number }>(`SELECT count(*)::int AS n, count(latitude)::int AS located FROM cases`);
    // Every demo case has a point.
    expect(all.located).toBe(all.n);
    expect(located.length).toBeGreaterThan(0);

    const s = await j.signedInAs(lang, DEMO.coordinator);
    const page = s.page;
    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.map') }).click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'map:title') }).waitFor();
    await page.getByTestId('case-map').waitFor();
    await eventually('a marker per located case', async () => (await markers(page).count()) === located.length, UI_TIMEOUT);
    // The district outlines of the demo, on a plain background (no tile server configured: no tile requested).
    await page.locator('.cg-district-label', { hasText: 'Piaski' }).waitFor();
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
    await page.getByText(t(lang, 'map:noTiles')).waitFor();
    await settled(page);
    await visited(s, 'map', 'cases');

    // A marker's popup names the case and leads to it.
    await markers(page).first().click();
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    const reference = (await popup.locator('strong').textContent()) ?? '';
    const target = located.find((c) => c.reference === reference);
    expect(target).toBeDefined();
    await popup.getByRole('link', { name: t(lang, 'map:openCase') }).click();
    await page.waitForURL((url) => url.pathname === `/cases/${target!.id}`);
    await page.getByRole('heading', { level: 1, name: target!.title }).waitFor();

    // The hotspot layer: the cells count every located case the coordinator reads.
    await page.goBack();
    await page.getByTestId('case-map').waitFor();
    await page.getByText(t(lang, 'map:layer.hotspots'), { exact: true }).click();
    const table = page.getByTestId('hotspot-table');
    await table.waitFor();
    await eventually('the grid counts every case', async () => {
      const counts = await table.locator('tbody tr td:nth-child(3)').allTextContents();
      return counts.reduce((n, text) => n + Number(text.replace(/\D/g, '')), 0) === located.length;
    }, UI_TIMEOUT);
    await settled(page);
    await visited(s, 'map', 'hotspots');
    expectClean(s);
  });

  it("shows the NGO partner only its organisation's cases", async () => {
    const lang: Lang = 'pl';
    const own = await j.stack.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases c JOIN users u ON u.email = $1
        WHERE c.latitude IS NOT NULL AND EXISTS (SELECT 1 FROM case_participants p WHERE p.case_id = c.id AND p.organisation_id = u.organisation_id)`,
      [DEMO.partner],
    );
    const total = await j.stack.one<{ n: number }>(`SELECT count(*)::int AS n FROM cases`);
    expect(own.n).toBeLessThan(total.n);
    const s = await j.signedInAs(lang, DEMO.partner);
    await s.page.goto(`${j.stack.origin}/map`);
    await s.page.getByTestId('case-map').waitFor();
    await eventually("a marker per case of the partner's organisation", async () => (await markers(s.page).count()) === own.n, UI_TIMEOUT);
    await s.page.getByTestId('case-map-summary').waitFor();
    expectClean(s);
  });

  it.each(['pl', 'en'] as const)('in %s: the analyst sees the hotspot grid of every case, small cells withheld, and no case', async (lang: Lang) => {
    const s = await j.signedInAs(lang, ANALYST);
    const page = s.page;
    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.map') }).click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'map:title') }).waitFor();
    await page.getByText(t(lang, 'map:analystNote')).waitFor();
    const table = page.getByTestId('hotspot-table');
    await table.waitFor();
    // The demo's cells hold fewer than five cases each: every one is withheld, none shown as a count.
    await eventually('every cell withheld', async () => {
      const rows = await table.locator('tbody tr').allTextContents();
      return rows.length > 0 && rows.every((row) => row.includes(t(lang, 'map:hotspots.withheld', { n: 5 })));
    }, UI_TIMEOUT);
    expect(await markers(page).count()).toBe(0);
    await page.locator('path.cg-hotspot-cell').first().waitFor();
    await settled(page);
    await visited(s, 'map', 'analyst');
    expectClean(s);
  });
});
