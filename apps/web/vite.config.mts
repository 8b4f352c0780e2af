/// <reference types="vitest/config" />
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;

/**
 * Every text file of the build also as `.br` and `.gz` beside it, so that the API serves them pre-compressed
 * (negotiated by Accept-Encoding) without compressing on every request. Compressed from the files as written
 * (`writeBundle`): earlier hooks still see chunks before Vite's last rewrites (its preload markers).
 */
function precompress(): Plugin {
  return {
    name: 'commonground-precompress',
    apply: 'build',
    enforce: 'post',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      await Promise.all(
        Object.keys(bundle)
          .filter((fileName) => COMPRESSIBLE.test(fileName))
          .map(async (fileName) => {
            const path = join(dir, fileName);
            const source = await readFile(path);
            if (source.length < 512) return;
            await writeFile(`${path}.br`, brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } }));
            await writeFile(`${path}.gz`, gzipSync(source, { level: 9 }));
          }),
      );
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  cacheDir: '../../node_modules/.vite/apps/web',
  plugins: [react(), precompress()],
  resolve: { tsconfigPaths: true },
  build: {
    outDir: '../../dist/apps/web',
    emptyOutDir: true,
    reportCompressedSize: false,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    port: 4200,
    host: '127.0.0.1',
    // `npm run web:dev`: the API on its own port, same-origin for the browser through the proxy.
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:3000', ws: true },
      '/auth': 'http://127.0.0.1:3000',
      '/attachments': 'http://127.0.0.1:3000',
    },
  },
  test: {
    root,
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    // Component tests get every message file at once (the app loads a feature's messages when its page needs them).
    alias: [{ find: /^\.\/messages$/, replacement: fileURLToPath(new URL('./src/i18n/messages.all.ts', import.meta.url)) }],
    include: ['src/**/*.spec.{ts,tsx}'],
    css: false,
  },
});
