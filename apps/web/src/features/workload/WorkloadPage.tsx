import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from './gql';
import { problemOf, useViewer } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { usePageTitle } from '../../ui/usePageTitle';
import { AwayCalendar } from './AwayCalendar';
import { LoadBar } from './LoadBar';
import { MarkUnavailableForm } from './MarkUnavailableForm';

export const WorkloadQuery = graphql(`
  query Workload($organisationId: ID!) {
    workload(organisationId: $organisationId) {
      organisationId
      summary {
        openRequests
        averageAnswerHours
        overdueCount
        peopleOverCapacity
      }
      people(first: 100) {
        totalCount
        edges {
          node {
            person {
              id
              displayName
            }
            load
            capacity
            loadRatio
            overCapacity
            overdueCount
            dueThisWeek
            unavailable {
              startsOn
              endsOn
              reason
            }
          }
        }
      }
    }
  }
`);

function warsawToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());
}

/** `/workload`: a coordinator's view of the organisation's load, person by person, who is away, and who takes over. */
export function WorkloadPage() {
  const { t } = useTranslation('workload');
  const format = useFormat();
  const viewer = useViewer();
  usePageTitle(t('title'));
  const organisationId = viewer?.organisation.id ?? '';
  const { data, error, refetch } = useQuery(WorkloadQuery, { variables: { organisationId }, skip: !organisationId });
  const today = warsawToday();
  const problem = problemOf(error);

  if (!data) {
    return (
      <Stack gap="md" data-page="workload">
        <Title order={1}>{t('title')}</Title>
        {problem?.code === 'NOT_FOUND' || problem?.code === 'FORBIDDEN' ? (
          <Text>{t('coordinatorsOnly')}</Text>
        ) : problem ? (
          <ErrorAlert problem={problem} onRetry={() => void refetch()} />
        ) : (
          <Text>{t('loading', { ns: 'common' })}</Text>
        )}
      </Stack>
    );
  }
  const { summary } = data.workload;
  const people = data.workload.people.edges.map((e) => e.node);
  const stat = (label: string, value: string, testId: string) => (
    <Paper withBorder p="sm">
      <Text size="xs" c="gray.8" component="dt">
        {label}
      </Text>
      <Text fw={700} size="xl" component="dd" m={0} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );

  return (
    <Stack gap="lg" data-page="workload">
      <Title order={1}>{t('title', { organisation: viewer?.organisation.name })}</Title>
      <Text>{t('intro', { organisation: viewer?.organisation.name })}</Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0}>
        {stat(t('summary.overCapacity'), format.number(summary.peopleOverCapacity), 'summary-over')}
        {stat(t('summary.overdue'), format.number(summary.overdueCount), 'summary-overdue')}
        {stat(t('summary.openRequests'), format.number(summary.openRequests), 'summary-requests')}
        {stat(t('summary.answerHours'), summary.averageAnswerHours === null ? '—' : t('summary.hours', { hours: format.number(summary.averageAnswerHours) }), 'summary-hours')}
      </SimpleGrid>
      <Stack gap="sm" component="section" aria-labelledby="people-load">
        <Title order={2} id="people-load">
          {t('people.title')}
        </Title>
        <Text size="sm">{t('people.help')}</Text>
        <div style={{ overflowX: 'auto' }}>
          <Table aria-labelledby="people-load" verticalSpacing="sm" miw={560}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('people.person')}</Table.Th>
                <Table.Th scope="col" w="45%">
                  {t('people.load')}
                </Table.Th>
                <Table.Th scope="col">{t('people.overdue')}</Table.Th>
                <Table.Th scope="col">{t('people.dueWeek')}</Table.Th>
                <Table.Th scope="col">{t('people.away')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {people.map((p) => (
                <Table.Tr key={p.person.id} data-testid="person-row" data-person={p.person.displayName}>
                  <Table.Th scope="row" fw={500}>
                    {p.person.displayName}
                  </Table.Th>
                  <Table.Td>
                    <LoadBar name={p.person.displayName} load={p.load} capacity={p.capacity} overCapacity={p.overCapacity} />
                  </Table.Td>
                  <Table.Td fw={p.overdueCount > 0 ? 700 : undefined}>{format.number(p.overdueCount)}</Table.Td>
                  <Table.Td>{format.number(p.dueThisWeek)}</Table.Td>
                  <Table.Td>
                    {p.unavailable ? t('people.awayFrom', { from: format.date(p.unavailable.startsOn), to: format.date(p.unavailable.endsOn), reason: t(`reason.${p.unavailable.reason}`) }) : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Stack>
      <AwayCalendar
        today={today}
        periods={people.filter((p) => p.unavailable).map((p) => ({ personId: p.person.id, name: p.person.displayName, startsOn: p.unavailable!.startsOn, endsOn: p.unavailable!.endsOn, reason: p.unavailable!.reason }))}
      />
      <MarkUnavailableForm people={people.map((p) => ({ id: p.person.id, name: p.person.displayName }))} today={today} onChanged={() => void refetch()} />
    </Stack>
  );
}
