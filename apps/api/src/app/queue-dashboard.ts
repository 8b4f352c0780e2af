import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineMessages, DomainError, escapeHtml, pickLocale, QUEUES, Role, type Locale } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { AccessTokenService } from '@cg/server/authz';
import { AuthService } from '@cg/server/identity';
import { JobsService } from '@cg/server/jobs';
import { RateLimits } from './rate-limits';

export const DASHBOARD_PATH = '/admin/queues';
const LOGIN_PATH = `${DASHBOARD_PATH}/login`;
const LOGOUT_PATH = `${DASHBOARD_PATH}/logout`;
/** The dashboard's session: an administrator's access token, for the dashboard's paths only. */
export const DASHBOARD_COOKIE = 'cg_queues';

/** The sign-in form's words; the Polish ones type the English (`defineMessages`). */
export const DASHBOARD_TEXTS = defineMessages({
  pl: {
    title: 'CommonGround — kolejki',
    intro: 'Panel kolejek jest dostępny tylko dla administratorów.',
    email: 'E-mail',
    password: 'Hasło',
    signIn: 'Zaloguj się',
    adminsOnly: 'Panel kolejek jest dostępny tylko dla administratorów.',
  },
  en: {
    title: 'CommonGround — queues',
    intro: 'The queue dashboard is for administrators only.',
    email: 'E-mail',
    password: 'Password',
    signIn: 'Sign in',
    adminsOnly: 'The queue dashboard is for administrators only.',
  },
});

/**
 * Bull Board, for administrators only: queue depths, failed jobs (kept after their last attempt) and a
 * retry button. A request is let in with an administrator's bearer token, or with the dashboard's cookie,
 * which the sign-in form at /admin/queues/login sets (HttpOnly, SameSite=Strict, limited to these paths,
 * valid as long as the access token in it; Secure in production). The check reads the database like every
 * GraphQL request does, so a removed role takes effect at once. Sign-in goes through the same AuthService as
 * the `login` mutation: lock-outs and the audit trail apply alike.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const jobs = app.get(JobsService);
  const tokens = app.get(AccessTokenService);
  const auth = app.get(AuthService);
  const config = app.get(AppConfig);
  const limits = app.get(RateLimits);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    // bull-board types its adapter against the Redis-backed queue only; the embedded mode's PostgreSQL-backed queue is
    // the same class with another backend, and the dashboard calls nothing but what both backends offer.
    queues: Object.values(QUEUES).map((name) => new BullMQAdapter(jobs.queue(name) as Queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'CommonGround queues' } },
  });
  const cookie = (value: string, maxAgeSeconds: number) =>
    `${DASHBOARD_COOKIE}=${value}; Path=${DASHBOARD_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${config.isProduction ? '; Secure' : ''}`;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    scope.get(LOGIN_PATH, async (request, reply) => page(reply, localeOf(request), 200));
    scope.post(LOGIN_PATH, async (request, reply) => {
      const locale = localeOf(request);
      const form = (request.body ?? {}) as Record<string, unknown>;
      const email = typeof form.email === 'string' ? form.email.slice(0, 320) : '';
      const password = typeof form.password === 'string' ? form.password.slice(0, 1024) : '';
      try {
        // The same per-address limit as the `login` mutation, before the password is checked.
        await limits.consume('signIn', request.ip);
        const session = await auth.login({ requestId: String(request.id), clientAddress: request.ip ?? null, locale, actor: null }, email, password);
        const actor = await tokens.actorFromHeader(`Bearer ${session.accessToken}`);
        if (!actor?.roles.includes(Role.ADMIN)) return page(reply, locale, 403, DASHBOARD_TEXTS[locale].adminsOnly);
        const maxAge = Math.max(1, Math.floor((session.accessTokenExpiresAt.getTime() - Date.now()) / 1000));
        return reply.header('set-cookie', cookie(session.accessToken, maxAge)).redirect(DASHBOARD_PATH, 303);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'RATE_LIMITED') reply.header('retry-after', String(error.details.retryAfterSeconds));
        return page(reply, locale, error.code === 'UNAUTHENTICATED' ? 401 : 429, error.messageIn(locale));
      }
    });
    scope.post(LOGOUT_PATH, async (_request, reply) => reply.header('set-cookie', cookie('', 0)).redirect(LOGIN_PATH, 303));

    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0];
      if (path === LOGIN_PATH || path === LOGOUT_PATH) return undefined;
      const browser = request.method === 'GET' && /text\/html/.test(request.headers.accept ?? '');
      const fromCookie = cookieValue(request.headers.cookie, DASHBOARD_COOKIE);
      const header = request.headers.authorization ?? (fromCookie ? `Bearer ${fromCookie}` : undefined);
      try {
        const actor = await tokens.actorFromHeader(header);
        if (!actor) {
          if (browser) return reply.redirect(LOGIN_PATH, 303);
          return reply.code(401).header('www-authenticate', 'Bearer').send({ errors: [{ message: 'Sign in as an administrator.', extensions: { code: 'UNAUTHENTICATED' } }] });
        }
        if (!actor.roles.includes(Role.ADMIN)) return reply.code(403).send({ errors: [{ message: 'Administrators only.', extensions: { code: 'FORBIDDEN' } }] });
      } catch {
        // An expired or forged token: in a browser, back to the form (and the stale cookie dropped).
        if (browser) return reply.header('set-cookie', cookie('', 0)).redirect(LOGIN_PATH, 303);
        return reply.code(401).send({ errors: [{ message: 'Sign in as an administrator.', extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      return undefined;
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
  });
}

function localeOf(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language']) ?? 'pl';
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=') || undefined;
  }
  return undefined;
}

function page(reply: FastifyReply, locale: Locale, status: number, error?: string): FastifyReply {
  const t = DASHBOARD_TEXTS[locale];
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem}.error{color:#a00}</style>
</head><body><h1>${t.title}</h1><p>${t.intro}</p>${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${LOGIN_PATH}"><label for="email">${t.email}</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">${t.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${t.signIn}</button></form></body></html>`;
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}
