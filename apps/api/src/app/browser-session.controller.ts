import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, pickLocale, type Locale } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { Public } from '@cg/server/authz';
import type { RequestContext } from '@cg/server/core';
import { AuthService, type SessionTokens } from '@cg/server/identity';
import { RateLimits } from './rate-limits';
import { errorBody } from './graphql-exception.filter';

/** The web app's session: the refresh token, in a cookie that only the /auth/… requests carry and no script can read. */
export const REFRESH_COOKIE = 'cg_refresh';
export const REFRESH_COOKIE_PATH = '/auth';

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Sign-in, refresh and sign-out for the browser, thin over the AuthService that the `login`, `refreshSession` and
 * `logout` mutations use (the same lock-out, reuse detection and grace, audit trail). The access token is answered
 * in the body and kept in the page's memory; the refresh token travels only as an HttpOnly, SameSite=Strict cookie
 * scoped to /auth, Secure unless the API is reached over plain http on a loopback address (development).
 *
 * Every route demands `Content-Type: application/json`, which a form on another site cannot send without a CORS
 * preflight (that this API never grants), and counts against the sign-in rate limit per client address, before
 * anything else runs. Errors are answered in the GraphQL error shape with a matching HTTP status.
 */
@Controller('auth')
export class BrowserSessionController {
  constructor(
    private readonly auth: AuthService,
    private readonly limits: RateLimits,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const context = await this.admit(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const invalid = [
      typeof body.email === 'string' && body.email.length > 0 && body.email.length <= 254 ? null : 'email',
      typeof body.password === 'string' && body.password.length > 0 && body.password.length <= 256 ? null : 'password',
    ].filter((field): field is string => field !== null);
    if (invalid.length > 0) throw DomainError.badInput('input.invalid', { fields: invalid.join(', ') }, { fields: invalid.map((field) => ({ field, problems: ['required'] })) });
    const session = await this.auth.login(context, body.email as string, body.password as string);
    return this.answer(request, reply, session);
  }

  @Post('refresh')
  @Public()
  async refresh(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const context = await this.admit(request);
    const presented = cookieValue(request.headers.cookie, REFRESH_COOKIE);
    if (!presented || presented.length > 200) {
      reply.header('set-cookie', this.cookie(request, '', 0));
      throw DomainError.unauthenticated('auth.invalidRefreshToken');
    }
    let session: SessionTokens;
    try {
      session = await this.auth.refresh(context, presented);
    } catch (error) {
      // A refused token (unknown, expired, revoked, reused) is dropped from the browser too.
      if (error instanceof DomainError && error.code === ErrorCode.UNAUTHENTICATED) reply.header('set-cookie', this.cookie(request, '', 0));
      throw error;
    }
    return this.answer(request, reply, session);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const context = await this.admit(request);
    const presented = cookieValue(request.headers.cookie, REFRESH_COOKIE);
    // Signing out always leaves the browser signed out; a session is ended (and audited) when the cookie names one.
    if (presented && presented.length <= 200) await this.auth.logoutWithRefreshToken(context, presented);
    return reply.code(204).header('cache-control', 'no-store').header('set-cookie', this.cookie(request, '', 0)).send();
  }

  /** The sign-in rate limit, before any password or token is looked at (JSON was demanded before the body was read). */
  private async admit(request: FastifyRequest): Promise<RequestContext> {
    const locale: Locale = pickLocale(request.headers['accept-language']) ?? 'pl';
    await this.limits.consume('signIn', request.ip);
    return { requestId: String(request.id), clientAddress: request.ip ?? null, locale, actor: null };
  }

  private answer(request: FastifyRequest, reply: FastifyReply, session: SessionTokens): FastifyReply {
    const expiresInSeconds = Math.max(0, Math.floor((session.accessTokenExpiresAt.getTime() - Date.now()) / 1000));
    const cookieSeconds = Math.max(1, Math.round((session.refreshTokenExpiresAt.getTime() - Date.now()) / 1000));
    return reply
      .code(200)
      .header('cache-control', 'no-store')
      .header('set-cookie', this.cookie(request, session.refreshToken, cookieSeconds))
      .send({ accessToken: session.accessToken, expiresInSeconds });
  }

  /**
   * `Secure` whenever PUBLIC_URL is https, the request came over https, or the host is not a loopback address: only
   * a developer's http://127.0.0.1 or http://localhost goes without (a browser would not send a Secure cookie there).
   */
  private cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
    const secure = this.config.http.publicUrl.startsWith('https:') || request.protocol === 'https' || !LOOPBACK_HOST.test(request.hostname);
    return `${REFRESH_COOKIE}=${value}; Path=${REFRESH_COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
  }
}

/**
 * `Content-Type: application/json` or 415, for every request to /auth/…, before its body is read (Fastify would
 * otherwise answer an unknown type in its own shape, and parse text/plain, which any site may send).
 */
export function demandJsonOnAuthRoutes(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || !request.url.startsWith(`${REFRESH_COOKIE_PATH}/`)) return;
    const type = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (type === 'application/json') return;
    const locale: Locale = pickLocale(request.headers['accept-language']) ?? 'pl';
    return reply
      .code(415)
      .header('content-type', 'application/json; charset=utf-8')
      .send(errorBody(DomainError.badInput('unsupportedMediaType'), locale));
  });
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=') || undefined;
  }
  return undefined;
}
