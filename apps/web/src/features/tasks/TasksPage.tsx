import { Button, Group, NativeSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { graphql } from './gql';
import type { TaskFilter, TaskRowFieldsFragment } from './gql/graphql';
import { problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { TaskList } from './TaskList';
import { TaskRequests } from './TaskRequests';

export const MyTasksQuery = graphql(`
  query MyTasks($first: Int!, $after: String, $filter: TaskFilter) {
    myTasks(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...TaskRowFields
        }
      }
    }
  }
`);

export const TASK_VIEWS = ['open', 'due', 'overdue', 'blocked', 'done', 'all'] as const;
export type TaskView = (typeof TASK_VIEWS)[number];
export const TASK_SORTS = ['due', 'priority', 'case'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export const PAGE_SIZE = 50;

/** A calendar day in Warsaw, `days` from today (due dates are Warsaw days). */
export function warsawDay(days: number, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date(now + days * 86_400_000));
}

/** What each view asks the API for (the API filters; the page only shows). */
export function filterOf(view: TaskView, now = Date.now()): TaskFilter {
  switch (view) {
    case 'open':
      return { status: ['PROPOSED', 'ACCEPTED', 'IN_PROGRESS', 'BLOCKED'] };
    case 'due':
      // Open and due within the coming week (up to and including the 7th day), overdue ones included.
      return { status: ['PROPOSED', 'ACCEPTED', 'IN_PROGRESS', 'BLOCKED'], dueBefore: warsawDay(8, now) };
    case 'overdue':
      return { overdue: true };
    case 'blocked':
      return { status: ['BLOCKED'] };
    case 'done':
      return { status: ['DONE'] };
    case 'all':
      return {};
  }
}

const PRIORITY_RANK: Record<string, number> = { URGENT: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

/** The API answers by due date; the other orders rearrange the rows loaded, due date breaking ties. */
function sorted(tasks: TaskRowFieldsFragment[], sort: TaskSort): TaskRowFieldsFragment[] {
  if (sort === 'due') return tasks;
  const copy = [...tasks];
  if (sort === 'priority') copy.sort((a, b) => (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) || a.dueDate.localeCompare(b.dueDate));
  else copy.sort((a, b) => a.caseReference.localeCompare(b.caseReference) || a.dueDate.localeCompare(b.dueDate));
  return copy;
}

function isView(value: string | null): value is TaskView {
  return (TASK_VIEWS as readonly string[]).includes(value ?? '');
}
function isSort(value: string | null): value is TaskSort {
  return (TASK_SORTS as readonly string[]).includes(value ?? '');
}

/** `/tasks`: requests to my organisation waiting for an answer, and my tasks (view and order in the address). */
export function TasksPage() {
  const { t } = useTranslation('tasks');
  usePageTitle(t('title'));
  const [params, setParams] = useSearchParams();
  const rawView = params.get('show');
  const rawSort = params.get('sort');
  const view: TaskView = isView(rawView) ? rawView : 'open';
  const sort: TaskSort = isSort(rawSort) ? rawSort : 'due';
  const filter = useMemo(() => filterOf(view), [view]);
  const { data, error, loading, fetchMore, refetch } = useQuery(MyTasksQuery, { variables: { first: PAGE_SIZE, after: null, filter } });
  const connection = data?.myTasks;
  const tasks = sorted(connection?.edges.map((edge) => edge.node) ?? [], sort);

  const update = (key: 'show' | 'sort', value: string, fallback: string) => {
    const next = new URLSearchParams(params);
    if (value === fallback) next.delete(key);
    else next.set(key, value);
    setParams(next);
  };

  return (
    <Stack gap="lg" data-page="tasks">
      <Title order={1}>{t('title')}</Title>
      <TaskRequests />
      <Stack gap="sm" component="section" aria-labelledby="my-tasks">
        <Title order={2} id="my-tasks">
          {t('mine.title')}
        </Title>
        <Group gap="md" align="flex-end" wrap="wrap">
          <div>
            <Text size="sm" fw={500} id="task-view-label" mb={4}>
              {t('mine.view')}
            </Text>
            <SegmentedControl
              aria-labelledby="task-view-label"
              value={view}
              onChange={(value) => update('show', value, 'open')}
              data={TASK_VIEWS.map((value) => ({ value, label: t(`view.${value}`) }))}
              styles={{ root: { flexWrap: 'wrap' } }}
            />
          </div>
          <NativeSelect label={t('mine.sort')} value={sort} onChange={(event) => update('sort', event.currentTarget.value, 'due')} data={TASK_SORTS.map((value) => ({ value, label: t(`sort.${value}`) }))} />
        </Group>
        {error && <ErrorAlert problem={problemOf(error)!} onRetry={() => void refetch()} />}
        {connection && (
          <Text size="sm" role="status">
            {t('mine.count', { count: connection.totalCount })}
          </Text>
        )}
        {connection && tasks.length === 0 && <Text>{t(`empty.${view}`)}</Text>}
        {tasks.length > 0 && <TaskList tasks={tasks} caption={t('mine.title')} />}
        {connection?.pageInfo.hasNextPage && (
          <Button
            variant="default"
            loading={loading}
            onClick={() =>
              void fetchMore({
                variables: { after: connection.pageInfo.endCursor },
                updateQuery: (previous, { fetchMoreResult }) => ({
                  myTasks: { ...fetchMoreResult.myTasks, edges: [...previous.myTasks.edges, ...fetchMoreResult.myTasks.edges] },
                }),
              })
            }
          >
            {t('actions.more', { ns: 'common' })}
          </Button>
        )}
      </Stack>
    </Stack>
  );
}
