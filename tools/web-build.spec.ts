/**
 * The web app's build as the API serves it (npm test builds it first): every pre-compressed copy is exactly the
 * file beside it. A copy compressed before the bundler's last rewrite once shipped a chunk that referenced an
 * undefined preload marker to every browser asking for br or gzip, while the plain file was right.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

const dist = join(__dirname, '..', 'dist', 'apps', 'web');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe('the web build', () => {
  it('exists (npm test builds it before the tests)', () => {
    expect(existsSync(join(dist, 'index.html'))).toBe(true);
  });

  it('has a .br and a .gz copy of every script, style sheet and page, each identical to the file once decompressed', () => {
    const all = files(dist);
    const originals = all.filter((path) => /\.(js|css|html)$/.test(path) && readFileSync(path).length >= 512);
    expect(originals.length).toBeGreaterThan(2);
    for (const path of originals) {
      const original = readFileSync(path);
      expect({ path, br: brotliDecompressSync(readFileSync(`${path}.br`)).equals(original), gz: gunzipSync(readFileSync(`${path}.gz`)).equals(original) }).toEqual({ path, br: true, gz: true });
    }
    // No copy without its file, and no chunk still holding a bundler placeholder.
    for (const path of all.filter((p) => /\.(br|gz)$/.test(p))) expect(all).toContain(path.replace(/\.(br|gz)$/, ''));
    for (const path of all.filter((p) => p.endsWith('.js'))) expect(readFileSync(path, 'utf8')).not.toContain('__VITE_PRELOAD__');
  });
});
