import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { graphql } from './gql';
import { problemOf, useViewer } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { usePageTitle } from '../../ui/usePageTitle';
import { CaseFilters } from './list/CaseFilters';
import { CaseCards, CaseTable } from './list/CaseResults';
import { clearFilters, isFiltered, readView, variablesOf, writeView, type CaseListView } from './list/view';

export const CaseListQuery = graphql(`
  query CaseList($first: Int!, $after: String, $filter: CaseFilter, $orderBy: CaseOrder!) {
    cases(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...CaseListItem
        }
      }
    }
  }
`);

/** Validation problems on the list's arguments (`filter.search`), by filter field (`search`). */
function filterFieldErrors(fields: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [field, problems] of Object.entries(fields ?? {})) out[field.replace(/^filter\./, '')] = problems;
  return out;
}

/**
 * The cases the viewer's organisation takes part in. The address holds the whole view (filters, search, order and
 * page), so a link reproduces it and back/forward move through it; the API decides which cases are listed.
 */
export function CaseListPage() {
  const { t } = useTranslation(['cases', 'templates']);
  const viewer = useViewer();
  const format = useFormat();
  usePageTitle(t('title'));
  const [params, setParams] = useSearchParams();
  const view = readView(params);
  const wide = useMediaQuery('(min-width: 62em)', false, { getInitialValueInEffect: false });
  const { data, previousData, loading, error, refetch } = useQuery(CaseListQuery, { variables: variablesOf(view) });

  const show = (next: CaseListView) => setParams(writeView(next));
  const shown = data ?? (loading ? previousData : undefined);
  const problem = problemOf(error);
  const connection = shown?.cases;
  const items = connection?.edges.map((edge) => edge.node) ?? [];
  const page = view.after.length + 1;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1}>{t('title')}</Title>
        {viewer?.roles.includes('COORDINATOR') && (
          <Button component={Link} to="/cases/new">
            {t('openCase', { ns: 'templates' })}
          </Button>
        )}
      </Group>
      <CaseFilters view={view} onChange={show} compact={!wide} fieldErrors={problem?.code === 'BAD_USER_INPUT' ? filterFieldErrors(problem.fields) : undefined} />

      {problem && !loading && <ErrorAlert problem={problem} onRetry={() => void refetch()} />}

      {loading && (
        <Group gap="xs" role="status">
          <Loader size="sm" aria-hidden />
          <Text size="sm">{t('list.loading')}</Text>
        </Group>
      )}

      {connection && (
        <>
          <Text size="sm" aria-live="polite">
            {t('list.total', { n: format.number(connection.totalCount) })}
            {page > 1 && ` · ${t('list.page', { n: format.number(page) })}`}
          </Text>
          {items.length === 0 ? (
            <Stack gap="xs" align="flex-start" data-testid="case-list-empty">
              <Text fw={500}>{isFiltered(view) ? t('list.emptyFiltered') : t('list.empty')}</Text>
              {isFiltered(view) && (
                <Button variant="default" size="xs" onClick={() => show(clearFilters(view))}>
                  {t('filters.clear')}
                </Button>
              )}
            </Stack>
          ) : wide ? (
            <CaseTable items={items} />
          ) : (
            <CaseCards items={items} />
          )}
          {(page > 1 || connection.pageInfo.hasNextPage) && (
            <Group component="nav" aria-label={t('list.pagination')} gap="sm">
              <Button variant="default" disabled={page === 1} onClick={() => show({ ...view, after: view.after.slice(0, -1) })}>
                {t('list.previous')}
              </Button>
              <Button
                variant="default"
                disabled={!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor || loading}
                onClick={() => connection.pageInfo.endCursor && show({ ...view, after: [...view.after, connection.pageInfo.endCursor] })}
              >
                {t('list.next')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
