import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from './gql';
import { problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { OverdueBadge, PriorityBadge } from './badges';
import { RespondToRequest } from './RespondToRequest';

export const TaskRequestsQuery = graphql(`
  query TaskRequests($first: Int!, $after: String) {
    taskRequests(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...TaskDetailFields
        }
      }
    }
  }
`);

const PAGE = 20;

/**
 * Requests to my organisation waiting for an answer (`taskRequests`: those the API lets me answer), each with accept or
 * decline in place. Answered ones leave the list when it is read again.
 */
export function TaskRequests() {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const { data, error, refetch, fetchMore, loading } = useQuery(TaskRequestsQuery, { variables: { first: PAGE, after: null } });
  const connection = data?.taskRequests;
  const requests = connection?.edges.map((e) => e.node) ?? [];

  return (
    <Stack gap="sm" component="section" aria-labelledby="task-requests" data-section="requests">
      <Title order={2} id="task-requests">
        {t('requests.title')}
      </Title>
      <Text size="sm">{t('requests.help')}</Text>
      {error && <ErrorAlert problem={problemOf(error)!} onRetry={() => void refetch()} />}
      {connection && requests.length === 0 && <Text>{t('requests.none')}</Text>}
      {requests.map((task) => (
        <Paper key={task.id} withBorder p="md" component="article" aria-labelledby={`request-${task.id}`} data-testid="request">
          <Stack gap="xs">
            <Group gap="sm" wrap="wrap">
              <Title order={3} size="h4" id={`request-${task.id}`}>
                <Anchor component={Link} to={`/tasks/${task.id}`} inherit>
                  {task.title}
                </Anchor>
              </Title>
              <PriorityBadge priority={task.priority} />
              {task.overdue && <OverdueBadge />}
            </Group>
            <Text size="sm">
              {t('requests.from', { case: task.caseReference, date: format.date(task.dueDate), points: format.number(task.effortPoints), requester: task.requestedBy?.displayName ?? '—' })}
            </Text>
            {task.description && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {task.description}
              </Text>
            )}
            {task.viewerCan.respond && <RespondToRequest task={task} bare onAnswered={() => void refetch()} onReload={() => void refetch()} />}
          </Stack>
        </Paper>
      ))}
      {connection?.pageInfo.hasNextPage && (
        <Button
          variant="default"
          loading={loading}
          onClick={() =>
            void fetchMore({
              variables: { after: connection.pageInfo.endCursor },
              updateQuery: (previous, { fetchMoreResult }) => ({ taskRequests: { ...fetchMoreResult.taskRequests, edges: [...previous.taskRequests.edges, ...fetchMoreResult.taskRequests.edges] } }),
            })
          }
        >
          {t('actions.more', { ns: 'common' })}
        </Button>
      )}
    </Stack>
  );
}
