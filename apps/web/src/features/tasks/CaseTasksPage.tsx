import { Anchor, Stack, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isAbsent, problemOf } from '../../lib';
import { NotFound } from '../../ui/NotFound';
import { usePageTitle } from '../../ui/usePageTitle';
import { CaseTasksPanel, CaseTasksQuery } from './CaseTasksPanel';

/** `/cases/<id>/tasks`: the case's actions and tasks on a page of their own (the case page mounts the same panel). */
export function CaseTasksPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('tasks');
  const { data, error } = useQuery(CaseTasksQuery, { variables: { id } });
  usePageTitle(data ? t('case.pageTitle', { reference: data.case.reference }) : t('case.title'));
  if (isAbsent(problemOf(error))) return <NotFound />;
  return (
    <Stack gap="md" data-page="case-tasks">
      <Anchor component={Link} to={`/cases/${id}`} size="sm">
        {t('case.back')}
      </Anchor>
      <Title order={1}>{data ? t('case.pageTitle', { reference: data.case.reference }) : t('case.title')}</Title>
      <CaseTasksPanel caseId={id} headingOrder={2} />
    </Stack>
  );
}
