import { Anchor, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TaskRowFieldsFragment } from './gql/graphql';
import { useFormat } from '../../ui/format';
import { OverdueBadge, PriorityBadge, TaskStatusBadge } from './badges';

/** Tasks as a table at desktop width and as cards on a phone; each title links to its task page. */
export function TaskList({ tasks, caption, showCase = true }: { tasks: readonly TaskRowFieldsFragment[]; caption: string; showCase?: boolean }) {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const wide = useMediaQuery('(min-width: 48em)', true);
  if (!wide) {
    return (
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={caption}>
        {tasks.map((task) => (
          <Card key={task.id} withBorder component="li" padding="sm" data-testid="task-row">
            <Anchor component={Link} to={`/tasks/${task.id}`} fw={600}>
              {task.title}
            </Anchor>
            <Group gap={6} mt={4}>
              <TaskStatusBadge status={task.status} />
              {task.overdue && <OverdueBadge />}
              <PriorityBadge priority={task.priority} />
            </Group>
            <Text size="sm" mt={4}>
              {t('list.dueOn', { date: format.date(task.dueDate) })}
              {showCase && ` · ${task.caseReference}`} · {task.assignee?.displayName ?? t('unassigned')}
            </Text>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <Table striped highlightOnHover aria-label={caption}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('field.title')}</Table.Th>
          {showCase && <Table.Th scope="col">{t('field.case')}</Table.Th>}
          <Table.Th scope="col">{t('field.status')}</Table.Th>
          <Table.Th scope="col">{t('field.due')}</Table.Th>
          <Table.Th scope="col">{t('field.priority')}</Table.Th>
          <Table.Th scope="col">{t('field.effort')}</Table.Th>
          <Table.Th scope="col">{t('field.assignee')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tasks.map((task) => (
          <Table.Tr key={task.id} data-testid="task-row">
            <Table.Td>
              <Anchor component={Link} to={`/tasks/${task.id}`}>
                {task.title}
              </Anchor>
              {task.needsReassignment && (
                <Text size="xs" c="orange.9">
                  {t('task.needsReassignment')}
                </Text>
              )}
            </Table.Td>
            {showCase && (
              <Table.Td>
                <Anchor component={Link} to={`/cases/${task.caseId}`}>
                  {task.caseReference}
                </Anchor>
              </Table.Td>
            )}
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <TaskStatusBadge status={task.status} />
                {task.overdue && <OverdueBadge />}
              </Group>
            </Table.Td>
            <Table.Td>{format.date(task.dueDate)}</Table.Td>
            <Table.Td>
              <PriorityBadge priority={task.priority} />
            </Table.Td>
            <Table.Td>{format.number(task.effortPoints)}</Table.Td>
            <Table.Td>{task.assignee?.displayName ?? t('unassigned')}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
