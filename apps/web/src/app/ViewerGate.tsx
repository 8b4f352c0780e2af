import { Center, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from './gql';
import { ErrorAlert } from '../ui/ErrorAlert';
import { ViewerContext, problemOf, useSessionStatus } from '../lib';
import { isLanguage, type Language } from '../i18n';

const ViewerQuery = graphql(`
  query Viewer {
    me {
      id
      displayName
      email
      locale
      roles
      version
      organisation {
        id
        name
        kind
      }
    }
  }
`);

/** The signed-in person (`me`) for the pages, in the language of their profile. */
export function ViewerGate({ children, onProfileLanguage }: { children: React.ReactNode; onProfileLanguage: (language: Language) => void }) {
  const status = useSessionStatus();
  const { t, i18n } = useTranslation('auth');
  const { data, error, refetch } = useQuery(ViewerQuery, { skip: status !== 'signedIn', fetchPolicy: 'cache-first' });
  const profileLanguage = data?.me.locale.toLowerCase();
  // The pages first appear in the language of the profile, not in the device's for a moment before it (once shown,
  // a switch made on the page is not held back).
  const shown = useRef(false);
  if (data && (!isLanguage(profileLanguage) || i18n.language === profileLanguage)) shown.current = true;

  useEffect(() => {
    if (isLanguage(profileLanguage)) onProfileLanguage(profileLanguage);
  }, [profileLanguage, onProfileLanguage]);

  if ((!data && !error) || (data && !shown.current)) {
    return (
      <Center h="60vh">
        <Stack align="center">
          <Loader aria-hidden />
          <Text role="status">{t('restoring')}</Text>
        </Stack>
      </Center>
    );
  }
  if (!data) {
    const problem = problemOf(error);
    return problem ? <ErrorAlert problem={problem} onRetry={() => void refetch()} /> : null;
  }
  return <ViewerContext.Provider value={data.me}>{children}</ViewerContext.Provider>;
}
