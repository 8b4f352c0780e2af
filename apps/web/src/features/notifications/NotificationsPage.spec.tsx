import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { MockLink } from '@apollo/client/testing';
import { renderWithApi } from './test-utils';
import { NotificationAddedSubscription, NotificationBell } from './NotificationBell';
import { InboxQuery, MarkReadMutation, NotificationsPage } from './NotificationsPage';
import { UnreadCountQuery } from './unread';
import type { NotificationInboxQuery } from './gql/graphql';

type Node = NotificationInboxQuery['notifications']['edges'][number]['node'] & { __typename: 'Notification' };

const caseId = '5d1f0000-0000-4000-8000-000000000007';
const unreadOne: Node = {
  __typename: 'Notification',
  id: '0b7a4c1e-0000-4000-8000-000000000001',
  type: 'task.requested',
  title: 'Task request “Night patrol” on case LEG/2026/0007',
  caseId,
  caseReference: 'LEG/2026/0007',
  link: `${window.location.origin}/cases/${caseId}`,
  read: false,
  createdAt: '2026-03-02T09:15:00.000Z',
};
const unreadTwo: Node = { ...unreadOne, id: '0b7a4c1e-0000-4000-8000-000000000002', type: 'case.update-posted', title: 'New update on case LEG/2026/0007' };
// What the API answers for an item its reader may no longer see: its own words, no reference, no link.
const gone: Node = {
  ...unreadOne,
  id: '0b7a4c1e-0000-4000-8000-000000000003',
  type: 'case.update-posted',
  title: 'This item is no longer accessible to you.',
  caseId: null,
  caseReference: null,
  link: null,
  read: true,
  createdAt: '2026-02-20T09:15:00.000Z',
};

function inbox(nodes: Node[], unreadOnly = false): MockLink.MockedResponse {
  return {
    request: { query: InboxQuery, variables: { first: 20, unreadOnly } },
    result: {
      data: {
        notifications: {
          __typename: 'NotificationConnection',
          totalCount: nodes.length,
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          edges: nodes.map((node) => ({ __typename: 'NotificationEdge', cursor: `c-${node.id}`, node })),
        },
      },
    },
  };
}

function baseMocks(unread: number): MockLink.MockedResponse[] {
  return [
    { request: { query: UnreadCountQuery }, result: { data: { unreadNotificationCount: unread } }, maxUsageCount: 3 },
    // Nothing arrives during these tests.
    { request: { query: NotificationAddedSubscription }, result: { data: { notificationAdded: { ...unreadOne, taskId: null } } }, delay: 60_000 },
  ];
}

function Page() {
  return (
    <>
      <NotificationBell />
      <NotificationsPage />
    </>
  );
}

describe('NotificationsPage', () => {
  it('marks one as read: sends its id, the entry is read and the bell’s count falls', async () => {
    const marked = vi.fn(() => ({ data: { markNotificationsRead: { __typename: 'MarkNotificationsReadPayload', marked: 1, unreadCount: 1 } } }));
    renderWithApi(<Page />, {
      path: '/notifications',
      mocks: [...baseMocks(2), inbox([unreadOne, unreadTwo, gone]), { request: { query: MarkReadMutation, variables: { input: { ids: [unreadOne.id] } } }, result: marked }],
    });

    expect(await screen.findByRole('link', { name: 'Notifications: 2 unread' })).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Notifications, newest first' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);

    fireEvent.click(screen.getByRole('button', { name: `Mark as read: ${unreadOne.title}` }));

    expect(await screen.findByRole('link', { name: 'Notifications: 1 unread' })).toBeInTheDocument();
    expect(marked).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('button', { name: `Mark as read: ${unreadOne.title}` })).not.toBeInTheDocument();
    // The other one is still unread.
    expect(screen.getByRole('button', { name: `Mark as read: ${unreadTwo.title}` })).toBeInTheDocument();
  });

  it('marks all as read at once', async () => {
    const marked = vi.fn(() => ({ data: { markNotificationsRead: { __typename: 'MarkNotificationsReadPayload', marked: 2, unreadCount: 0 } } }));
    renderWithApi(<Page />, {
      path: '/notifications',
      mocks: [...baseMocks(2), inbox([unreadOne, unreadTwo]), { request: { query: MarkReadMutation, variables: { input: {} } }, result: marked }],
    });
    await screen.findByRole('list', { name: 'Notifications, newest first' });
    const markAll = await screen.findByRole('button', { name: 'Mark all as read' });
    await waitFor(() => expect(markAll).toBeEnabled());
    fireEvent.click(markAll);

    expect(await screen.findByRole('link', { name: 'Notifications: 0 unread' })).toBeInTheDocument();
    expect(marked).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Marked as read: 2')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Mark as read:/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mark all as read' })).toBeDisabled();
  });

  it('opens an entry’s page inside the app by the path of its link, and marks it read', async () => {
    const marked = vi.fn(() => ({ data: { markNotificationsRead: { __typename: 'MarkNotificationsReadPayload', marked: 1, unreadCount: 0 } } }));
    renderWithApi(<Page />, {
      path: '/notifications',
      mocks: [...baseMocks(1), inbox([unreadOne]), { request: { query: MarkReadMutation, variables: { input: { ids: [unreadOne.id] } } }, result: marked }],
    });
    const link = await screen.findByRole('link', { name: unreadOne.title });
    expect(link).toHaveAttribute('href', `/cases/${caseId}`);
    fireEvent.click(link);
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`/cases/${caseId}`));
    await waitFor(() => expect(marked).toHaveBeenCalledTimes(1));
  });

  it('shows an item its reader may no longer see as the API says, without a link', async () => {
    renderWithApi(<Page />, { path: '/notifications', mocks: [...baseMocks(0), inbox([gone])] });
    const entry = await screen.findByText('This item is no longer accessible to you.');
    expect(entry.closest('a')).toBeNull();
    expect(within(screen.getByRole('listitem')).queryByRole('link')).not.toBeInTheDocument();
  });

  it('filters to the unread ones, and the address keeps the filter', async () => {
    renderWithApi(<Page />, { path: '/notifications', mocks: [...baseMocks(1), inbox([unreadOne, gone]), inbox([unreadOne], true)] });
    const list = await screen.findByRole('list', { name: 'Notifications, newest first' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);

    fireEvent.click(screen.getByRole('switch', { name: 'Unread only' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/notifications?unread=1'));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Notifications, newest first' })).getAllByRole('listitem')).toHaveLength(1));
    expect(screen.queryByText('This item is no longer accessible to you.')).not.toBeInTheDocument();
  });

  it('says so when there is nothing unread', async () => {
    renderWithApi(<Page />, { path: '/notifications?unread=1', language: 'pl', mocks: [...baseMocks(0), inbox([], true)] });
    expect(await screen.findByText('Brak nieprzeczytanych. Wszystko jest na bieżąco.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Powiadomienia' })).toBeInTheDocument();
  });
});
