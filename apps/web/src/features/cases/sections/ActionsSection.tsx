import { Badge, Group, Paper, Progress, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import type { CaseActionsQuery, TaskStatus } from '../gql/graphql';
import { problemOf } from '../../../lib';
import { ScrollTable } from '../../../ui/ScrollTable';
import { useFormat } from '../../../ui/format';
import { ActionsQuery, TASKS_SHOWN } from '../work/actions';
import { WorkSection } from '../work/WorkSection';
import { PendingTemplateTasks } from './PendingTemplateTasks';

type TaskRow = CaseActionsQuery['case']['tasks']['edges'][number]['node'];

const TASK_COLOUR: Record<TaskStatus, string> = {
  PROPOSED: 'yellow',
  ACCEPTED: 'blue',
  IN_PROGRESS: 'indigo',
  DONE: 'green',
  DECLINED: 'gray',
  BLOCKED: 'red',
  CANCELLED: 'gray',
};

function TaskTable({ tasks, caption }: { tasks: readonly TaskRow[]; caption: string }) {
  const { t } = useTranslation('caseWork');
  const format = useFormat();
  if (tasks.length === 0) return <Text size="sm">{t('actions.noTasks')}</Text>;
  return (
    <ScrollTable minWidth={560} label={t('actions.title')}>
      <Table verticalSpacing={4} fz="sm">
        {/* The heading above says it on screen; the caption names the table for screen readers. */}
        <VisuallyHidden component="caption">{caption}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('actions.task.title')}</Table.Th>
            <Table.Th scope="col">{t('actions.task.status')}</Table.Th>
            <Table.Th scope="col">{t('actions.task.assignee')}</Table.Th>
            <Table.Th scope="col">{t('actions.task.due')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((task) => (
            <Table.Tr key={task.id} data-task-id={task.id}>
              <Table.Td>{task.title}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Badge color={TASK_COLOUR[task.status]} size="sm" style={{ minWidth: 'max-content' }}>
                  {t(`taskStatus.${task.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{task.assignee ? t('actions.task.assigneeIn', { name: task.assignee.displayName, organisation: task.organisation.name }) : task.organisation.name}</Table.Td>
              <Table.Td>
                <time dateTime={task.dueDate}>{format.date(task.dueDate)}</time>
                {task.overdue && (
                  <Badge color="red" size="sm" ml="xs">
                    {t('actions.task.overdue')}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** Actions planned on the case and their tasks, read-only here (they are managed on the tasks pages). */
export function ActionsSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation('caseWork');
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(ActionsQuery, { variables: { id: caseId, first: TASKS_SHOWN } });
  const actions = data?.case.actions ?? [];
  const tasks = data?.case.tasks.edges.map((edge) => edge.node) ?? [];
  const loose = tasks.filter((task) => !task.actionId || !actions.some((action) => action.id === task.actionId));
  const totalTasks = data?.case.tasks.totalCount ?? 0;

  return (
    <WorkSection name="Actions" title={t('actions.title')} loading={loading && !data} problem={data ? null : problemOf(error)} onRetry={() => void refetch()}>
      {actions.length === 0 && tasks.length === 0 && <Text>{t('actions.empty')}</Text>}
      {actions.map((action) => (
        <Paper key={action.id} withBorder p="sm" data-action-id={action.id}>
          <Stack gap={6}>
            <Group gap="xs" wrap="wrap">
              <Title order={3} size="h5">
                {action.title}
              </Title>
              <Badge variant="filled" color="gray">
                {t(`actionKind.${action.kind}`)}
              </Badge>
              {action.status === 'CANCELLED' && <Badge color="red">{t('actions.cancelled')}</Badge>}
            </Group>
            <Text size="sm">
              {t('actions.window', { from: format.date(action.startsOn), to: format.date(action.endsOn), organisation: action.leadOrganisation.name })}
            </Text>
            <Progress
              value={action.progress.percentDone}
              aria-label={t('actions.progressLabel', { title: action.title })}
            />
            <Text size="sm">
              {t('actions.progress', { percent: Math.round(action.progress.percentDone), done: action.progress.done, count: action.progress.tasks })}
              {action.progress.overdue > 0 && ` · ${t('actions.overdueCount', { count: action.progress.overdue })}`}
            </Text>
            <TaskTable tasks={tasks.filter((task) => task.actionId === action.id)} caption={t('actions.tasksOf', { title: action.title })} />
          </Stack>
        </Paper>
      ))}
      {loose.length > 0 && (
        <Stack gap={6}>
          <Title order={3} size="h5">
            {t('actions.otherTasks')}
          </Title>
          <TaskTable tasks={loose} caption={t('actions.otherTasks')} />
        </Stack>
      )}
      <PendingTemplateTasks caseId={caseId} />
      {totalTasks > tasks.length && (
        <Text size="sm" c="dimmed">
          {t('actions.moreTasks', { shown: tasks.length, count: totalTasks })}
        </Text>
      )}
    </WorkSection>
  );
}
