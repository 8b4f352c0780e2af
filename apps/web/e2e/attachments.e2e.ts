import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { DEMO, expectClean, t, visited, type Lang, type Session } from './support/browser';
import { journey, settled } from './support/journey';

/**
 * Issue 16, attachments, on the demo data (the Piaski case carries a photo on the municipal guard's AGENCIES incident,
 * a photo on the housing cooperative's note and the debate minutes as a PDF):
 *  1. the neighbourhood officer attaches a photo to her own update and sees its thumbnail (drawn from the API's
 *     thumbnail link); a file that is not what it claims to be is refused with the API's message, in Polish;
 *  2. the coordinator, in English, sees the thumbnails of the case's files and opens the AGENCIES photo by its link;
 *     the same link, opened in the NGO partner's browser, gives the not-found page, and her timeline shows no trace of it;
 *  3. the case page with its files, in Polish and English: axe and a screenshot.
 */
describe('attachments: a photo on an update, its thumbnail, and a link that opens for its reader only', () => {
  const j = journey();
  let piaski: { id: string; title: string };
  const region = (page: Page, lang: Lang, key: string): Locator => page.getByRole('region', { name: t(lang, key) });

  beforeAll(async () => {
    piaski = await j.stack.one<{ id: string; title: string }>(`SELECT id, title FROM cases WHERE title LIKE 'Napięcia%'`);
  });

  async function timelineOf(s: Session, lang: Lang): Promise<Locator> {
    await s.page.goto(`${j.stack.origin}/cases/${piaski.id}`);
    await s.page.getByRole('heading', { level: 1, name: piaski.title }).waitFor();
    const timeline = region(s.page, lang, 'caseWork:timeline.title');
    await timeline.getByRole('list', { name: t(lang, 'caseWork:timeline.list') }).waitFor();
    await settled(s.page);
    return timeline;
  }

  /** Whether an <img> has loaded real pixels (its thumbnail link answered an image). */
  async function loaded(image: Locator): Promise<boolean> {
    await image.scrollIntoViewIfNeeded();
    await image.page().waitForFunction((el) => (el as HTMLImageElement).complete, await image.elementHandle());
    return image.evaluate((img: HTMLImageElement) => img.naturalWidth > 0);
  }

  it('1. the officer attaches a photo to her update and sees its thumbnail; a text file named like a photo is refused in Polish', async () => {
    const lang: Lang = 'pl';
    const officer = await j.signedInAs(lang, DEMO.officer);
    const timeline = await timelineOf(officer, lang);
    const entry = timeline.getByRole('listitem').filter({ hasText: 'Debata społeczna w klubie osiedlowym' }).first();
    const photo = await sharp({ create: { width: 800, height: 500, channels: 3, background: { r: 60, g: 140, b: 90 } } })
      .png()
      .toBuffer();
    await entry.getByRole('button', { name: t(lang, 'caseWork:attachments.attach') }).waitFor();
    await entry.locator('input[type=file]').setInputFiles({ name: 'boisko-szkolne.png', mimeType: 'image/png', buffer: photo });
    const thumbnail = entry.getByRole('img', { name: 'boisko-szkolne.png' });
    await thumbnail.waitFor();
    expect(await loaded(thumbnail)).toBe(true);
    const stored = await j.stack.one<{ content_type: string; thumbnail_key: string | null }>(`SELECT content_type, thumbnail_key FROM attachments WHERE file_name = 'boisko-szkolne.png'`);
    expect(stored).toMatchObject({ content_type: 'image/png', thumbnail_key: expect.any(String) });
    // The demo's minutes are there too, by name, as a link.
    await entry.getByRole('link', { name: new RegExp(`^${t(lang, 'caseWork:attachments.download', { name: 'protokol-debaty.pdf', size: 'x' }).split('(')[0]}`) }).waitFor();

    await entry.locator('input[type=file]').setInputFiles({ name: 'zdjecie.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('to nie jest zdjęcie') });
    const alert = entry.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Tego rodzaju pliku nie można załączyć');
    expect((await j.stack.one<{ n: number }>(`SELECT count(*)::int AS n FROM attachments WHERE file_name = 'zdjecie.jpg'`)).n).toBe(0);
    await visited(officer, 'attachments', 'timeline');
    expectClean(officer);
  });

  it('2. the coordinator opens the AGENCIES photo by its link; in the NGO partner’s browser the same link gives the not-found page', async () => {
    const coordinator = await j.signedInAs('en', DEMO.coordinator);
    const timeline = await timelineOf(coordinator, 'en');
    const incidentPhoto = timeline.getByRole('img', { name: 'szyba-garaz-48.jpg' });
    await incidentPhoto.waitFor();
    expect(await loaded(incidentPhoto)).toBe(true);
    const href = await timeline.locator('li[data-attachment-id]').filter({ has: coordinator.page.getByRole('img', { name: 'szyba-garaz-48.jpg' }) }).getByRole('link').getAttribute('href');
    expect(href).toMatch(/^\/attachments\/[0-9a-f-]{36}\/file\?t=/);
    // Opened by the coordinator's own browser (its files cookie): the photo.
    const own = await coordinator.context.request.get(`${j.stack.origin}${href}`);
    expect([own.status(), own.headers()['content-type']]).toEqual([200, 'image/jpeg']);
    await visited(coordinator, 'attachments', 'case');

    const partner = await j.signedInAs('pl', DEMO.partner);
    const partnerTimeline = await timelineOf(partner, 'pl');
    // Her timeline has the partners' photo, not the incident's.
    await partnerTimeline.getByRole('img', { name: 'garaze-oswietlenie.jpg' }).waitFor();
    expect(await partnerTimeline.getByRole('img', { name: 'szyba-garaz-48.jpg' }).count()).toBe(0);
    await visited(partner, 'attachments', 'partner-case');
    const answer = await partner.page.goto(`${j.stack.origin}${href}`);
    expect(answer?.status()).toBe(404);
    await partner.page.getByRole('heading', { level: 1, name: 'Nie znaleziono pliku' }).waitFor();
    await visited(partner, 'attachments', 'not-found');
    expectClean(coordinator, partner);
  });
});
