import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './stack';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** How long an element or a response may take to appear on a loaded machine: a ceiling, never waited out. */
export const UI_TIMEOUT = 60_000;
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

export const DEMO_PASSWORD = 'Legionowo-demo-2026';
/** The demo's people (apps/api/src/cli/demo-data.ts). */
export const DEMO = {
  coordinator: 'k.nowak@kpp-legionowo.test',
  partner: 'b.mazur@piaski-sasiedzi.test',
  officer: 'a.wisniewska@kpp-legionowo.test',
  municipal: 'm.kaminska@legionowo-um.test',
} as const;

export type Lang = 'pl' | 'en';

const messageCache = new Map<string, Record<string, unknown>>();

/**
 * A text of the web app's message files (apps/web/src/i18n/<lang>/<namespace>.json), as a person reads it:
 * `t('en', 'auth:email')`, with `{{name}}` filled in and `_one`/`_other` plurals picked by `count`. The journeys
 * find controls by these labels, in either language, so that a reworded label moves the test with it.
 */
export function t(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['common', key];
  const file = `${lang}/${ns}`;
  let messages = messageCache.get(file);
  if (!messages) {
    messages = JSON.parse(readFileSync(join(ROOT, 'apps/web/src/i18n', `${file}.json`), 'utf8')) as Record<string, unknown>;
    messageCache.set(file, messages);
  }
  const lookup = (p: string): unknown => p.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
  let text = lookup(path);
  if (typeof text !== 'string' && typeof values.count === 'number') {
    const rule = new Intl.PluralRules(lang).select(values.count);
    text = lookup(`${path}_${rule}`) ?? lookup(`${path}_other`);
  }
  if (typeof text !== 'string') throw new Error(`no message ${lang}:${key} in apps/web/src/i18n`);
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}

/** A field's label as its input is named: the text, and Mantine's " *" when the field is required. */
export function label(lang: Lang, key: string, values: Record<string, string | number> = {}): RegExp {
  return new RegExp(`^${t(lang, key, values).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);
}

/** A regular expression matching the text exactly, whatever the values interpolated where `{{…}}` stands. */
export function tPattern(lang: Lang, key: string): RegExp {
  const text = t(lang, key);
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does). Nothing downloads a browser.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: UI_TIMEOUT });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  lang: Lang;
  /** Requests the page tried to send anywhere but its own origin (each one refused). */
  refused: string[];
  /** Uncaught errors and console errors of the page. */
  problems: string[];
  /** Serious and critical axe violations of the pages checked, described (see `expectClean`). */
  violations: string[];
}

/**
 * A browser context of its own (its own cookies: one person), at 1280 px unless told, in the language the browser
 * asks for; every request to anything but the stack's origin is refused and recorded, and fails the journey at
 * `closeSession` (the web app never reaches another host).
 */
export async function openSession(browser: Browser, origin: string, options: { lang?: Lang; width?: number; height?: number } = {}): Promise<Session> {
  const lang = options.lang ?? 'pl';
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: lang === 'pl' ? 'pl-PL' : 'en-GB',
    timezoneId: 'Europe/Warsaw',
    serviceWorkers: 'block',
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  context.setDefaultNavigationTimeout(UI_TIMEOUT);
  const allowed = new URL(origin);
  const refused: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || (url.hostname === allowed.hostname && url.port === allowed.port)) return route.continue();
    refused.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return { context, page, lang, refused, problems, violations: [] };
}

export async function closeSession(session: Session | undefined): Promise<void> {
  if (!session) return;
  await session.context.close();
  if (session.refused.length) throw new Error(`the web app asked other hosts for: ${session.refused.join(', ')}`);
}

/**
 * Signs in through the sign-in form on the page (opening `path` first when given: signed out, it shows the form and
 * comes back there), in the language the page shows, and waits for the signed-in frame.
 */
export async function signIn(session: Session, origin: string, email: string, path?: string): Promise<void> {
  const { page } = session;
  if (path !== undefined) await page.goto(`${origin}${path}`);
  await page.waitForURL((url) => url.pathname === '/signin');
  const lang = await pageLanguage(page);
  await page.getByLabel(label(lang, 'auth:email')).fill(email);
  await page.getByLabel(label(lang, 'auth:password')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: t(lang, 'auth:submit') }).click();
  await page.getByRole('button', { name: t(lang, 'user.signOut') }).or(page.getByRole('button', { name: t(lang === 'pl' ? 'en' : 'pl', 'user.signOut') })).waitFor();
}

/** The language the page is shown in now (`<html lang>`, which the web app keeps in step). */
export async function pageLanguage(page: Page): Promise<Lang> {
  return (await page.locator('html').getAttribute('lang')) === 'en' ? 'en' : 'pl';
}

/**
 * Axe on the page as it is now: serious and critical violations are recorded, each with where it is and why, and fail
 * the journey at its end (`expectClean`), so that one run reports every page's violations and the journey's own
 * steps still run.
 */
export async function checkAccessibility(session: Session, name: string): Promise<void> {
  const results = await new AxeBuilder({ page: session.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length === 0) return;
  const described = blocking
    .map((v) => [
      `• ${v.impact} ${v.id}: ${v.help} (${v.helpUrl})`,
      ...v.nodes.slice(0, 5).map((n) => `    at ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`),
      ...(v.nodes.length > 5 ? [`    …and ${v.nodes.length - 5} more`] : []),
    ].join('\n'))
    .join('\n');
  session.violations.push(`axe found ${blocking.length} serious or critical violation(s) on ${name} (${new URL(session.page.url()).pathname}):\n${described}`);
}

/** The end of a journey: no axe violation on any page checked, no page error, no request to another host. */
export function expectClean(...sessions: (Session | undefined)[]): void {
  const found = sessions.flatMap((s) => (s ? [...s.violations, ...s.problems, ...s.refused.map((url) => `request to another host: ${url}`)] : []));
  if (found.length) throw new Error(found.join('\n\n'));
}

/** `test-output/screenshots/<journey>-<page>-<lang>[-<width>].png` (test-output/ is ignored by git). */
export async function screenshot(session: Session, journey: string, pageName: string, suffix = ''): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${journey}-${pageName}-${session.lang}${suffix}.png`);
  // From the top: a full-page picture of a page scrolled down draws the fixed header where the window stood.
  await session.page.evaluate(() => window.scrollTo(0, 0));
  await session.page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A page seen in a journey: axe on it, then its screenshot. */
export async function visited(session: Session, journey: string, pageName: string): Promise<void> {
  await checkAccessibility(session, `${journey}/${pageName}`);
  await screenshot(session, journey, pageName);
}
