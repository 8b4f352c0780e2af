import { randomUUID } from 'node:crypto';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { Kind, type GraphQLFormattedError } from 'graphql';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, pickLocale, translate } from '@cg/shared/domain';
import type { AppConfig } from '@cg/server/config';
import { isOutage, LoaderRegistry, type Actor, type GraphQLContext } from '@cg/server/core';
import type { AccessTokenService } from '@cg/server/authz';
import { serviceUnavailable } from './outage';

/**
 * Limits tightened for this schema. The deepest legitimate query (cases → edges → node → updates → edges → node
 * → author) is 7 levels; graphql-armor's cost grows 1.5× per level and ignores list sizes, so the cost ceiling sits
 * above a full case page (~25k) and below documents that only nest for nesting's sake.
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 50000,
  maxTokens: 2000,
  maxDirectives: 20,
} as const;

export function graphqlOptions(config: AppConfig, tokens: AccessTokenService): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
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
    path: '/graphql',
    introspection: !production,
    playground: false,
    graphiql: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // An error's `extensions.http` sets the response status (503 for SERVICE_UNAVAILABLE, see outage.ts); Nest would
    // otherwise reset it to 200 whenever the body has a `data` key.
    preserveHttpStatusForExecutionErrors: false,
    plugins: [...armor.plugins, variableErrorsPlugin, ApolloServerPluginCacheControlDisabled()],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
    subscriptions: {
      // graphql-ws on the same path. The socket is authenticated once, when it connects, with the same
      // bearer token (connection parameter `authorization`); a socket without a valid one is refused.
      'graphql-ws': {
        path: '/graphql',
        onConnect: async (ctx: { connectionParams?: Record<string, unknown>; extra: unknown }) => {
          const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
          try {
            const actor = await tokens.actorFromHeader(typeof header === 'string' ? header : undefined);
            if (!actor) return false;
            (ctx.extra as { actor?: Actor }).actor = actor;
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
      // Unexpected and not mapped by the filter (e.g. a failure while building the context).
      const errorId = randomUUID();
      console.error(JSON.stringify({ level: 50, msg: 'unexpected GraphQL error', errorId, err: String(original) }));
      return { message: `Internal error (${errorId})`, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId } };
    },
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
