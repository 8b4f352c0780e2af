import { eventually } from '@cg/server/testing';
import { DEMO, expectClean, label, t, UI_TIMEOUT, visited, type Lang, type Session } from './support/browser';
import { journey, settled } from './support/journey';

/**
 * Issue 16, item 2, on the demo data:
 *  - the police coordinator starts opening a case whose title resembles the Piaski case, and is offered it as a
 *    likely duplicate (Polish and English);
 *  - the demo's linked pair (Osiedle Młodych → Piaski) shows on both cases' pages;
 *  - he opens the case anyway, links it to Piaski, merges it into Piaski, and its old address leads to Piaski.
 */
describe('linked and duplicate cases', () => {
  const j = journey();
  type DemoCase = { id: string; title: string; reference: string };
  let piaski: DemoCase;
  let mlodych: DemoCase;

  beforeAll(async () => {
    piaski = await j.stack.one<DemoCase>(`SELECT id, title, reference FROM cases WHERE title LIKE 'Napięcia%'`);
    mlodych = await j.stack.one<DemoCase>(`SELECT id, title, reference FROM cases WHERE title LIKE 'Odbudowa zaufania%'`);
  });

  /** The open-case page, reached from the menu. */
  async function openCaseForm(s: Session, lang: Lang): Promise<void> {
    await s.page.getByRole('link', { name: t(lang, 'nav.openCase') }).first().click();
    await s.page.waitForURL((url) => url.pathname === '/cases/new');
    await s.page.getByRole('heading', { level: 1, name: t(lang, 'templates:open.title') }).waitFor();
  }

  const duplicates = (s: Session) => s.page.locator('[data-section="LikelyDuplicates"]');

  it.each<Lang>(['pl', 'en'])('offers the demo case as a likely duplicate while a resembling case is typed (%s)', async (lang) => {
    const coordinator = await j.signedInAs(lang, DEMO.coordinator);
    await openCaseForm(coordinator, lang);
    const page = coordinator.page;
    await page.getByLabel(label(lang, 'templates:open.caseTitle')).fill('Napięcia między młodzieżą i seniorami, Piaski');
    await page.getByLabel(label(lang, 'cases:fields.district')).fill('Piaski');
    const offered = duplicates(coordinator).locator(`[data-duplicate-id="${piaski.id}"]`);
    await offered.waitFor({ timeout: UI_TIMEOUT });
    await duplicates(coordinator).getByRole('heading', { name: t(lang, 'caseLinks:duplicates.title') }).waitFor();
    expect(await offered.innerText()).toContain(piaski.reference);
    await visited(coordinator, 'links', 'open-case-duplicates');

    // Another district and nothing resembling: nothing offered.
    await page.getByLabel(label(lang, 'templates:open.caseTitle')).fill('Nielegalne wysypisko śmieci w lesie');
    await page.getByLabel(label(lang, 'cases:fields.district')).fill('Jabłonna');
    await duplicates(coordinator).getByText(t(lang, 'caseLinks:duplicates.none')).waitFor({ timeout: UI_TIMEOUT });
    expectClean(coordinator);
  });

  it.each<Lang>(['pl', 'en'])('shows the demo linked pair on both cases (%s)', async (lang) => {
    const officer = await j.signedInAs(lang, DEMO.officer);
    for (const [here, there, name] of [
      [mlodych, piaski, 'case-links-from'],
      [piaski, mlodych, 'case-links-to'],
    ] as const) {
      await officer.page.goto(`${j.stack.origin}/cases/${here.id}`);
      await officer.page.getByRole('heading', { level: 1, name: here.title }).waitFor();
      await settled(officer.page);
      const section = officer.page.locator('[data-section="Links"]');
      const item = section.getByRole('list', { name: t(lang, 'caseLinks:section.list') }).getByRole('listitem');
      await item.first().waitFor();
      expect(await item.count()).toBe(1);
      await item.getByRole('link', { name: `${there.reference} ${there.title}` }).waitFor();
      await item.getByText(t(lang, 'caseLinks:kind.RELATED'), { exact: true }).waitFor();
      // The officer (staff) may read the links but neither link nor unlink.
      expect(await section.getByRole('button', { name: t(lang, 'caseLinks:add.open') }).count()).toBe(0);
      await section.scrollIntoViewIfNeeded();
      await visited(officer, 'links', name);
    }
    expectClean(officer);
  });

  it('opens the duplicate anyway, links it to Piaski, merges it into Piaski, and its old address leads there', async () => {
    const lang: Lang = 'pl';
    const coordinator = await j.signedInAs(lang, DEMO.coordinator);
    const page = coordinator.page;
    await openCaseForm(coordinator, lang);
    const title = 'Napięcia między młodzieżą a seniorami – Piaski, blok 44';
    await page.getByLabel(label(lang, 'templates:open.caseTitle')).fill(title);
    await page.getByLabel(label(lang, 'cases:fields.district')).fill('Piaski');
    await page.getByLabel(label(lang, 'templates:open.what')).fill('Skargi seniorów na hałas młodzieży pod blokiem 44');
    await duplicates(coordinator).locator(`[data-duplicate-id="${piaski.id}"]`).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: t(lang, 'templates:open.submit') }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: UI_TIMEOUT });
    const duplicate = await j.stack.one<{ id: string; reference: string; version: number }>('SELECT id, reference, version FROM cases WHERE title = $1', [title]);
    expect(new URL(page.url()).pathname).toBe(`/cases/${duplicate.id}`);
    await settled(page);

    // Link it to Piaski, found by typing part of its title.
    const section = page.locator('[data-section="Links"]');
    await section.getByRole('button', { name: t(lang, 'caseLinks:add.open') }).click();
    const search = section.getByLabel(label(lang, 'caseLinks:add.case')).first();
    await search.fill('Napięcia');
    await page.getByRole('option', { name: `${piaski.reference} ${piaski.title}` }).click();
    await section.getByRole('button', { name: t(lang, 'caseLinks:add.submit') }).click();
    await section.getByText(t(lang, 'caseLinks:add.added')).waitFor({ timeout: UI_TIMEOUT });
    await section.getByRole('link', { name: `${piaski.reference} ${piaski.title}` }).waitFor();
    await visited(coordinator, 'links', 'linked-new-case');

    // Merge it into Piaski: the page moves to Piaski, which now holds the duplicate's participants and updates.
    const piaskiVersion = (await j.stack.one<{ version: number }>('SELECT version FROM cases WHERE id = $1', [piaski.id])).version;
    await section.getByRole('button', { name: t(lang, 'caseLinks:section.merge', { reference: piaski.reference }) }).click();
    await section.getByLabel(label(lang, 'caseLinks:section.mergeReason')).fill('Ta sama sprawa co Piaski');
    await visited(coordinator, 'links', 'merge');
    await section.getByRole('button', { name: t(lang, 'caseLinks:section.mergeSubmit'), exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/cases/${piaski.id}`, { timeout: UI_TIMEOUT });
    await page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    const merged = await j.stack.one<{ merged_into_id: string; phase: string }>('SELECT merged_into_id, phase FROM cases WHERE id = $1', [duplicate.id]);
    expect(merged).toEqual({ merged_into_id: piaski.id, phase: 'CLOSED' });
    expect((await j.stack.one<{ version: number }>('SELECT version FROM cases WHERE id = $1', [piaski.id])).version).toBe(piaskiVersion + 1);
    const audited = await j.stack.sql<{ entity_id: string }>(`SELECT entity_id FROM audit_events WHERE action = 'case.merge' ORDER BY entity_id`);
    expect(audited.map((a) => a.entity_id).sort()).toEqual([duplicate.id, piaski.id].sort());

    // The old address leads to Piaski.
    await page.goto(`${j.stack.origin}/cases/${duplicate.id}`);
    await eventually('the redirect to the surviving case', async () => new URL(page.url()).pathname === `/cases/${piaski.id}`, UI_TIMEOUT);
    await page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    await settled(page);
    await visited(coordinator, 'links', 'after-merge');
    expectClean(coordinator);
  });
});
