import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import type { Language } from '../i18n';
import { useSession, type Session } from '../lib';
import { createApolloClient } from './apollo';
import { AppLayout } from './layout/AppLayout';
import { ViewerGate } from './ViewerGate';

let shared: { session: Session; client: ReturnType<typeof createApolloClient> } | null = null;

/** One Apollo client per page load, created when someone first signs in (the sign-in page does without it). */
function clientFor(session: Session, language: () => string) {
  if (shared?.session !== session) shared = { session, client: createApolloClient(session, language) };
  return shared.client;
}

/**
 * Everything behind sign-in, loaded as its own chunk: the GraphQL client, the viewer, the layout and the pages.
 */
export default function SignedIn({ onLanguage, onProfileLanguage, language }: { onLanguage: (l: Language) => void; onProfileLanguage: (l: Language) => void; language: () => string }) {
  const session = useSession();
  const [client] = useState(() => clientFor(session, language));
  useEffect(
    // Signed out (here or by the API): nothing of the last person's data stays in memory.
    () => session.subscribe((status) => {
      if (status === 'signedOut') void client.clearStore();
    }),
    [session, client],
  );
  return (
    <ApolloProvider client={client}>
      <ViewerGate onProfileLanguage={onProfileLanguage}>
        <AppLayout onLanguage={onLanguage} />
      </ViewerGate>
    </ApolloProvider>
  );
}
