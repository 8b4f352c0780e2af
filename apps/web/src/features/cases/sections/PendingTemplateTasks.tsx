import { List, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { useFormat } from '../../../ui/format';

export const PendingTemplateTasksQuery = graphql(`
  query CasePendingTemplateTasks($id: ID!) {
    case(id: $id) {
      id
      pendingTemplateTasks {
        id
        title
        organisationKind
        dueDate
        effortPoints
      }
    }
  }
`);

/** The template's tasks for a kind of organisation not on the case yet; nothing when there are none (or on failure: the section around says the rest). */
export function PendingTemplateTasks({ caseId }: { caseId: string }) {
  const { t } = useTranslation('templates');
  const format = useFormat();
  const { data } = useQuery(PendingTemplateTasksQuery, { variables: { id: caseId } });
  const pending = data?.case.pendingTemplateTasks ?? [];
  if (pending.length === 0) return null;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={`pending-${caseId}`} data-pending-template-tasks>
      <Title order={3} size="h5" id={`pending-${caseId}`}>
        {t('pending.title')}
      </Title>
      <Text size="sm" c="dimmed" mb={4}>
        {t('pending.hint')}
      </Text>
      <List size="sm">
        {pending.map((task) => (
          <List.Item key={task.id}>{t('pending.row', { title: task.title, who: t(`kind.${task.organisationKind}`), due: format.date(task.dueDate), effort: task.effortPoints })}</List.Item>
        ))}
      </List>
    </Paper>
  );
}
