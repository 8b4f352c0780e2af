import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
  // A failed SQL statement carries its parameters (the values sent) and PostgreSQL's detail (which quotes a value).
  'err.parameters',
  'err.detail',
  'err.driverError.detail',
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

const OPERATION = Symbol('cg.operationName');
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** The path of a request URL: the query string (a GET's query, variables, tokens) is never logged. */
export function pathOf(url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** The GraphQL operation a request runs, when known: noted by the API, or a GET's `operationName` parameter. Names only, never values. */
export function operationNameOf(req: IncomingMessage): string | undefined {
  const noted = (req as IncomingMessage & { [OPERATION]?: string })[OPERATION];
  if (noted) return noted;
  const query = (req.url ?? '').split('?')[1];
  const name = query ? new URLSearchParams(query).get('operationName') : null;
  return name && GRAPHQL_NAME.test(name) ? name : undefined;
}

/** Notes the operation's name on the request, once (the first name known wins); false when it was not noted. */
export function noteOperationName(req: IncomingMessage, name: unknown): boolean {
  if (typeof name !== 'string' || !GRAPHQL_NAME.test(name) || operationNameOf(req)) return false;
  (req as IncomingMessage & { [OPERATION]?: string })[OPERATION] = name;
  return true;
}

export function loggerParams(config: AppConfig, destination?: DestinationStream): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        genReqId: requestIdOf,
        // Called when the request starts and again when the answer is sent: the operation's name, known by then, is added
        // to the last line once (pino-http skips bindings the line already has).
        customProps: (req: IncomingMessage, res: ServerResponse) => {
          const operationName = operationNameOf(req);
          if (res.headersSent) return operationName ? { operationName } : {};
          return operationName ? { service: 'api', operationName } : { service: 'api' };
        },
        autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: pathOf(req.url) }),
        },
      },
      destination as DestinationStream,
    ].filter(Boolean) as Params['pinoHttp'],
  };
}
