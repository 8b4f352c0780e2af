import { screen } from '@testing-library/react';
import { renderWithApi } from './test-utils';
import { NotificationAddedSubscription, NotificationBell } from './NotificationBell';
import { UnreadCountQuery } from './unread';

const arrived = {
  __typename: 'Notification' as const,
  id: '0b7a4c1e-0000-4000-8000-000000000001',
  type: 'case.escalated',
  title: 'CRISIS: case LEG/2026/0007 escalated to crisis',
  caseId: '5d1f0000-0000-4000-8000-000000000007',
  caseReference: 'LEG/2026/0007',
  taskId: null,
  link: 'http://localhost/cases/5d1f0000-0000-4000-8000-000000000007',
  read: false,
  createdAt: '2026-03-02T09:15:00.000Z',
};

describe('NotificationBell', () => {
  it('shows the unread count, and it rises when a notification arrives on the subscription, without a reload', async () => {
    renderWithApi(<NotificationBell />, {
      mocks: [
        { request: { query: UnreadCountQuery }, result: { data: { unreadNotificationCount: 2 } } },
        // The subscription's event comes after the count has been shown.
        { request: { query: NotificationAddedSubscription }, result: { data: { notificationAdded: arrived } }, delay: 50 },
      ],
    });

    const bell = await screen.findByRole('link', { name: 'Notifications: 2 unread' });
    expect(bell).toHaveAttribute('href', '/notifications');
    expect(bell).toHaveTextContent('2');

    expect(await screen.findByRole('link', { name: 'Notifications: 3 unread' })).toHaveTextContent('3');
    // Screen readers hear of it too.
    expect(screen.getByRole('status')).toHaveTextContent('New notification: CRISIS: case LEG/2026/0007 escalated to crisis');
  });

  it('names the count in Polish', async () => {
    renderWithApi(<NotificationBell />, {
      language: 'pl',
      mocks: [
        { request: { query: UnreadCountQuery }, result: { data: { unreadNotificationCount: 5 } } },
        { request: { query: NotificationAddedSubscription }, result: { data: { notificationAdded: { ...arrived, read: true } } }, delay: 10_000 },
      ],
    });
    expect(await screen.findByRole('link', { name: 'Powiadomienia — nieprzeczytane: 5' })).toBeInTheDocument();
  });

  it('shows no badge when nothing is unread', async () => {
    renderWithApi(<NotificationBell />, {
      mocks: [
        { request: { query: UnreadCountQuery }, result: { data: { unreadNotificationCount: 0 } } },
        { request: { query: NotificationAddedSubscription }, result: { data: { notificationAdded: arrived } }, delay: 10_000 },
      ],
    });
    const bell = await screen.findByRole('link', { name: 'Notifications: 0 unread' });
    expect(bell).not.toHaveTextContent('0');
  });
});
