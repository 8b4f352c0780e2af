import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Controller, Get, Injectable, NotFoundException, Req, Res } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml, pickLocale, type Locale } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { Public } from '@cg/server/authz';

/** Where the web app's hashed files are served (the Vite build's `assets/`). */
export const WEB_ASSETS_PATH = '/assets/';

/**
 * The paths that belong to the API, never to the web app: the single-page fallback leaves them alone, so that a
 * wrong URL under them stays a real 404 (a missing asset must not be answered with a page of HTML).
 */
const API_PREFIXES = ['/graphql', '/health', '/metrics', '/admin', '/ide', '/auth', '/assets'];

/**
 * The web app's pages: scripts and styles from this origin only (Mantine writes its CSS variables in a style tag,
 * hence 'unsafe-inline' for styles, which loads nothing), the API and the graphql-ws socket on the same origin, and
 * never framed by another site.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

/** The same, letting images (map tiles) come from the configured tile server too (MAP_TILE_URL). */
export function webContentSecurityPolicy(tileOrigin?: string): string {
  return tileOrigin ? WEB_CONTENT_SECURITY_POLICY.replace("img-src 'self' data: blob:", `img-src 'self' data: blob: ${tileOrigin}`) : WEB_CONTENT_SECURITY_POLICY;
}

/** Hashed file names change with their content: cached for a year, never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The web app's build output: WEB_DIST_DIR, or `dist/apps/web` of the repository the API runs from (the nearest
 * folder above this file with a package.json: the checkout when run from source, the image's /app when built).
 */
export function webDistDirectory(config: AppConfig): string {
  if (config.http.webDistDir) return resolve(config.http.webDistDir);
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(existsSync(join(dir, 'package.json')) ? dir : process.cwd(), 'dist', 'apps', 'web');
}

/**
 * The hashed files (`/assets/…`) through @fastify/static (via Nest's useStaticAssets), with their `.br` and `.gz`
 * siblings chosen by Accept-Encoding (`Vary: Accept-Encoding`). A missing file goes to Nest's not-found handler: 404.
 * The IDE registers @fastify/static too, hence `decorateReply: false`.
 */
export function mountWebAssets(app: NestFastifyApplication, onUnavailable: (reason: string) => void): void {
  const root = join(webDistDirectory(app.get(AppConfig)), 'assets');
  try {
    useStaticAssets(app, root);
  } catch (error) {
    // @fastify/static needs Node 20.19 or later (see bootstrap.ts): the pages are still answered, without their files.
    onUnavailable(error instanceof Error ? error.message : String(error));
  }
}

function useStaticAssets(app: NestFastifyApplication, root: string): void {
  app.useStaticAssets({
    root,
    prefix: WEB_ASSETS_PATH,
    decorateReply: false,
    preCompressed: true,
    index: false,
    // A folder is not a file (send would answer 403 as an error): 404 like any missing file.
    allowedPath: (path: string) => !path.endsWith('/'),
    cacheControl: false,
    // @fastify/static 10 hands its reply here (Nest's type still says a Node response).
    setHeaders: (response) => {
      (response as unknown as FastifyReply).header('cache-control', IMMUTABLE).header('x-content-type-options', 'nosniff');
    },
  });
}

const ENCODINGS = [
  { name: 'br', extension: '.br' },
  { name: 'gzip', extension: '.gz' },
] as const;

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
}

/** index.html and its pre-compressed siblings, read again whenever the build rewrites them. */
@Injectable()
export class WebAppFiles {
  readonly directory: string;
  /** The content security policy of the pages. */
  readonly contentSecurityPolicy: string;
  private readonly cache = new Map<string, CachedFile>();

  constructor(config: AppConfig) {
    this.directory = webDistDirectory(config);
    this.contentSecurityPolicy = webContentSecurityPolicy(config.map.tileOrigin);
  }

  /** index.html in the best encoding the client accepts, or null when the web app is not built. */
  index(acceptEncoding: string | undefined): { body: Buffer; encoding: string | null } | null {
    const path = join(this.directory, 'index.html');
    const identity = this.read(path);
    if (!identity) return null;
    for (const { name, extension } of ENCODINGS) {
      if (!accepts(acceptEncoding, name)) continue;
      const compressed = this.read(path + extension);
      if (compressed) return { body: compressed, encoding: name };
    }
    return { body: identity, encoding: null };
  }

  private read(path: string): Buffer | null {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      this.cache.delete(path);
      return null;
    }
    if (!stat.isFile()) return null;
    const cached = this.cache.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.body;
    const body = readFileSync(path);
    this.cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, body });
    return body;
  }
}

/** Whether Accept-Encoding allows `encoding` (named, or `*`, with a q-value above 0). */
export function accepts(header: string | undefined, encoding: string): boolean {
  let star: boolean | null = null;
  for (const part of (header ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const allowed = q === undefined || Number(q) > 0;
    if (token === encoding) return allowed;
    if (token === '*') star = allowed;
  }
  return star ?? false;
}

/** Whether a path is one of the web app's pages (not the API's, and not a file name such as /favicon.png). */
export function isPagePath(path: string): boolean {
  if (API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !/\.[A-Za-z0-9]+$/.test(last);
}

const NOT_BUILT = {
  pl: {
    title: 'CommonGround — aplikacja nie jest zbudowana',
    text: 'API działa, ale aplikacja internetowa nie została zbudowana. Uruchom <code>npm start</code> (buduje ją) albo zbuduj ją poleceniem <code>npx nx build web</code>, a potem odśwież stronę.',
  },
  en: {
    title: 'CommonGround — the web app is not built',
    text: 'The API is running, but the web app has not been built. Run <code>npm start</code> (which builds it) or build it with <code>npx nx build web</code>, then reload this page.',
  },
} as const;

/**
 * The single-page fallback: every page path (`/`, `/cases/<id>`, `/signin`, …) answers index.html, and the web
 * app's router shows the page. Public, like the page itself: what the page shows is decided by the API's answers
 * to its requests. Paths of the API (`/graphql`, `/health/…`, `/auth/…`, a missing `/assets/…` file) stay 404.
 */
@Controller()
export class WebAppController {
  constructor(private readonly files: WebAppFiles) {}

  @Get('*')
  @Public()
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    const path = request.url.split('?')[0] ?? '/';
    if (!isPagePath(path)) throw new NotFoundException(`Cannot GET ${path}`);
    reply
      .header('content-security-policy', this.files.contentSecurityPolicy)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('vary', 'Accept-Encoding');
    const index = this.files.index(request.headers['accept-encoding']);
    if (!index) {
      const locale: Locale = pickLocale(request.headers['accept-language']) ?? 'pl';
      const t = NOT_BUILT[locale];
      return reply
        .code(503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(t.title)}</title></head><body><h1>${escapeHtml(t.title)}</h1><p>${t.text}</p></body></html>\n`,
        );
    }
    if (index.encoding) reply.header('content-encoding', index.encoding);
    return reply.code(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(index.body);
  }
}
