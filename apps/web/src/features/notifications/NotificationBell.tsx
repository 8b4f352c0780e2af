import { ActionIcon, Badge, VisuallyHidden } from '@mantine/core';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from './gql';
import { useSession } from '../../lib';
import { addUnread, INBOX_OPERATION, UnreadCountQuery } from './unread';

export const NotificationAddedSubscription = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      id
      type
      title
      caseId
      caseReference
      taskId
      link
      read
      createdAt
    }
  }
`);

/** After the API ends the subscription, how long before subscribing again (a refreshed session comes first). */
const RESUBSCRIBE_AFTER_MS = 3_000;

function BellIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/**
 * The header's bell: how many notifications are unread, kept current by the `notificationAdded` subscription (no
 * reload), and the way to the inbox. A new arrival is also announced to screen readers.
 */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const session = useSession();
  const { data, refetch } = useQuery(UnreadCountQuery, { fetchPolicy: 'cache-and-network' });
  const [announcement, setAnnouncement] = useState('');
  const resubscribe = useRef<ReturnType<typeof setTimeout> | null>(null);
  const restartRef = useRef<() => void>(() => undefined);

  /**
   * The API ended the subscription (the socket closed for a changed role, or a session refreshed): subscribe again
   * while the person is signed in, and take the count as it is now, so that nothing that came meanwhile is missed.
   */
  const again = () => {
    if (resubscribe.current) return;
    resubscribe.current = setTimeout(() => {
      resubscribe.current = null;
      if (session.status !== 'signedIn') return;
      restartRef.current();
      void refetch().catch(() => undefined);
    }, RESUBSCRIBE_AFTER_MS);
  };

  const { restart } = useSubscription(NotificationAddedSubscription, {
    onData: ({ client, data: result }) => {
      const added = result.data?.notificationAdded;
      if (!added) return;
      if (!added.read) addUnread(client.cache, 1);
      setAnnouncement(t('arrived', { title: added.title }));
      // An open inbox shows it at once.
      void client.refetchQueries({ include: 'active', onQueryUpdated: (query) => (query.queryName === INBOX_OPERATION ? query.refetch() : false) });
    },
    onError: again,
    onComplete: again,
  });
  restartRef.current = restart;
  useEffect(
    () => () => {
      if (resubscribe.current) clearTimeout(resubscribe.current);
    },
    [],
  );

  // Back to the tab after a while (the socket may have been away): the count as the API has it now.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refetch().catch(() => undefined);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [refetch]);

  const count = data?.unreadNotificationCount ?? 0;
  const label = data ? t('bell', { count }) : t('bellUnknown');
  return (
    <>
      <ActionIcon component={Link} to="/notifications" variant="subtle" size="lg" aria-label={label} data-testid="notification-bell" pos="relative" style={{ overflow: 'visible' }}>
        <BellIcon />
        {count > 0 && (
          <Badge aria-hidden="true" size="xs" circle={count < 10} color="red" pos="absolute" top={-3} right={-7} px={count < 10 ? 0 : 4} style={{ zIndex: 1, pointerEvents: 'none' }}>
            {count > 99 ? '99+' : count}
          </Badge>
        )}
      </ActionIcon>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
    </>
  );
}
