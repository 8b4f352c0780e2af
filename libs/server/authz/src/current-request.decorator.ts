import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLContext, RequestContext } from '@cg/server/core';

/** The request context (actor, request id, client address, locale) of a GraphQL operation. */
export const CurrentRequest = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  return GqlExecutionContext.create(context).getContext<GraphQLContext>().request;
});

/** The per-request GraphQL context, for field resolvers that use DataLoaders. */
export const GqlContext = createParamDecorator((_: unknown, context: ExecutionContext): GraphQLContext => {
  return GqlExecutionContext.create(context).getContext<GraphQLContext>();
});
