import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError } from '@cg/shared/domain';
import type { GraphQLContext } from '@cg/server/core';
import { abilityOf } from './abilities';
import { POLICY_KEY, type PolicyMetadata } from './policy.decorator';

/**
 * The global guard. An operation that states no policy is denied, whoever calls it. Field resolvers are
 * not guarded here (Nest does not run guards on them by default); their services check access.
 */
@Injectable()
export class PoliciesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const policy = this.reflector.getAllAndOverride<PolicyMetadata | undefined>(POLICY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw DomainError.forbidden();
    if (policy.kind === 'public') return true;

    if (context.getType<string>() !== 'graphql') {
      // Only GraphQL operations carry a signed-in person; HTTP routes must be public (health checks).
      throw DomainError.forbidden();
    }
    const gql = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    if (!gql.request.actor) throw gql.authError ?? DomainError.unauthenticated();
    if (policy.kind === 'authenticated') return true;
    if (!policy.check(abilityOf(gql.request))) throw DomainError.forbidden();
    return true;
  }
}
