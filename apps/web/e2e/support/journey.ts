import type { Browser, Page } from 'playwright-core';
import { closeSession, launchBrowser, openSession, signIn, t, type Lang, type Session } from './browser';
import { startStack, type Stack } from './stack';

/**
 * What every browser journey stands on, set up once per file: the built stack on a database of its own with the
 * demo loaded, one Chromium, and the sessions the journey opens (one per person). After the file, every session is
 * closed (a request a page sent to another host fails the file there), then the browser and the stack.
 *
 * Call it at the top of a `describe`: it registers that file's `beforeAll` and `afterAll`, before the file's own,
 * so the file's `beforeAll` can already use `stack`.
 */
export interface Journey {
  readonly stack: Stack;
  readonly browser: Browser;
  /** A new person's browser, at 1280 px unless told, in `lang` (Polish unless told). */
  open(options?: Parameters<typeof openSession>[2]): Promise<Session>;
  /** A new person signed in as `email`, the pages shown in `lang` (the demo profiles say Polish: the header's switch changes it). */
  signedInAs(lang: Lang, email: string): Promise<Session>;
}

export function journey(): Journey {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const sessions: Session[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the journey's ${what} is not started (use it inside a test or a beforeAll)`);
    return value;
  };

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    const errors: unknown[] = [];
    for (const s of sessions) await closeSession(s).catch((error: unknown) => errors.push(error));
    await browser?.close();
    await stack?.stop();
    if (errors.length) throw errors[0];
  });

  const self: Journey = {
    get stack() {
      return ready(stack, 'stack');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    async open(options = {}) {
      const s = await openSession(self.browser, self.stack.origin, options);
      sessions.push(s);
      return s;
    },
    async signedInAs(lang, email) {
      const s = await self.open({ lang });
      await signIn(s, self.stack.origin, email, '/');
      if ((await s.page.locator('html').getAttribute('lang')) !== lang) {
        await s.page.getByRole('group', { name: t(lang === 'pl' ? 'en' : 'pl', 'language.label') }).getByText(lang.toUpperCase(), { exact: true }).click();
      }
      await s.page.getByRole('heading', { level: 1, name: t(lang, 'home:title') }).waitFor();
      return s;
    },
  };
  return self;
}

/** Nothing still loading in the page's main region (each section shows a loader until its data is there). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('main .mantine-Loader-root').length === 0);
}
