import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BadRequestException, Logger } from '@nestjs/common';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, type GraphQLFormattedError, type SelectionSetNode, type ValidationRule } from 'graphql';
import type { FastifyRequest } from 'fastify';
import type { PinoLogger } from 'nestjs-pino';
import { DomainError, ErrorCode, IDEMPOTENCY_KEY_PATTERN, pickLocale, reasonOf, translate } from '@cg/shared/domain';
import type { AppConfig } from '@cg/server/config';
import { IsoDateTime, isOutage, LoaderRegistry, type Actor, type GraphQLContext } from '@cg/server/core';
import type { AccessTokenService, ClosableSocket, SubscriptionSockets } from '@cg/server/authz';
import { toGraphQLError } from './graphql-exception.filter';
import { noteOperationName } from './logging';
import { OUTAGE_RETRY_AFTER_SECONDS, serviceUnavailable } from './outage';
import { rateLimitPlugin, type RateLimits } from './rate-limits';

/**
 * Limits tightened for this schema. The deepest legitimate query (cases → edges → node → updates → edges → node
 * → author) is 7 levels; graphql-armor's cost grows 1.5× per level and ignores list sizes, so the cost ceiling sits
 * above a full case page (~25k) and below documents that only nest for nesting's sake.
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  /** How often one selection set may select the same field (the same response key), `__typename` included. */
  maxFieldRepeats: 15,
  maxCost: 50000,
  maxTokens: 2000,
  maxDirectives: 20,
} as const;

export function graphqlOptions(config: AppConfig, tokens: AccessTokenService, limits: RateLimits, pino: PinoLogger, sockets: SubscriptionSockets): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    // armor lets `__typename` aliases through by default (allowList): counted here like any field.
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, allowList: [] },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, ignoreIntrospection: true },
    // Counted by graphql-js's own parser (parseOptions below): armor's token plugin parses in a plugin hook, so its
    // refusal, and any syntax error, became HTTP 500 instead of Apollo's 400 GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: config.isProduction },
  }).protect();
  const production = config.isProduction;

  return {
    autoSchemaFile: true,
    sortSchema: true,
    // `DateTime` also passes through timestamps that PostgreSQL already wrote as ISO text (see IsoDateTime).
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: IsoDateTime }] },
    path: '/graphql',
    introspection: !production,
    // No landing page from Apollo or Nest (theirs load from a CDN): the IDE is Altair, served from installed files
    // at /ide/ outside production (ide.ts), and a browser opening /graphql is sent there.
    playground: false,
    graphiql: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // An error's `extensions.http` sets the response status (503 for SERVICE_UNAVAILABLE, see outage.ts); Nest would
    // otherwise reset it to 200 whenever the body has a `data` key.
    preserveHttpStatusForExecutionErrors: false,
    plugins: [...armor.plugins, operationNamePlugin(pino), clientErrorsPlugin, outagePlugin, idempotencyKeyPlugin, variableErrorsPlugin, rateLimitPlugin(limits), ApolloServerPluginCacheControlDisabled()],
    validationRules: [...armor.validationRules, maxFieldRepeatsRule(GRAPHQL_LIMITS.maxFieldRepeats)],
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
    subscriptions: {
      // graphql-ws on the same path. The socket is authenticated when it connects, with the same bearer token
      // (connection parameter `authorization`); a socket without a valid one is refused. It is then kept in
      // SubscriptionSockets: a session ended, a deactivation or a change of roles closes it (4401/4403), on
      // whichever instance holds it, and each event is checked against the person's access before it is sent.
      'graphql-ws': {
        path: '/graphql',
        onConnect: async (ctx: { connectionParams?: Record<string, unknown>; extra: unknown }) => {
          const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
          try {
            const actor = await tokens.actorFromHeader(typeof header === 'string' ? header : undefined);
            if (!actor) return false;
            const extra = ctx.extra as { actor?: Actor; socket?: ClosableSocket };
            extra.actor = actor;
            if (extra.socket) sockets.register(actor, extra.socket);
            return true;
          } catch {
            return false;
          }
        },
      },
    },
    context: async (first: FastifyRequest | { req: FastifyRequest } | { extra: { actor?: Actor } }): Promise<GraphQLContext> => {
      if ('extra' in first && first.extra && !('raw' in first)) {
        // A graphql-ws subscription: the actor was checked when the socket connected.
        const actor = first.extra.actor ?? null;
        return {
          request: { requestId: randomUUID(), clientAddress: null, locale: actor?.locale ?? 'pl', actor },
          loaders: new LoaderRegistry(),
          authError: actor ? null : DomainError.unauthenticated(),
          actor,
        };
      }
      // Fastify passes (request, reply); other integrations pass { req }.
      const req = ('raw' in first ? first : (first as { req: FastifyRequest }).req) as FastifyRequest;
      let authError: DomainError | null = null;
      let actor = null;
      try {
        actor = await tokens.actorFromHeader(req.headers.authorization);
      } catch (error) {
        // PostgreSQL unreachable while the token's person is looked up: 503, not "Context creation failed" (500).
        if (isOutage(error)) throw serviceUnavailable(pickLocale(req.headers['accept-language']) ?? 'pl');
        if (!(error instanceof DomainError)) throw error;
        authError = error;
      }
      return {
        request: {
          requestId: String(req.id),
          clientAddress: req.ip ?? null,
          locale: actor?.locale ?? pickLocale(req.headers['accept-language']) ?? 'pl',
          actor,
          idempotencyKey: idempotencyKeyOf(req.headers['idempotency-key']),
        },
        loaders: new LoaderRegistry(),
        authError,
        actor,
      };
    },
    formatError: (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
      const code = formatted.extensions?.code;
      const original = unwrapResolverError(error);
      if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
        return production ? { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { ...formatted.extensions, stacktrace: undefined } } : formatted;
      }
      if (formatted.extensions?.errorId) return { message: formatted.message, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId: formatted.extensions.errorId } };
      if (isOutage(original)) {
        // A store unreachable where neither the filter nor outagePlugin saw it (no request context here, so the default
        // language); outagePlugin's willSendResponse gives the answer its 503 and Retry-After where there is a response.
        errorLogger.warn({ err: (original as Error).message }, 'a store is unavailable');
        const unavailable = serviceUnavailable('pl');
        return { message: unavailable.message, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS } };
      }
      // Unexpected and not mapped by the filter (e.g. a failure while building the context).
      const errorId = randomUUID();
      errorLogger.error({ errorId, err: original }, 'unexpected GraphQL error');
      return { message: translate('internal', 'pl', { errorId }), path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId } };
    },
  };
}

