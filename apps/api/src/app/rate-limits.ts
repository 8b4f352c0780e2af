import { Global, Injectable, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import IORedis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError, ErrorCode, pickLocale, type Locale, type MessageKey } from '@cg/shared/domain';
import { errorBody } from './graphql-exception.filter';
import { AppConfig } from '@cg/server/config';
import type { GraphQLContext } from '@cg/server/core';
import { redisOptionsFromUrl } from '@cg/server/jobs';

/** The limits of the configuration: what each counts, and the message a refused caller reads. */
export type RateLimitName = 'signIn' | 'mutations' | 'requests';

const MESSAGE: Record<RateLimitName, MessageKey> = {
  signIn: 'rateLimit.signIn',
  mutations: 'rateLimit.mutations',
  requests: 'rateLimit.requests',
};

/** The mutations that check a password or a refresh token: limited per client address, before they run. */
export const SIGN_IN_FIELDS: ReadonlySet<string> = new Set(['login', 'refreshSession']);

/**
 * Rate limits (rate-limiter-flexible). With QUEUE_BACKEND=redis the counts live in Redis under the queue prefix,
 * so every API instance sharing that Redis shares them (an in-memory limiter stands in while Redis does not
 * answer); on the embedded default they live in this process's memory. Keys hold a client address or a user id,
 * nothing else.
 */
@Injectable()
export class RateLimits implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: IORedis | null;
  private readonly limiters: Record<RateLimitName, RateLimiterAbstract>;

  constructor(config: AppConfig) {
    const { store, windowSeconds, signInPerAddress, mutationsPerUser, requestsPerAddress } = config.rateLimits;
    this.redis =
      store === 'redis'
        ? new IORedis({ ...redisOptionsFromUrl(config.redis.url), lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 })
        : null;
    const limiter = (name: RateLimitName, points: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix: `rl:${name}` });
      if (!this.redis) return memory;
      return new RateLimiterRedis({ storeClient: this.redis, points, duration: windowSeconds, keyPrefix: `${config.redis.prefix}:rl:${name}`, insuranceLimiter: memory });
    };
    this.limiters = {
      signIn: limiter('signIn', signInPerAddress),
      mutations: limiter('mutations', mutationsPerUser),
      requests: limiter('requests', requestsPerAddress),
    };
  }

  /** Connected before the API serves, so that the first requests are counted where the other instances count them. */
  async onModuleInit(): Promise<void> {
    await this.redis?.connect().catch((error: unknown) => this.logger.warn({ err: error }, 'Redis does not answer: rate limits counted in memory until it does'));
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  /** Counts `points` for `key` against the limit; over it, throws RATE_LIMITED with the seconds until the window ends. */
  async consume(name: RateLimitName, key: string, points = 1): Promise<void> {
    try {
      await this.limiters[name].consume(key, points);
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) throw DomainError.rateLimited(MESSAGE[name], Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)));
      // The store failed and so did its insurance: let the request through rather than fail it, and say so.
      this.logger.error({ err: outcome }, 'rate limit store failed');
    }
  }
}

@Global()
@Module({ providers: [RateLimits], exports: [RateLimits] })
export class RateLimitModule {}

/**
 * Every HTTP request but health checks, per client address, before its body is read. Registered on the root
 * instance after the logging middleware (so a refusal is logged like any answer) and before the plugins that
 * serve other paths (the queue dashboard), so that they inherit it.
 */
export function limitRequestsPerAddress(fastify: FastifyInstance, limits: RateLimits): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/health')) return;
    try {
      await limits.consume('requests', request.ip);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.RATE_LIMITED) throw error;
      const locale: Locale = pickLocale(request.headers['accept-language']) ?? 'pl';
      return reply
        .code(429)
        .header('retry-after', String(error.details.retryAfterSeconds))
        .header('content-type', 'application/json; charset=utf-8')
        .send(errorBody(error, locale));
    }
  });
}

/**
 * Sign-in mutations per client address, and mutations per signed-in user, counted once the operation is known and
 * before any of it runs: a refused `login` never reaches the password check. Each root field counts (aliases and
 * fragments included), so that one document cannot carry fifteen guesses for the price of one.
 */
export function rateLimitPlugin(limits: RateLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
          const fields = rootFields(operation, fragments);
          const signIns = fields.filter((name) => SIGN_IN_FIELDS.has(name)).length;
          const address = contextValue.request?.clientAddress;
          if (signIns > 0 && address) await limits.consume('signIn', address, signIns);
          const userId = contextValue.actor?.userId;
          if (userId && fields.length > 0) await limits.consume('mutations', userId, fields.length);
        },
      };
    },
  };
}

/** The names of the root fields an operation selects, once per occurrence, through inline fragments and fragment spreads. */
export function rootFields(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): string[] {
  const names: string[] = [];
  const visit = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) names.push(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return names;
}
