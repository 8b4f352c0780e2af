import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChildLoggerOptions, DestinationStream, Logger } from 'pino';
import { pinoHttp, type Options } from 'pino-http';
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
function httpOptions(config: AppConfig): Options {
  return {
    ...loggerOptions(config, 'api'),
    genReqId: requestIdOf,
    // Called when the request starts and again when the answer is sent: the operation's name, known by then, is added
    // to the last line once (pino-http skips bindings the line already has).
    customProps: requestProps,
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
  };
}

function requestProps(req: IncomingMessage, res: ServerResponse): Record<string, string> {
  const operationName = operationNameOf(req);
  if (res.headersSent) return operationName ? { operationName } : {};
  return operationName ? { requestId: requestIdOf(req), operationName } : { requestId: requestIdOf(req) };
}

/** The logger of every request, and the root logger beside it (lines written outside a request). */
export interface RequestLogging {
  readonly logger: Logger;
  /**
   * Gives a request its logger (`req.log`, which nestjs-pino binds to the code that serves it), and its line once
   * answered (pino-http's, at `info`). Below `info` no request line is ever written: the request's logger is then
   * made only if something logs while it is served, with the same fields pino-http would give it.
   */
  attach(req: IncomingMessage, res: ServerResponse): Logger;
}

export function requestLogging(config: AppConfig, destination?: DestinationStream): RequestLogging {
  const http = destination ? pinoHttp(httpOptions(config), destination) : pinoHttp(httpOptions(config));
  const root = http.logger;
  return {
    logger: root,
    attach(req, res) {
      const request = req as IncomingMessage & { id?: unknown; log?: Logger; allLogs?: Logger[] };
      if (root.isLevelEnabled('info')) {
        http(req, res);
        // pino-http keeps a `log` already there: its own logger is the last of `allLogs`.
        return request.allLogs?.at(-1) ?? request.log!;
      }
      request.id = request.id || requestIdOf(req);
      // As pino-http: the request's fields (the serializer keeps its id, method and path), then the custom ones, read now.
      const props = requestProps(req, res);
      request.log = deferredLogger(root, () => root.child({ req }).child(props));
      return request.log;
    },
  };
}

/** nestjs-pino's parameters: the request's logger is the one `RequestLogging.attach` gave it. */
export function loggerParams(logging: RequestLogging): Params {
  return { pinoHttp: { logger: logging.logger }, useExisting: true };
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/**
 * A logger that is made (by `make`) the first time a line is written at a level `root` writes, or its fields are read:
 * until then it costs nothing. A child of it (nestjs-pino's `assign`) is deferred alike.
 */
export function deferredLogger(root: Logger, make: () => Logger): Logger {
  let made: Logger | undefined;
  const real = () => (made ??= make());
  const own: Record<string | symbol, unknown> = {
    child: (bindings: Record<string, unknown>, options?: ChildLoggerOptions) =>
      options ? real().child(bindings, options) : deferredLogger(root, () => real().child(bindings)),
    isLevelEnabled: (level: string) => root.isLevelEnabled(level),
  };
  for (const level of LEVELS) {
    own[level] = (...args: unknown[]) => {
      if (!root.isLevelEnabled(level)) return;
      const logger = real();
      (logger[level] as (...a: unknown[]) => void).apply(logger, args);
    };
  }
  // Anything else (level, bindings(), setBindings(), flush(), pino's symbols) is the real logger's.
  return new Proxy(own, {
    get(target, key) {
      if (Object.prototype.hasOwnProperty.call(target, key)) return target[key];
      if (key === 'level') return root.level;
      const value = Reflect.get(real(), key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real()) : value;
    },
  }) as unknown as Logger;
}
