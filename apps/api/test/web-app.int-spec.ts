import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * The web app is served by the API, on the same origin: its hashed files cached for ever and chosen pre-compressed by
 * Accept-Encoding, index.html never cached, every page path answered with index.html (the browser's router shows the
 * page), the API's own paths left alone, and a Content-Security-Policy on the pages. A fixture stands for the build.
 */

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/x-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("the web app, compressed well enough to be worth it: ' + 'x'.repeat(2000) + '");';
const CASE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

function buildFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'index.html.br'), brotliCompressSync(INDEX));
  writeFileSync(join(dir, 'index.html.gz'), gzipSync(INDEX));
  writeFileSync(join(dir, 'assets', 'x-abc123.js'), SCRIPT);
  writeFileSync(join(dir, 'assets', 'x-abc123.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(dir, 'assets', 'x-abc123.js.gz'), gzipSync(SCRIPT));
  return dir;
}

describe('the web app, served by the API', () => {
  let api: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = buildFixture();
    api = await startApi({ WEB_DIST_DIR: dir });
  });
  afterAll(async () => {
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });

  it('serves a hashed file pre-compressed as the client accepts, cached for a year as immutable', async () => {
    const brotli = await get('/assets/x-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(SCRIPT);

    const gzip = await get('/assets/x-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);

    const plain = await get('/assets/x-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers every page path with index.html, never cached, under the web app’s Content-Security-Policy', async () => {
    for (const path of ['/', `/cases/${CASE_ID}`, '/signin', '/notifications', `/tasks/${CASE_ID}?from=mail`]) {
      const page = await get(path, { accept: 'text/html' });
      expect({ path, status: page.statusCode }).toEqual({ path, status: 200 });
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.body).toBe(INDEX);
      const csp = String(page.headers['content-security-policy']);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('same-origin');
    }
    const brotli = await get(`/cases/${CASE_ID}`, { 'accept-encoding': 'br, gzip' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(INDEX);
    const gzip = await get('/', { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(INDEX);
  });

  it('leaves the API’s own paths alone: a missing asset and unknown API paths are real 404s, GraphQL and health answer as before', async () => {
    for (const path of ['/assets/missing.js', '/assets/', '/health/nothing', '/graphql/extra', '/admin/anything', '/ide/missing.js', '/auth/nothing', '/metrics/x', '/favicon.png']) {
      const response = await get(path, { accept: 'text/html' });
      expect({ path, status: response.statusCode }).toEqual({ path, status: 404 });
      expect(response.body).not.toContain('<div id="root">');
    }
    const query = await get('/graphql?query=%7B__typename%7D', { 'apollo-require-preflight': 'true' });
    expect(query.statusCode).toBe(200);
    expect(JSON.parse(query.body)).toEqual({ data: { __typename: 'Query' } });
    // A GET without the preflight header is refused by CSRF prevention, as it was.
    const simple = await get('/graphql?query=%7B__typename%7D');
    expect(simple.statusCode).toBe(400);
    // A browser opening /graphql still gets the IDE outside production.
    const browser = await get('/graphql', { accept: 'text/html' });
    expect(browser.statusCode).toBe(302);
    expect(browser.headers.location).toBe('/ide/');
    expect((await get('/health/live')).statusCode).toBe(200);
    // POST to a page path is not a page.
    expect((await api.app.inject({ method: 'POST', url: '/cases', payload: {} })).statusCode).toBe(404);
  });

  it('answers a short page saying to build the web app when index.html is missing, instead of failing', async () => {
    rmSync(join(dir, 'index.html'));
    try {
      const english = await get('/', { 'accept-language': 'en' });
      expect(english.statusCode).toBe(503);
      expect(english.headers['content-type']).toMatch(/^text\/html/);
      expect(english.body).toContain('npm start');
      expect(english.body).toContain('the web app has not been built');
      const polish = await get(`/cases/${CASE_ID}`);
      expect(polish.body).toContain('aplikacja internetowa nie została zbudowana');
    } finally {
      writeFileSync(join(dir, 'index.html'), INDEX);
    }
    // Rebuilt while the API runs: served again, the new file, without a restart.
    expect((await get('/')).body).toBe(INDEX);
  });
});

describe('the web app, when the API was built without it', () => {
  let api: TestApp;
  const missing = join(tmpdir(), 'cg-web-never-built');

  beforeAll(async () => {
    api = await startApi({ WEB_DIST_DIR: missing });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('starts, says at / how to build the web app, and answers 404 for assets', async () => {
    const page = await api.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'en' } });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npx nx build web');
    expect((await api.app.inject({ method: 'GET', url: '/assets/x-abc123.js' })).statusCode).toBe(404);
  });
});
