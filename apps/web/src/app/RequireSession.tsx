import { Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useSessionStatus } from '../lib';

/**
 * Pages behind sign-in: while the session is being restored (a reload), a loader; when signed out, the sign-in page
 * with the address to come back to (a link from an e-mail opens its page after sign-in).
 */
export function RequireSession({ children }: { children: React.ReactNode }) {
  const status = useSessionStatus();
  const location = useLocation();
  const { t } = useTranslation('auth');
  if (status === 'signedOut') {
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  if (status === 'restoring') return <Restoring label={t('restoring')} />;
  return <>{children}</>;
}

export function Restoring({ label }: { label: string }) {
  return (
    <Center h="60vh">
      <Stack align="center">
        <Loader aria-hidden />
        <Text role="status">{label}</Text>
      </Stack>
    </Center>
  );
}
