import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import type { Params } from 'nestjs-pino';
import { loggerOptions, type AppConfig } from '@cg/server/config';

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

/**
 * The API's logger: the options both processes share (level, redaction, serializers, `service`), plus what is the
 * API's own: the request id (also as `requestId`, the name the worker's job lines use for the same id), the
 * operation's name, and no line for health checks.
 */
export function loggerParams(config: AppConfig, destination?: DestinationStream): Params {
  return {
    pinoHttp: [
      {
        ...loggerOptions(config, 'api'),
        genReqId: requestIdOf,
        // Called when the request starts and again when the answer is sent: the operation's name, known by then, is added
        // to the last line once (pino-http skips bindings the line already has).
        customProps: (req: IncomingMessage, res: ServerResponse) => {
          const operationName = operationNameOf(req);
          if (res.headersSent) return operationName ? { operationName } : {};
          return operationName ? { requestId: requestIdOf(req), operationName } : { requestId: requestIdOf(req) };
        },
        autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
      },
      destination as DestinationStream,
    ].filter(Boolean) as Params['pinoHttp'],
  };
}
