import type { Actor, RequestContext } from './request-context';
import type { LoaderRegistry } from './loaders';
import type { DomainError } from '@cg/shared/domain';

/** The GraphQL context value built once per request by the API. */
export interface GraphQLContext {
  request: RequestContext;
  loaders: LoaderRegistry;
  /** Why authentication failed, when a token was sent but was not accepted. */
  authError: DomainError | null;
  /** The operation name and type, for audit of refusals. */
  operation?: { type: string; name: string };
  actor: Actor | null;
}