/** The HTTP request behind a GraphQL context (Nest's Apollo driver adds it as `req`; none over graphql-ws). */
function rawRequestOf(context: GraphQLContext): IncomingMessage | undefined {
  return (context as GraphQLContext & { req?: { raw?: IncomingMessage } }).req?.raw;
}

/**
 * Names the operation in the request's log lines (the name only: never the document, the query string or the
 * variables): the name the client sent, else the one of the operation the document defines.
 */
function operationNamePlugin(pino: PinoLogger): ApolloServerPlugin<GraphQLContext> {
  const note = (context: GraphQLContext, name: unknown) => {
    const raw = rawRequestOf(context);
    if (!raw || !noteOperationName(raw, name)) return;
    try {
      pino.assign({ operationName: name });
    } catch {
      // Outside a request's logging scope: the request log line still names it.
    }
  };
  return {
    async requestDidStart({ request, contextValue }) {
      note(contextValue, request.operationName);
      return {
        async didResolveOperation({ operation, contextValue: context }) {
          note(context, operation?.name?.value);
        },
      };
    },
  };
}

/**
 * Client errors that did not pass through the exception filter keep a clear code:
 * - domain errors and refused input thrown by field resolvers and DataLoaders (Nest runs no exception filter on
 *   `@ResolveField`, and plain fields bound to loaders never meet one), mapped here by the same mapper;
 * - requests Apollo refuses with HTTP 400 but no code (a persisted-query hash that does not match its query, an
 *   unsupported persisted-query version): BAD_USER_INPUT;
 * - a subscription sent over HTTP, refused before it runs (subscriptions are served over graphql-ws).
 */
const errorLogger = new Logger('GraphQL');
const clientErrorsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation !== 'subscription') return;
        const refused = DomainError.badInput('subscriptionOverHttp');
        throw new GraphQLError(refused.messageIn(contextValue.request?.locale ?? 'pl'), { extensions: { ...refused.extensions, http: { status: 400 } } });
      },
      async didEncounterErrors({ errors, contextValue }) {
        const locale = contextValue?.request?.locale ?? 'pl';
        for (const error of errors) {
          const original = error.originalError;
          const extensions = error.extensions as Record<string, unknown>;
          if (original instanceof DomainError || original instanceof BadRequestException) {
            const mapped = toGraphQLError(original, locale, errorLogger);
            error.message = mapped.message;
            Object.assign(extensions, mapped.extensions);
          } else if (!original && extensions.code === undefined && (extensions.http as { status?: number } | undefined)?.status === 400) {
            extensions.detail = error.message;
            extensions.code = ErrorCode.BAD_USER_INPUT;
            extensions.reason = reasonOf('input.badRequest');
            error.message = translate('input.badRequest', locale);
          }
        }
      },
    };
  },
};

