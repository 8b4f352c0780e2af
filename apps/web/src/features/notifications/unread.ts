import type { ApolloCache } from '@apollo/client';
import { graphql } from './gql';

/** The bell's number, read by the bell and set by the inbox when the API answers a mark-as-read. */
export const UnreadCountQuery = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`);

/** The inbox's operation name: refetched when a notification arrives while it is open. */
export const INBOX_OPERATION = 'NotificationInbox';

export function setUnreadCount(cache: ApolloCache, count: number): void {
  cache.writeQuery({ query: UnreadCountQuery, data: { unreadNotificationCount: count } });
}

export function addUnread(cache: ApolloCache, by: number): void {
  cache.updateQuery({ query: UnreadCountQuery }, (data) => (data ? { unreadNotificationCount: data.unreadNotificationCount + by } : data));
}
