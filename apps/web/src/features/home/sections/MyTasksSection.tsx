import { Badge } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { useFormat } from '../../../ui/format';
import { addDays } from '../dates';
import { SHORT_LIST } from './CaseSections';
import { WorkSection } from './WorkSection';

/** Tasks due within this many days count as "due" on the start page (overdue ones always do). */
export const DUE_WITHIN_DAYS = 7;
const OPEN_STATUSES = ['ACCEPTED', 'IN_PROGRESS', 'BLOCKED'] as const;

export const MyTasksDueQuery = graphql(`
  query HomeMyTasksDue($first: Int!, $filter: TaskFilter!) {
    myTasks(first: $first, filter: $filter) {
      totalCount
      edges {
        node {
          id
          title
          caseId
          caseReference
          dueDate
          overdue
          status
        }
      }
    }
  }
`);

/** My open tasks that are overdue or due within the week, the soonest first; each opens its case. */
export function MyTasksSection({ today }: { today: string }) {
  const { t } = useTranslation('home');
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(MyTasksDueQuery, {
    variables: { first: SHORT_LIST, filter: { status: [...OPEN_STATUSES], dueBefore: addDays(today, DUE_WITHIN_DAYS + 1) } },
  });
  return (
    <WorkSection
      id="tasks"
      title={t('tasks.title')}
      empty={t('tasks.empty')}
      count={data?.myTasks.totalCount}
      items={data?.myTasks.edges.map(({ node }) => ({
        key: node.id,
        to: `/cases/${node.caseId}`,
        label: node.title,
        detail: (
          <>
            {node.caseReference} · {t('tasks.due', { date: format.date(node.dueDate) })}{' '}
            {node.overdue && (
              <Badge size="xs" color="red" variant="filled" component="span">
                {t('tasks.overdue')}
              </Badge>
            )}
          </>
        ),
      }))}
      loading={loading}
      error={error}
      onRetry={() => void refetch()}
    />
  );
}
