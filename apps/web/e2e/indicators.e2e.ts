import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { eventually } from '@cg/server/testing';
import { checkAccessibility, DEMO, expectClean, label, screenshot, t, UI_TIMEOUT, visited, type Lang, type Session } from './support/browser';
import { journey, settled } from './support/journey';
import { ROOT } from './support/stack';

/**
 * Issue 13, journeys 3, 4 and 8 for measuring what works, on the demo data:
 *  3. the neighbourhood officer records this week's count of police interventions at Piaski, and the chart shows the
 *     new point between its baseline and target lines; the police coordinator imports a survey whose third line is
 *     wrong: the page lists line 3, and nothing is written; the corrected file (docs/demo/survey-piaski.csv) imports;
 *  4. the analyst reads the summary of an indicator by district: every group of the demo (fewer than five cases) is
 *     marked as withheld, never as zero, and no case's title, reference or content appears on any page she opens;
 *  8. both pages in Polish and English: axe (no serious or critical violation) and a screenshot of each
 *     (test-output/screenshots/indicators-<page>-<lang>.png).
 */
describe('indicators: measuring, importing a survey, and the analyst summary', () => {
  const j = journey();
  let piaski: { id: string; title: string; reference: string };
  const ANALYST = 'analityk@kpp-legionowo.test';
  const SURVEY_FILE = join(ROOT, 'docs/demo/survey-piaski.csv');

  beforeAll(async () => {
    piaski = await j.stack.one<{ id: string; title: string; reference: string }>(`SELECT id, title, reference FROM cases WHERE title LIKE 'Napięcia%'`);
  });

  /** The case's indicators page, reached from the case page's header, each indicator card shown. */
  async function indicatorsOf(s: Session, lang: Lang): Promise<void> {
    await s.page.goto(`${j.stack.origin}/cases/${piaski.id}`);
    await s.page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    // The case page's sections still loading move the header's links as they arrive: click once they are in place.
    await settled(s.page);
    await Promise.all([
      s.page.waitForURL((url) => url.pathname === `/cases/${piaski.id}/indicators`),
      s.page.getByRole('link', { name: t(lang, 'casePage:header.indicators') }).click(),
    ]);
    await s.page.getByRole('heading', { level: 1, name: t(lang, 'indicators:page.title', { reference: piaski.reference }) }).waitFor();
    await s.page.getByTestId('indicator').first().waitFor();
    await settled(s.page);
  }

  /** The card of the case's indicator with catalogue code `code` (its name as the API gives it). */
  async function card(page: Page, code: string): Promise<{ card: Locator; id: string; name: string; baseline: number; target: number }> {
    const row = await j.stack.one<{ id: string; name: string; baseline: number; target: number }>(
      'SELECT id, name, baseline_value AS baseline, target_value AS target FROM indicators WHERE case_id = $1 AND code = $2',
      [piaski.id, code],
    );
    return { ...row, card: page.getByRole('article', { name: row.name, exact: true }) };
  }

  /** Where the chart draws its lines and points (SVG y grows downwards). */
  async function chartOf(cardLocator: Locator): Promise<{ baselineY: number; targetY: number; points: { cy: number; kind: string }[] }> {
    return cardLocator.getByTestId('indicator-chart').evaluate((svg) => ({
      baselineY: Number(svg.querySelector('[data-line="baseline"]')?.getAttribute('y1')),
      targetY: Number(svg.querySelector('[data-line="target"]')?.getAttribute('y1')),
      points: [...svg.querySelectorAll('[data-point]')].map((p) => ({ cy: Number(p.getAttribute('cy')), kind: p.getAttribute('data-point') ?? '' })),
    }));
  }

  const measurements = async (indicatorId: string): Promise<number> =>
    (await j.stack.one<{ n: number }>('SELECT count(*)::int AS n FROM measurements WHERE indicator_id = $1', [indicatorId])).n;

  it('3. the officer records a measurement that the chart draws against baseline and target; a survey with a bad line is refused whole, the good file imports', async () => {
    const lang: Lang = 'pl';
    const officer = await j.signedInAs(lang, DEMO.officer);
    let page = officer.page;
    await indicatorsOf(officer, lang);
    const interventions = await card(page, 'POLICE_INTERVENTIONS');
    const before = await chartOf(interventions.card);
    const countBefore = await measurements(interventions.id);
    expect(before.points).toHaveLength(countBefore);

    // This week's count: 7 interventions, between the baseline (14) and the target (6).
    const value = 7;
    expect(value).toBeLessThan(interventions.baseline);
    expect(value).toBeGreaterThan(interventions.target);
    await interventions.card.getByRole('button', { name: t(lang, 'indicators:record.open', { name: interventions.name }) }).click();
    const form = interventions.card.getByRole('form', { name: t(lang, 'indicators:record.title', { name: interventions.name }) });
    await form.getByLabel(label(lang, 'indicators:record.value')).fill(String(value));
    await form.getByLabel(label(lang, 'indicators:record.sourceNote')).fill('Rejestr interwencji KPP, tydzień 48');
    await visited(officer, 'indicators', 'record');
    await form.getByRole('button', { name: t(lang, 'indicators:record.submit') }).click();
    await form.waitFor({ state: 'detached' });

    // Stored once, by her, and drawn: one point more, the newest between the two lines, in the table too.
    await eventually('the new point on the chart', async () => (await chartOf(interventions.card)).points.length === countBefore + 1, UI_TIMEOUT);
    const stored = await j.stack.sql<{ value: number; email: string }>(
      'SELECT m.value, u.email FROM measurements m JOIN users u ON u.id = m.recorded_by_id WHERE m.indicator_id = $1 AND m.source_note = $2',
      [interventions.id, 'Rejestr interwencji KPP, tydzień 48'],
    );
    expect(stored).toEqual([{ value, email: DEMO.officer }]);
    const after = await chartOf(interventions.card);
    const newest = after.points[after.points.length - 1]!;
    expect(newest.kind).toBe('measurement');
    // Lower values sit lower on the chart: the target (6) under the new point (7), the baseline (14) above it.
    expect(newest.cy).toBeGreaterThan(after.baselineY);
    expect(newest.cy).toBeLessThan(after.targetY);
    await interventions.card.getByRole('table', { name: t(lang, 'indicators:table.label', { name: interventions.name }) }).getByRole('cell', { name: String(value), exact: true }).waitFor();
    expectClean(officer);

    // The police coordinator imports the November survey; the file he has has a wrong third line (140 %).
    const coordinator = await j.signedInAs(lang, DEMO.coordinator);
    page = coordinator.page;
    await indicatorsOf(coordinator, lang);
    const safe = await card(page, 'SAFE_AFTER_DARK');
    const safeBefore = await measurements(safe.id);
    const pointsBefore = (await chartOf(safe.card)).points.length;
    const good = readFileSync(SURVEY_FILE, 'utf8');
    const [header, firstRow] = good.trim().split('\n');
    const bad = `${header}\n${firstRow}\nSAFE_AFTER_DARK,Piaski – ul. Jagiellońska,140,187,2026-11-20\n`;
    await page.getByRole('button', { name: t(lang, 'indicators:import.button') }).click();
    const importForm = page.getByRole('form', { name: t(lang, 'indicators:import.title') });
    await importForm.getByLabel(label(lang, 'indicators:import.csv')).fill(bad);
    await importForm.getByRole('button', { name: t(lang, 'indicators:import.submit'), exact: true }).click();
    const refusal = importForm.getByTestId('import-errors');
    await refusal.getByText(t(lang, 'indicators:import.refusedTitle'), { exact: true }).waitFor();
    const badRows = refusal.getByRole('list', { name: t(lang, 'indicators:import.badRows') }).getByRole('listitem');
    expect(await badRows.count()).toBe(1);
    expect(await badRows.first().getAttribute('data-line')).toBe('3');
    expect(await badRows.first().innerText()).toMatch(/3/);
    await visited(coordinator, 'indicators', 'import-refused');
    // Nothing written: not the good first row either.
    expect(await measurements(safe.id)).toBe(safeBefore);

    // The corrected file, chosen from the disk: both rows imported, shown on the card.
    await importForm.getByLabel(t(lang, 'indicators:import.file')).setInputFiles(SURVEY_FILE);
    await eventually('the file read into the form', async () => (await importForm.getByLabel(label(lang, 'indicators:import.csv')).inputValue()).trim() === good.trim(), UI_TIMEOUT);
    await importForm.getByRole('button', { name: t(lang, 'indicators:import.submit'), exact: true }).click();
    const done = page.getByRole('status').filter({ hasText: t(lang, 'indicators:import.doneTitle') });
    await done.getByText(t(lang, 'indicators:import.done', { count: 2 })).waitFor();
    expect(await measurements(safe.id)).toBe(safeBefore + 2);
    await eventually('the survey on the chart', async () => (await chartOf(safe.card)).points.length === pointsBefore + 2, UI_TIMEOUT);
    // Each row keeps its area and sample size as its source, in no language of its own.
    await safe.card.getByRole('table', { name: t(lang, 'indicators:table.label', { name: safe.name }) }).getByRole('cell', { name: 'Piaski – bloki 40–48, n=212', exact: true }).waitFor();
    await settled(page);
    await visited(coordinator, 'indicators', 'imported');
    expectClean(coordinator);
  });

  it('4. the analyst reads the district summary with every small group withheld, and no case content anywhere', async () => {
    const lang: Lang = 'pl';
    const analyst = await j.signedInAs(lang, ANALYST);
    const page = analyst.page;
    const cases = await j.stack.sql<{ id: string; title: string; reference: string; district: string }>('SELECT id, title, reference, district FROM cases');
    const content = await j.stack.sql<{ text: string }>(
      `SELECT body AS text FROM case_updates UNION ALL SELECT name FROM stakeholders UNION ALL SELECT title FROM trust_risks UNION ALL SELECT title FROM tasks`,
    );
    const secrets = [...cases.flatMap((c) => [c.title, c.reference]), ...content.map((c) => c.text.slice(0, 40))].filter((s) => s.length >= 8);
    const leaks = async (where: string): Promise<void> => {
      await settled(page);
      const text = await page.locator('body').innerText();
      expect({ where, found: secrets.filter((s) => text.includes(s)) }).toEqual({ where, found: [] });
    };
    await leaks('start page');

    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.indicators') }).click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'indicators:summary.title') }).waitFor();
    const indicator = page.getByLabel(label(lang, 'indicators:summary.indicator'));
    const safeName = (await j.stack.one<{ name: string }>(`SELECT name FROM indicators WHERE code = 'SAFE_AFTER_DARK' LIMIT 1`)).name;
    await eventually('the catalogue loaded', async () => (await indicator.locator('option').count()) > 1, UI_TIMEOUT);
    // It opens on an indicator the demo's cases have, never on an empty summary.
    const byDistrict = page.getByRole('table', { name: t(lang, 'indicators:summary.tableLabel', { groupBy: t(lang, 'indicators:groupBy.DISTRICT') }) });
    await byDistrict.waitFor();
    const opened = await indicator.inputValue();
    expect((await j.stack.sql('SELECT 1 FROM indicators WHERE code = $1', [opened])).length).toBeGreaterThan(0);
    await indicator.selectOption({ value: 'SAFE_AFTER_DARK' });
    await page.getByLabel(label(lang, 'indicators:summary.groupByLabel')).selectOption({ value: 'DISTRICT' });
    const results = page.getByRole('table', { name: t(lang, 'indicators:summary.tableLabel', { groupBy: t(lang, 'indicators:groupBy.DISTRICT') }) });
    await results.waitFor();
    await settled(page);

    // One row per district holding the indicator; the demo's districts each hold fewer than five cases: withheld.
    const districts = await j.stack.sql<{ district: string }>(`SELECT DISTINCT c.district FROM cases c JOIN indicators i ON i.case_id = c.id WHERE i.code = 'SAFE_AFTER_DARK'`);
    const rows = results.locator('tbody tr');
    expect(await rows.count()).toBe(districts.length);
    for (let i = 0; i < districts.length; i++) {
      const row = rows.nth(i);
      expect(await row.getAttribute('data-withheld')).toBe('true');
      await row.getByRole('cell', { name: t(lang, 'indicators:summary.withheld', { min: 5 }), exact: true }).waitFor();
      await row.getByRole('cell', { name: t(lang, 'indicators:summary.fewerThan', { min: 5 }), exact: true }).waitFor();
      // Withheld is never written as a zero count or a zero share.
      expect(await row.locator('td').allInnerTexts()).not.toContain('0');
      expect((await row.innerText()).match(/\b0\s?%/)).toBeNull();
    }
    expect(await page.getByRole('heading', { name: new RegExp(safeName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).count()).toBeGreaterThan(0);
    await leaks('summary by district');

    // Other groupings withhold alike; no case content there either.
    for (const groupBy of ['CASE_TYPE', 'LEAD_ORGANISATION', 'PERIOD'] as const) {
      await page.getByLabel(label(lang, 'indicators:summary.groupByLabel')).selectOption({ value: groupBy });
      const table = page.getByRole('table', { name: t(lang, 'indicators:summary.tableLabel', { groupBy: t(lang, `indicators:groupBy.${groupBy}`) }) });
      await table.waitFor();
      await settled(page);
      expect(await table.locator('tbody tr:not([data-withheld="true"])').count()).toBe(0);
      await leaks(`summary by ${groupBy}`);
    }

    // The cases list has nothing for her, and a case's own pages answer "not found" (her role reads no case), never
    // an error with a retry.
    await page.goto(`${j.stack.origin}/cases`);
    await page.getByRole('heading', { level: 1, name: t(lang, 'cases:title') }).waitFor();
    await leaks('cases list');
    for (const path of [`/cases/${piaski.id}`, `/cases/${piaski.id}/indicators`]) {
      await page.goto(`${j.stack.origin}${path}`);
      await page.getByRole('heading', { level: 1, name: t(lang, 'notFound.title') }).waitFor();
      await leaks(path);
    }
    expectClean(analyst);
  });

  it.each(['pl', 'en'] as const)('8. in %s: the case indicators page and the summary pass axe and are photographed', async (lang: Lang) => {
    const coordinator = await j.signedInAs(lang, DEMO.coordinator);
    await indicatorsOf(coordinator, lang);
    await checkAccessibility(coordinator, `indicators/case (${lang})`);
    await screenshot(coordinator, 'indicators', 'case-page');

    const analyst = await j.signedInAs(lang, ANALYST);
    const page = analyst.page;
    await page.getByRole('navigation', { name: t(lang, 'nav.main') }).getByRole('link', { name: t(lang, 'nav.indicators') }).click();
    await page.getByRole('heading', { level: 1, name: t(lang, 'indicators:summary.title') }).waitFor();
    const indicator = page.getByLabel(label(lang, 'indicators:summary.indicator'));
    await eventually('the catalogue loaded', async () => (await indicator.locator('option').count()) > 1, UI_TIMEOUT);
    await indicator.selectOption({ value: 'POLICE_INTERVENTIONS' });
    await page.getByRole('table', { name: t(lang, 'indicators:summary.tableLabel', { groupBy: t(lang, 'indicators:groupBy.DISTRICT') }) }).waitFor();
    await settled(page);
    await checkAccessibility(analyst, `indicators/summary (${lang})`);
    await screenshot(analyst, 'indicators', 'summary-page');
    expectClean(coordinator, analyst);
  });
});
