import { Anchor, Badge, Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import type { ApolloCache } from '@apollo/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { graphql } from './gql';
import type { NotificationInboxQuery } from './gql/graphql';
import { problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { useFormat } from '../../ui/format';
import { usePageTitle } from '../../ui/usePageTitle';
import { inAppPath } from './links';
import { setUnreadCount, UnreadCountQuery } from './unread';

const PAGE_SIZE = 20;

export const InboxQuery = graphql(`
  query NotificationInbox($first: Int!, $after: String, $unreadOnly: Boolean!) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          type
          title
          caseId
          caseReference
          link
          read
          createdAt
        }
      }
    }
  }
`);

export const MarkReadMutation = graphql(`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) {
      marked
      unreadCount
    }
  }
`);

type Item = NotificationInboxQuery['notifications']['edges'][number]['node'];

/** The API's answer, then the same in the cache: these are read now, and the bell shows the API's count. */
function markedInCache(cache: ApolloCache, ids: readonly string[], unreadCount: number) {
  for (const id of ids) {
    cache.modify({ id: cache.identify({ __typename: 'Notification', id }), fields: { read: () => true } });
  }
  setUnreadCount(cache, unreadCount);
}

function useMarkRead() {
  const [mutate, state] = useMutation(MarkReadMutation);
  /** `ids` null: every unread one (the API marks them all); `loaded` are the ones this page shows. */
  const mark = async (ids: readonly string[] | null, loaded: readonly string[]) => {
    const result = await mutate({
      variables: { input: ids ? { ids: [...ids] } : {} },
      update: (cache, { data }) => {
        if (data) markedInCache(cache, ids ?? loaded, data.markNotificationsRead.unreadCount);
      },
    });
    return result.data?.markNotificationsRead ?? null;
  };
  return { mark, error: state.error, loading: state.loading };
}

function NotificationItem({ item, onMark, marking }: { item: Item; onMark: (item: Item) => void; marking: boolean }) {
  const { t } = useTranslation('notifications');
  const format = useFormat();
  const path = inAppPath(item.link, item.caseId);
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      // Unread: a bar at the side, the badge and bold text (not colour alone); the text keeps its contrast on white.
      style={item.read ? undefined : { borderLeft: '4px solid var(--mantine-color-blue-8)' }}
      data-read={item.read}
      tabIndex={-1}
      id={`notification-${item.id}`}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={4} style={{ flex: '1 1 16rem', minWidth: 0 }}>
          {path ? (
            <Anchor component={Link} to={path} fw={item.read ? 400 : 600} onClick={() => !item.read && onMark(item)} style={{ overflowWrap: 'anywhere' }}>
              {item.title}
            </Anchor>
          ) : (
            <Text fw={item.read ? 400 : 600} style={{ overflowWrap: 'anywhere' }}>
              {item.title}
            </Text>
          )}
          <Group gap="xs" wrap="wrap">
            {!item.read && (
              <Badge size="sm" color="blue" variant="filled">
                {t('unread')}
              </Badge>
            )}
            <Text size="xs" c="gray.7" component="time" dateTime={item.createdAt} title={format.dateTime(item.createdAt)}>
              {format.relative(item.createdAt)}
            </Text>
          </Group>
        </Stack>
        {!item.read && (
          <Button size="compact-sm" variant="default" onClick={() => onMark(item)} loading={marking} aria-label={t('markOneLabel', { title: item.title })}>
            {t('markOne')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

/** One page of the inbox, read through its own cursor; the last page offers the next. */
function InboxPage({
  after,
  unreadOnly,
  onMore,
  isLast,
  onLoaded,
}: {
  after: string | null;
  unreadOnly: boolean;
  onMore: (cursor: string) => void;
  isLast: boolean;
  onLoaded: (after: string | null, ids: string[]) => void;
}) {
  const { t } = useTranslation('notifications');
  const { data, error, loading, refetch } = useQuery(InboxQuery, {
    variables: { first: PAGE_SIZE, unreadOnly, ...(after ? { after } : {}) },
  });
  const { mark, error: markError } = useMarkRead();
  const [marking, setMarking] = useState<string | null>(null);
  const items = data?.notifications.edges.map((edge) => edge.node) ?? [];
  const ids = items.map((i) => i.id).join(',');
  useEffect(() => onLoaded(after, ids ? ids.split(',') : []), [after, ids, onLoaded]);

  const onMark = (item: Item) => {
    setMarking(item.id);
    void mark([item.id], [item.id])
      .catch(() => undefined)
      .finally(() => {
        setMarking(null);
        // The button is gone once read: keep the keyboard on the entry.
        document.getElementById(`notification-${item.id}`)?.focus();
      });
  };

  if (!data && loading) return <Loading label={t('loading')} size="sm" />;
  if (!data) {
    const problem = problemOf(error);
    return problem ? <ErrorAlert problem={problem} onRetry={() => void refetch()} /> : null;
  }
  const markProblem = problemOf(markError);
  return (
    <>
      {markProblem && <ErrorAlert problem={markProblem} />}
      {items.length === 0 && after === null ? (
        <Text>{unreadOnly ? t('emptyUnread') : t('empty')}</Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={after === null ? t('listLabel') : t('moreLabel')}>
          {items.map((item) => (
            <NotificationItem key={item.id} item={item} onMark={onMark} marking={marking === item.id} />
          ))}
        </Stack>
      )}
      {isLast && data.notifications.pageInfo.hasNextPage && data.notifications.pageInfo.endCursor && (
        <Group>
          <Button variant="default" onClick={() => onMore(data.notifications.pageInfo.endCursor!)}>
            {t('more')}
          </Button>
        </Group>
      )}
    </>
  );
}

/** The inbox: newest first, optionally only the unread ones; mark one or all as read; each entry opens its page. */
export function NotificationsPage() {
  const { t } = useTranslation('notifications');
  usePageTitle(t('title'));
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === '1';
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const loaded = useRef(new Map<string | null, string[]>());
  const { data: count } = useQuery(UnreadCountQuery, { fetchPolicy: 'cache-first' });
  const { mark, error, loading } = useMarkRead();
  const [done, setDone] = useState<number | null>(null);
  const unread = count?.unreadNotificationCount ?? 0;

  const onLoaded = useCallback((page: string | null, ids: string[]) => void loaded.current.set(page, ids), []);

  const setUnreadOnly = (value: boolean) => {
    setCursors([null]);
    loaded.current.clear();
    setDone(null);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set('unread', '1');
        else next.delete('unread');
        return next;
      },
      { replace: true },
    );
  };

  const markAll = () => {
    setDone(null);
    void mark(null, [...loaded.current.values()].flat())
      .then((answer) => setDone(answer?.marked ?? null))
      .catch(() => undefined);
  };

  const problem = problemOf(error);
  return (
    <Stack gap="md" maw={860}>
      <Group justify="space-between" align="center" wrap="wrap">
        <Title order={1}>{t('title')}</Title>
        <Anchor component={Link} to="/notifications/preferences">
          {t('preferencesLink')}
        </Anchor>
      </Group>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Switch label={t('unreadOnly')} checked={unreadOnly} onChange={(event) => setUnreadOnly(event.currentTarget.checked)} />
        <Group gap="sm">
          <Text size="sm" role="status">
            {done !== null ? t('markedAll', { count: done }) : t('unreadCount', { count: unread })}
          </Text>
          <Button onClick={markAll} loading={loading} disabled={unread === 0}>
            {t('markAll')}
          </Button>
        </Group>
      </Group>
      {problem && <ErrorAlert problem={problem} onRetry={markAll} />}
      {cursors.map((after, index) => (
        <InboxPage
          key={`${unreadOnly}-${after ?? 'first'}`}
          after={after}
          unreadOnly={unreadOnly}
          isLast={index === cursors.length - 1}
          onMore={(cursor) => setCursors((list) => [...list, cursor])}
          onLoaded={onLoaded}
        />
      ))}
    </Stack>
  );
}
