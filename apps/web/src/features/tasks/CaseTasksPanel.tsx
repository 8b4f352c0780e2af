import { Badge, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from './gql';
import { problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { CreateTaskForm } from './CreateTaskForm';
import { TaskList } from './TaskList';

export const CaseTasksQuery = graphql(`
  query CaseTasks($id: ID!) {
    case(id: $id) {
      id
      reference
      title
      viewerCan {
        createTask
      }
      participants {
        id
        suspended
        organisation {
          id
          name
        }
      }
      actions {
        id
        title
        kind
        status
        startsOn
        endsOn
        cancelReason
        leadOrganisation {
          id
          name
        }
        progress {
          tasks
          done
          open
          overdue
          percentDone
        }
        tasks {
          ...TaskRowFields
        }
      }
      tasks(first: 100) {
        totalCount
        edges {
          node {
            ...TaskRowFields
          }
        }
      }
    }
  }
`);

/**
 * A case's actions with their tasks and progress, the tasks outside any action, and a new task for my organisation
 * or as a request to another participant. Mounted by the case page (`<CaseTasksPanel caseId=… />`) or on its own
 * page (`/cases/<id>/tasks`). `headingOrder` is the level of its own heading (2 on the case page).
 */
export function CaseTasksPanel({ caseId, headingOrder = 2 }: { caseId: string; headingOrder?: 2 | 3 }) {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const { data, error, refetch } = useQuery(CaseTasksQuery, { variables: { id: caseId } });
  const [creating, setCreating] = useState<{ actionId?: string } | null>(null);
  const sub = (headingOrder + 1) as 3 | 4;

  if (!data) {
    const problem = problemOf(error);
    return problem ? <ErrorAlert problem={problem} onRetry={() => void refetch()} /> : <Text>{t('loading', { ns: 'common' })}</Text>;
  }
  const theCase = data.case;
  const organisations = theCase.participants.filter((p) => !p.suspended).map((p) => p.organisation);
  const actions = theCase.actions;
  const loose = theCase.tasks.edges.map((e) => e.node).filter((task) => !actions.some((a) => a.tasks.some((at) => at.id === task.id)));

  return (
    <Stack gap="md" component="section" aria-labelledby={`case-tasks-${caseId}`} data-section="Tasks">
      <Group justify="space-between" wrap="wrap">
        <Title order={headingOrder} id={`case-tasks-${caseId}`}>
          {t('case.title')}
        </Title>
        {theCase.viewerCan.createTask && !creating && <Button onClick={() => setCreating({})}>{t('create.open')}</Button>}
      </Group>
      {creating && (
        <CreateTaskForm
          key={creating.actionId ?? 'case'}
          caseId={caseId}
          organisations={organisations}
          actions={actions.filter((a) => a.status === 'PLANNED')}
          defaultActionId={creating.actionId}
          onCreated={() => {
            setCreating(null);
            void refetch();
          }}
          onClose={() => setCreating(null)}
        />
      )}
      <Title order={sub} size="h4">
        {t('case.actions')}
      </Title>
      {actions.length === 0 && <Text>{t('case.noActions')}</Text>}
      {actions.map((action) => (
        <Paper key={action.id} withBorder p="md" component="article" aria-labelledby={`action-${action.id}`}>
          <Stack gap="xs">
            <Group justify="space-between" wrap="wrap">
              <Title order={(sub + 1) as 4 | 5} size="h5" id={`action-${action.id}`}>
                {action.title}
              </Title>
              <Group gap={6}>
                <Badge color="gray" variant="filled">
                  {t(`actionKind.${action.kind}`)}
                </Badge>
                {action.status === 'CANCELLED' && (
                  <Badge color="dark" variant="filled">
                    {t('case.actionCancelled')}
                  </Badge>
                )}
              </Group>
            </Group>
            <Text size="sm">
              {t('case.actionWindow', { from: format.date(action.startsOn), to: format.date(action.endsOn), lead: action.leadOrganisation.name })}
            </Text>
            {action.cancelReason && <Text size="sm">{t('case.cancelReason', { reason: action.cancelReason })}</Text>}
            <Progress value={action.progress.percentDone} aria-label={t('case.progressLabel', { title: action.title })} />
            <Text size="sm" data-testid="action-progress">
              {t('case.progressSummary', {
                percent: format.number(Math.round(action.progress.percentDone)),
                done: action.progress.done,
                tasks: action.progress.tasks,
                open: action.progress.open,
                overdue: action.progress.overdue,
              })}
            </Text>
            {action.tasks.length > 0 ? <TaskList tasks={action.tasks} caption={t('case.actionTasks', { title: action.title })} showCase={false} /> : <Text size="sm">{t('case.noTasks')}</Text>}
            {theCase.viewerCan.createTask && action.status === 'PLANNED' && !creating && (
              <Group>
                <Button size="xs" variant="default" onClick={() => setCreating({ actionId: action.id })}>
                  {t('create.forAction')}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
      ))}
      <Title order={sub} size="h4">
        {t('case.otherTasks')}
      </Title>
      {loose.length > 0 ? <TaskList tasks={loose} caption={t('case.otherTasks')} showCase={false} /> : <Text>{t('case.noTasks')}</Text>}
    </Stack>
  );
}
