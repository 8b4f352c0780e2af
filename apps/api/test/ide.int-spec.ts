import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * The GraphQL IDE a newcomer opens in a browser works on a closed network: the page and everything it loads come
 * from the API itself (the files installed with the project), nothing from a CDN or any other host.
 */

const ROOT = join(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(ROOT, 'test-output', 'ide.png');
/** A ceiling, not an expectation: a loaded machine may take long to start a browser and render the IDE. */
const BROWSER_TIMEOUT = 90_000;

jest.setTimeout(300_000);

/** Every reference a page or an asset makes to another file: HTML src/href, CSS url(), JavaScript imports. */
function references(path: string, contentType: string, body: string): string[] {
  const found: string[] = [];
  const add = (pattern: RegExp) => {
    for (const match of body.matchAll(pattern)) if (match[1] && !match[1].startsWith('data:') && !match[1].startsWith('#')) found.push(match[1]);
  };
  if (contentType.includes('html')) {
    // <base href> is where the others resolve from, not a file.
    add(/<(?!base\b)[a-z]+\b[^>]*?\s(?:src|href)\s*=\s*["']([^"']+)["']/gi);
  } else if (contentType.includes('css')) {
    add(/url\(\s*["']?([^"')]+)["']?\s*\)/gi);
  } else if (contentType.includes('javascript')) {
    add(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g);
    add(/\b(?:import|export)\s*(?:[\w$*{},\s]+from\s*)?["']([^"']+\.m?js)["']/g);
  }
  return found.filter((ref) => ref !== path);
}

describe('the GraphQL IDE, served from installed files', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('opens from the GraphQL URL, and the page and every asset it references answer 200 from the API itself, none from another origin', async () => {
    const browserGet = await api.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(browserGet.statusCode).toBe(302);
    expect(browserGet.headers.location).toBe('/ide/');
    // API clients are not redirected: a GET query still answers (CSRF prevention asks for a header on GET).
    const apiGet = await api.app.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D', headers: { 'apollo-require-preflight': 'true' } });
    expect(apiGet.statusCode).toBe(200);
    expect(JSON.parse(apiGet.body)).toEqual({ data: { __typename: 'Query' } });

    const page = await api.app.inject({ method: 'GET', url: '/ide/', headers: { accept: 'text/html', host: '127.0.0.1:3000' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<base href="/ide/">');
    // Pointed at this API, over HTTP and over graphql-ws, with its account and remote features off.
    expect(page.body).toContain('endpointURL: `http://127.0.0.1:3000/graphql`');
    expect(page.body).toContain('subscriptionsEndpoint: `ws://127.0.0.1:3000/graphql`');
    expect(page.body).toMatch(/disableAccount: true/);
    // The policy the browser enforces: this origin only, and the one inline script by its nonce.
    const csp = String(page.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(page.body).toContain(`nonce="${nonce}"`);
    for (const directive of csp.split(';').map((d) => d.trim())) {
      const sources = directive.split(/\s+/).slice(1);
      expect(sources.filter((s) => /^(https?:|wss?:|\*|\/\/)/.test(s))).toEqual([]);
    }
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/connect-src 'self'(;|$)/);
    // A new nonce for every page.
    const again = await api.app.inject({ method: 'GET', url: '/ide/' });
    expect(again.headers['content-security-policy']).not.toBe(csp);

    // Everything the page loads, followed through the stylesheets and the module imports.
    const base = new URL('http://127.0.0.1:3000/ide/');
    const seen = new Map<string, number>();
    const external: string[] = [];
    const queue: { path: string; body: string; type: string }[] = [{ path: '/ide/', body: page.body, type: 'text/html' }];
    while (queue.length) {
      const current = queue.shift()!;
      for (const ref of references(current.path, current.type, current.body)) {
        const url = new URL(ref, new URL(current.path, base));
        if (url.origin !== base.origin) {
          external.push(`${current.path} → ${ref}`);
          continue;
        }
        if (seen.has(url.pathname)) continue;
        const asset = await api.app.inject({ method: 'GET', url: url.pathname });
        seen.set(url.pathname, asset.statusCode);
        queue.push({ path: url.pathname, body: asset.body, type: String(asset.headers['content-type'] ?? '') });
      }
    }
    expect(external).toEqual([]);
    expect([...seen].filter(([, status]) => status !== 200)).toEqual([]);
    // The editor's code and its font really are among them.
    expect([...seen.keys()]).toEqual(expect.arrayContaining(['/ide/main.js', '/ide/polyfills.js', '/ide/styles.css']));
    expect([...seen.keys()].some((path) => /^\/ide\/media\/.+\.woff2$/.test(path))).toBe(true);
    expect(seen.size).toBeGreaterThan(10);
    // The sandbox frame Altair runs scripts in, found by the app at run time.
    for (const path of ['/ide/iframe-sandbox/index.html', '/ide/iframe-sandbox/sandbox.png']) {
      expect((await api.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    }
    // Nothing outside the IDE's folder.
    expect((await api.app.inject({ method: 'GET', url: '/ide/../package.json' })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: '/ide/%2e%2e/%2e%2e/package.json' })).statusCode).toBe(404);
  });

  describe('in headless Chromium, with every request to another host refused', () => {
    let browser: Browser | undefined;
    let origin: string;

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) {
        throw new Error(`Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does) — this test needs a browser.`);
      }
      await api.app.listen({ host: '127.0.0.1', port: 0 });
      const address = api.app.getHttpServer().address() as AddressInfo;
      origin = `http://127.0.0.1:${address.port}`;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        timeout: BROWSER_TIMEOUT,
      });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('renders the IDE and its editor, runs a query against this API, and asks no other host for anything', async () => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(BROWSER_TIMEOUT);
      const refused: string[] = [];
      const loaded: string[] = [];
      await context.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === 'data:' || url.protocol === 'blob:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
          loaded.push(url.pathname);
          return route.continue();
        }
        refused.push(url.href);
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

      try {
        const response = await page.goto(`${origin}/graphql`, { waitUntil: 'load', timeout: BROWSER_TIMEOUT });
        expect(response?.status()).toBe(200);
        expect(new URL(page.url()).pathname).toBe('/ide/');
        // Altair's query editor (CodeMirror) is on screen, its URL bar shows this API.
        const editor = page.locator('.query-editor-container .cm-content').first();
        await editor.waitFor({ state: 'visible', timeout: BROWSER_TIMEOUT });
        const shownUrl = (await page.locator('.url-box__input .cm-content').first().textContent({ timeout: BROWSER_TIMEOUT }))?.trim();
        // A query typed and sent answers from this API (Altair's POSTs pass Apollo's CSRF prevention).
        await editor.click();
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type('{ __typename }');
        const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/graphql' && (r.request().postData() ?? '').includes('__typename'), { timeout: BROWSER_TIMEOUT });
        await page.getByRole('button', { name: /Send Request/i }).first().click();
        const answer = await answered;
        expect(answer.status()).toBe(200);
        expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
        await page.locator('.cm-line', { hasText: '"__typename": "Query"' }).first().waitFor({ state: 'visible', timeout: BROWSER_TIMEOUT });
        mkdirSync(join(ROOT, 'test-output'), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: false });

        expect(refused).toEqual([]);
        expect(problems).toEqual([]);
        expect(shownUrl).toBe(`${origin}/graphql`);
        expect(loaded).toEqual(expect.arrayContaining(['/ide/main.js', '/ide/styles.css', '/graphql']));
      } finally {
        await context.close();
      }
    });
  });
});
