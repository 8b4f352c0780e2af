import { randomBytes } from 'node:crypto';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getDistDirectory, renderAltair } from 'altair-static';
import { AppConfig } from '@cg/server/config';

/** Where the GraphQL IDE lives; a browser opening /graphql is sent here. */
export const IDE_PATH = '/ide/';
const GRAPHQL_PATH = '/graphql';
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The page's Content-Security-Policy: everything from this server only ('self' covers ws: on the same host and
 * port, the subscription socket), the one inline script (Altair's start-up options) by nonce, and no plugins, fonts,
 * update checks or telemetry from anywhere else. Angular adds component styles inline, hence 'unsafe-inline' for
 * styles (which loads nothing). Altair runs pre-request scripts in its own sandbox frame, served from here too.
 */
export function ideContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * Altair, the GraphQL IDE, served from the files installed with the project (altair-static) rather than from a CDN,
 * so that it works on a closed network. Outside production only, like GraphiQL before it. Pointed at /graphql (HTTP)
 * and at the graphql-ws socket on the same path; its account, remote sync, update notices and plugins are off.
 */
export async function mountIde(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const publicUrl = app.get(AppConfig).http.publicUrl.replace(/\/$/, '');
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const nonce = randomBytes(16).toString('base64');
    // The origin the browser used (so that the page works on whatever address it was opened), when it is a plain one.
    const origin = HOST.test(request.host) ? `${request.protocol}://${request.host}` : publicUrl;
    const html = renderAltair({
      baseURL: IDE_PATH,
      endpointURL: `${origin}${GRAPHQL_PATH}`,
      subscriptionsEndpoint: `${origin.replace(/^http/, 'ws')}${GRAPHQL_PATH}`,
      subscriptionsProtocol: 'graphql-ws',
      initialSubscriptionRequestHandlerId: 'graphql-ws',
      initialName: 'CommonGround',
      instanceStorageNamespace: 'commonground_',
      disableAccount: true,
      cspNonce: nonce,
      initialSettings: {
        'alert.disableUpdateNotification': true,
        'banners.disable': true,
        disablePushNotification: true,
        'plugin.list': [],
      },
    });
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', ideContentSecurityPolicy(nonce))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(html);
  };

  await fastify.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('x-content-type-options', 'nosniff');
      return payload;
    });
    scope.get(IDE_PATH, page);
    scope.get(IDE_PATH.replace(/\/$/, ''), (_request, reply) => reply.redirect(IDE_PATH, 302));
    await scope.register(fastifyStatic, { root: getDistDirectory(), prefix: IDE_PATH, index: false, decorateReply: false, maxAge: 3600_000 });
  });

  // A browser opening the GraphQL URL (an HTML GET without a query) gets the IDE; API clients are untouched.
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || request.url !== GRAPHQL_PATH) return undefined;
    if (!/text\/html/.test(request.headers.accept ?? '')) return undefined;
    return reply.redirect(IDE_PATH, 302);
  });
}
