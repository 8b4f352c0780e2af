import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '@cg/server/config';

/** Paths pino never prints: credentials in headers and anything named like a secret, at any depth we log. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.email',
  'variables',
  '*.variables',
];

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const ASSIGNED = Symbol('cg.requestId');

/**
 * The request id: the caller's `X-Request-Id` when it is a plain token of 8–64 characters, otherwise a new
 * UUID. Remembered on the raw request, so that Fastify (request.id, the audit trail, the outbox) and
 * pino-http (the logs) agree.
 */
export function requestIdOf(req: IncomingMessage): string {
  const holder = req as IncomingMessage & { [ASSIGNED]?: string };
  if (!holder[ASSIGNED]) {
    const header = req.headers['x-request-id'];
    holder[ASSIGNED] = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  }
  return holder[ASSIGNED];
}

export function loggerParams(config: AppConfig, destination?: DestinationStream): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        genReqId: requestIdOf,
        customProps: () => ({ service: 'api' }),
        autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
        serializers: {
          req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: req.url }),
        },
      },
      destination as DestinationStream,
    ].filter(Boolean) as Params['pinoHttp'],
  };
}
