import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { useFormat } from '../../../ui/format';
import { SHORT_LIST } from './CaseSections';
import { WorkSection } from './WorkSection';

export const TaskRequestsQuery = graphql(`
  query HomeTaskRequests($first: Int!) {
    taskRequests(first: $first) {
      totalCount
      edges {
        node {
          id
          title
          caseId
          caseReference
          dueDate
          overdue
          requestedBy {
            id
            displayName
          }
        }
      }
    }
  }
`);

/**
 * Requests to the viewer's organisation that wait for an answer (the API lists those the viewer may accept or
 * decline; for anyone else the list is empty or refused). Each opens its case, where the task is answered.
 */
export function RequestsSection() {
  const { t } = useTranslation('home');
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(TaskRequestsQuery, { variables: { first: SHORT_LIST } });
  return (
    <WorkSection
      id="requests"
      title={t('requests.title')}
      empty={t('requests.empty')}
      count={data?.taskRequests.totalCount}
      items={data?.taskRequests.edges.map(({ node }) => ({
        key: node.id,
        to: `/cases/${node.caseId}`,
        label: node.title,
        detail: [
          node.caseReference,
          node.requestedBy ? t('requests.from', { name: node.requestedBy.displayName }) : null,
          t('requests.due', { date: format.date(node.dueDate) }),
        ]
          .filter(Boolean)
          .join(' · '),
      }))}
      loading={loading}
      error={error}
      onRetry={() => void refetch()}
    />
  );
}
