import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from './gql';
import { isAbsent, problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { NotFound } from '../../ui/NotFound';
import { useFormat } from '../../ui/format';
import { usePageTitle } from '../../ui/usePageTitle';
import { AssignTaskForm } from './AssignTaskForm';
import { OverdueBadge, PriorityBadge, TaskStatusBadge } from './badges';
import { RespondToRequest } from './RespondToRequest';
import { StatusControls } from './StatusControls';

export const TaskPageQuery = graphql(`
  query TaskPage($id: ID!) {
    task(id: $id) {
      ...TaskDetailFields
    }
  }
`);

/** One task (`/tasks/<id>`, the link of every task notification): what it is, where it stands, what the reader may do. */
export function TaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const { data, error, loading, refetch } = useQuery(TaskPageQuery, { variables: { id } });
  const task = data?.task;
  usePageTitle(task?.title ?? t('task.title'));

  if (!task) {
    if (loading) return <Loading label={t('loading', { ns: 'common' })} />;
    const problem = problemOf(error);
    if (isAbsent(problem)) return <NotFound />;
    return problem ? <ErrorAlert problem={problem} onRetry={() => void refetch()} /> : null;
  }
  const reload = () => void refetch();
  // Only another organisation's request is answered (accepted or declined); a task of my organisation's own, still
  // PROPOSED because nobody was named (the workload guard refused the person, say), is simply assigned.
  const answers = task.viewerCan.respond && task.isRequest;
  const detail = (label: string, value: React.ReactNode) => (
    <div>
      <Text size="xs" c="gray.8" component="dt">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {value}
      </Text>
    </div>
  );

  return (
    <Stack gap="md" data-page="task">
      <Anchor component={Link} to="/tasks" size="sm">
        {t('task.back')}
      </Anchor>
      <Group gap="sm" align="center" wrap="wrap">
        <Title order={1}>{task.title}</Title>
        <TaskStatusBadge status={task.status} />
        {task.overdue && <OverdueBadge />}
        {task.isRequest && (
          <Badge color="grape.9" variant="filled">
            {t('request')}
          </Badge>
        )}
      </Group>
      {task.needsReassignment && (
        <Alert color="orange" title={t('task.needsReassignment')}>
          {t('task.needsReassignmentBody')}
        </Alert>
      )}
      {task.status === 'DECLINED' && task.declineReason && (
        <Alert color="red" title={t('task.declined')} data-testid="decline-reason">
          {task.declineReason}
        </Alert>
      )}
      {task.status === 'BLOCKED' && task.blockReason && (
        <Alert color="orange" title={t('task.blocked')}>
          {task.blockReason}
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl" m={0} spacing="md">
          {detail(t('field.case'), <Anchor component={Link} to={`/cases/${task.caseId}`}>{task.caseReference}</Anchor>)}
          {detail(t('field.organisation'), task.organisation.name)}
          {detail(t('field.assignee'), task.assignee?.displayName ?? t('unassigned'))}
          {detail(t('field.due'), format.date(task.dueDate))}
          {detail(t('field.priority'), <PriorityBadge priority={task.priority} />)}
          {detail(t('field.effort'), t('capacity.points', { count: task.effortPoints, formatted: format.number(task.effortPoints) }))}
          {detail(t('field.requestedBy'), task.requestedBy?.displayName ?? '—')}
          {detail(t('field.created'), format.dateTime(task.createdAt))}
          {task.respondedAt && detail(t('field.responded'), format.dateTime(task.respondedAt))}
        </SimpleGrid>
        {task.description && (
          <Text mt="md" style={{ whiteSpace: 'pre-wrap' }}>
            {task.description}
          </Text>
        )}
        {task.capacityOverrideReason && (
          <Text mt="md" size="sm" data-testid="override-reason">
            <strong>{t('task.overrideReason')}</strong> {task.capacityOverrideReason}
          </Text>
        )}
      </Paper>
      {answers && <RespondToRequest task={task} onReload={reload} />}
      {(task.viewerCan.moveTo.length > 0 || task.viewerCan.cancel) && (
        <Paper withBorder p="md" component="section" aria-labelledby="task-status">
          <Title order={2} size="h4" id="task-status" mb="sm">
            {t('task.statusTitle')}
          </Title>
          <StatusControls task={task} onReload={reload} />
        </Paper>
      )}
      {task.viewerCan.assign && !answers && (
        <Paper withBorder p="md" component="section" aria-labelledby="task-assign">
          <Title order={2} size="h4" id="task-assign" mb="sm">
            {t('assign.title')}
          </Title>
          <AssignTaskForm task={task} onReload={reload} />
        </Paper>
      )}
    </Stack>
  );
}