/**
 * PostgreSQL or Redis unreachable wherever in the pipeline the error arose: in a field resolver or a DataLoader (Nest
 * runs no exception filter on `@ResolveField`, and fields bound to loaders never meet one), in a plugin, or in a root
 * resolver the filter already mapped. Each such error becomes SERVICE_UNAVAILABLE in the caller's language (the one
 * message of outage.ts, never an error id), and an answer holding one is HTTP 503 with `Retry-After`: a client retries
 * an outage and reports a bug, and partial data beside an outage is worth no more than none.
 */
const outagePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        const locale = contextValue?.request?.locale ?? 'pl';
        for (const error of errors) {
          if (error.extensions.code === ErrorCode.SERVICE_UNAVAILABLE || !isOutage(error.originalError)) continue;
          errorLogger.warn({ err: (error.originalError as Error).message }, 'a store is unavailable');
          const unavailable = serviceUnavailable(locale);
          error.message = unavailable.message;
          Object.assign(error.extensions as Record<string, unknown>, unavailable.extensions);
        }
      },
      async willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
        if (!errors?.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
      },
    };
  },
};

/** The `Idempotency-Key` header as sent (several headers of that name join with ", ", which the check refuses). */
function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  return Array.isArray(header) ? header.join(', ') : header;
}

/**
 * A mutation sent with an `Idempotency-Key`: the key must be 1–128 of A–Z a–z 0–9 _ - : . and the document must
 * hold one root field (one key per request; a retry of a document with several writes could not be answered as
 * one). Queries ignore the header. The creating mutations honour it (IdempotencyService.once); others ignore it.
 */
const idempotencyKeyPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        const key = contextValue.request?.idempotencyKey;
        if (operation?.operation !== 'mutation' || key === null || key === undefined) return;
        const locale = contextValue.request?.locale ?? 'pl';
        const refuse = (messageKey: 'idempotency.keyInvalid' | 'idempotency.keyMultipleFields') => {
          const refused = DomainError.badInput(messageKey, {}, { header: 'Idempotency-Key' });
          return new GraphQLError(refused.messageIn(locale), { extensions: { ...refused.extensions, http: { status: 400 } } });
        };
        if (!IDEMPOTENCY_KEY_PATTERN.test(key)) throw refuse('idempotency.keyInvalid');
        const roots = operation.selectionSet.selections;
        if (roots.length !== 1 || roots[0]?.kind !== Kind.FIELD) throw refuse('idempotency.keyMultipleFields');
      },
    };
  },
};

/**
 * Refuses a document whose selection set selects one field more than `max` times (`{ me { id id id … } }`, 500 ×
 * `__typename`): each repeat costs the server a comparison while validating, and costs nothing to send. Fields
 * of inline fragments and fragment spreads count in the selection set they land in.
 */
export function maxFieldRepeatsRule(max: number): ValidationRule {
  return (context) => {
    const count = (selectionSet: SelectionSetNode, counts: Map<string, number>, seen: ReadonlySet<string>) => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          count(selection.selectionSet, counts, seen);
        } else if (!seen.has(selection.name.value)) {
          const fragment = context.getFragment(selection.name.value);
          if (fragment) count(fragment.selectionSet, counts, new Set([...seen, selection.name.value]));
        }
      }
    };
    return {
      SelectionSet(node) {
        const counts = new Map<string, number>();
        count(node, counts, new Set());
        for (const [key, n] of counts) {
          if (n > max) {
            context.reportError(new GraphQLError(`Field repeats limit of ${max} exceeded: "${key}" is selected ${n} times.`, { nodes: [node] }));
            return false;
          }
        }
        return undefined;
      },
    };
  };
}

/**
 * A variable that fails coercion (a required field missing, a wrong type, an unknown enum value) gets graphql-js's
 * English message, which quotes the whole value sent, passwords included. Replace it with the usual invalid-input
 * message in the caller's locale, naming the field only.
 */
const variableErrorsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
          if (error.extensions.code !== ErrorCode.BAD_USER_INPUT || node?.kind !== Kind.VARIABLE_DEFINITION) continue;
          error.message = translate('input.invalid', contextValue.request?.locale ?? 'pl', { fields: variableField(error.message, node.variable.name.value) });
          (error.extensions as Record<string, unknown>).reason = reasonOf('input.invalid');
        }
      },
    };
  },
};

function variableField(message: string, variable: string): string {
  const path = / at "([\w.[\]]+)"; /.exec(message)?.[1] ?? variable;
  const field = /; Field "(\w+)" (?:of required type "[\w![\]]+" was not provided|is not defined by type "\w+")\.$/.exec(message)?.[1];
  return field ? `${path}.${field}` : path;
}
