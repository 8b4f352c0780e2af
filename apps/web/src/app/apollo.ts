import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { RetryLink } from '@apollo/client/link/retry';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { Kind, OperationTypeNode } from 'graphql';
import { from, switchMap } from 'rxjs';
import type { Session } from '../lib';

const GRAPHQL_PATH = '/graphql';
/** Socket close codes of the API: the session has ended (4401) or the person's roles changed (4403). */
const SESSION_ENDED = 4401;
const ROLES_CHANGED = 4403;

function isMutation(operation: ApolloLink.Operation): boolean {
  const definition = getMainDefinition(operation.query);
  return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.MUTATION;
}

function isSubscription(operation: ApolloLink.Operation): boolean {
  const definition = getMainDefinition(operation.query);
  return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
}

function newKey(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * One Apollo client for the page: HTTP for queries and mutations, graphql-ws for subscriptions, same origin only.
 *
 * - Every mutation carries an `Idempotency-Key`, chosen once per mutation and kept through retries, so that a
 *   write whose answer was lost is not written twice when retried.
 * - An `UNAUTHENTICATED` answer refreshes the access token once and repeats the operation; when the refresh is
 *   refused the session has ended and the person is signed out.
 * - A network failure or an outage (503 `SERVICE_UNAVAILABLE`) is retried a few times with backoff.
 */
export function createApolloClient(session: Session, language: () => string): ApolloClient {
  const idempotency = new ApolloLink((operation, forward) => {
    if (isMutation(operation) && !operation.getContext().idempotencyKey) operation.setContext({ idempotencyKey: newKey() });
    return forward(operation);
  });

  const headers = new SetContextLink((context) => {
    const token = session.accessToken;
    const extra: Record<string, string> = { 'accept-language': language() };
    if (token) extra.authorization = `Bearer ${token}`;
    if (typeof context.idempotencyKey === 'string') extra['idempotency-key'] = context.idempotencyKey;
    return { headers: { ...(context.headers as Record<string, string> | undefined), ...extra } };
  });

  const reauthenticate = new ErrorLink(({ error, operation, forward }) => {
    if (!CombinedGraphQLErrors.is(error)) return;
    if (!error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return;
    if (operation.getContext().reauthenticated || !session.accessToken) return;
    operation.setContext({ reauthenticated: true });
    return from(session.refresh()).pipe(
      switchMap((token) => {
        if (!token) session.ended();
        return forward(operation);
      }),
    );
  });

  const retry = new RetryLink({
    delay: { initial: 400, max: 5_000, jitter: true },
    attempts: {
      max: 4,
      retryIf: (error) => {
        if (!error) return false;
        const status = (error as { statusCode?: number }).statusCode;
        // A network failure (no answer) or an outage (503); never a refusal or a bug.
        return status === undefined ? !CombinedGraphQLErrors.is(error) : status === 503;
      },
    },
  });

  const http = new HttpLink({ uri: GRAPHQL_PATH, credentials: 'same-origin' });

  const wsUrl = () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${GRAPHQL_PATH}`;
  const socket = createClient({
    url: wsUrl,
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => session.status === 'signedIn',
    connectionParams: () => (session.accessToken ? { authorization: `Bearer ${session.accessToken}` } : {}),
    on: {
      closed: (event) => {
        const code = (event as CloseEvent | undefined)?.code;
        if (code === SESSION_ENDED || code === ROLES_CHANGED) {
          // Ended elsewhere (sign-out, deactivation) or the roles changed: a refresh tells which; the socket
          // reconnects with the new token when the session goes on.
          void session.refresh();
        }
      },
    },
  });
  session.subscribe((status) => {
    if (status === 'signedOut') socket.terminate();
  });

  const transport = ApolloLink.split(isSubscription, new GraphQLWsLink(socket), http);

  return new ApolloClient({
    link: ApolloLink.from([idempotency, reauthenticate, retry, headers, transport]),
    cache: new InMemoryCache({
      typePolicies: {
        // Connections are read page by page through their own arguments; no merging across pages.
        Query: { fields: {} },
        // What the viewer may do has no id of its own: sections that ask for different flags of the same case (or
        // task) add to one object instead of replacing each other's.
        CaseViewerPermissions: { merge: true },
        TaskViewerPermissions: { merge: true },
        // The participants of a case are the list the API answered (a removed one is gone), not a merge.
        Case: { fields: { participants: { merge: false } } },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
