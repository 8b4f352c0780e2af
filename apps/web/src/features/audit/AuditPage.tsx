import { Alert, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { graphql } from './gql';
import { problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ScrollTable } from '../../ui/ScrollTable';
import { useFormat } from '../../ui/format';
import { usePageTitle } from '../../ui/usePageTitle';
import { ChangesTable } from './ChangesTable';
import { consultationSearch, filterOf, isConsultationLog, paramsFromSearch, searchFromParams, type AuditSearch } from './filters';

export const PAGE_SIZE = 25;

export const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          occurredAt
          action
          outcome
          entityType
          entityId
          actorUserId
          actorName
          actorOrganisationId
          actorOrganisationName
          reason
          changes
          requestId
          clientAddress
        }
      }
    }
  }
`);

function SearchForm({ search, onSearch }: { search: AuditSearch; onSearch: (search: AuditSearch) => void }) {
  const { t } = useTranslation('audit');
  const [draft, setDraft] = useState(search);
  const [stakeholder, setStakeholder] = useState(isConsultationLog(search) ? search.entityId : '');
  const field = (key: keyof AuditSearch, type = 'text') => (
    <TextInput label={t(`filter.${key}`)} description={t(`filter.${key}Help`)} type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })} />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft);
  };
  const clear = () => {
    const empty = searchFromParams(new URLSearchParams());
    setDraft(empty);
    onSearch(empty);
  };
  const consult = (event: FormEvent) => {
    event.preventDefault();
    if (!stakeholder.trim()) return;
    const next = consultationSearch(stakeholder.trim());
    setDraft(next);
    onSearch(next);
  };
  return (
    <Stack gap="md">
      <Card withBorder component="section" aria-labelledby="audit-search">
        <form onSubmit={submit}>
          <Title order={2} id="audit-search" size="h3" mb="sm">
            {t('filter.title')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {field('entityType')}
            {field('entityId')}
            {field('action')}
            {field('actorUserId')}
            {field('actorOrganisationId')}
            <Group grow align="flex-start">
              {field('from', 'date')}
              {field('to', 'date')}
            </Group>
          </SimpleGrid>
          <Group mt="md">
            <Button type="submit">{t('filter.search')}</Button>
            <Button variant="default" onClick={clear}>
              {t('filter.clear')}
            </Button>
          </Group>
        </form>
      </Card>
      <Card withBorder component="section" aria-labelledby="audit-consultation">
        <form onSubmit={consult}>
          <Title order={2} id="audit-consultation" size="h3" mb="xs">
            {t('consultation.title')}
          </Title>
          <Text size="sm" mb="sm">
            {t('consultation.help')}
          </Text>
          <Group align="flex-end">
            <TextInput label={t('consultation.stakeholderId')} value={stakeholder} onChange={(e) => setStakeholder(e.currentTarget.value)} style={{ flex: 1 }} />
            <Button type="submit" variant="light">
              {t('consultation.show')}
            </Button>
          </Group>
        </form>
      </Card>
    </Stack>
  );
}

type AuditEventNode = NonNullable<ReturnType<typeof useAuditEvents>['data']>['auditEvents']['edges'][number]['node'];

function useAuditEvents(search: AuditSearch, after: string | undefined) {
  return useQuery(AuditEventsQuery, { variables: { filter: filterOf(search), first: PAGE_SIZE, after }, fetchPolicy: 'network-only' });
}

function Detail({ label, value, name }: { label: string; value: string | null | undefined; name?: string | null }) {
  return (
    <div>
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0} style={{ wordBreak: 'break-all' }}>
        {name && (
          <Text span inherit fw={600} display="block" style={{ wordBreak: 'normal' }}>
            {name}
          </Text>
        )}
        {value ? <Code>{value}</Code> : '—'}
      </Text>
    </div>
  );
}

/** A person or an organisation by name (as named now), and the id the event keeps, for the search. */
function Named({ name, id }: { name: string | null; id: string | null }) {
  if (!id) return <>—</>;
  return (
    <>
      {name && <Text span inherit fw={600} display="block">{name}</Text>}
      <Text span size="xs" display="block" style={{ wordBreak: 'break-all' }}>
        {id}
      </Text>
    </>
  );
}

function EventCard({ event, onConsultation }: { event: AuditEventNode; onConsultation: (stakeholderId: string) => void }) {
  const { t } = useTranslation('audit');
  const format = useFormat();
  const headingId = `event-${event.id}`;
  const color = event.outcome === 'SUCCESS' ? 'teal' : event.outcome === 'REFUSED' ? 'orange' : 'red';
  return (
    <Card withBorder component="article" aria-labelledby={headingId} data-testid="audit-event" data-event={event.id}>
      <Group justify="space-between" align="flex-start" mb="xs">
        <Title order={3} size="h4" id={headingId}>
          <Code fz="inherit">{event.action}</Code>
        </Title>
        <Group gap="xs">
          <Badge color={color} variant="light">
            {t(`outcome.${event.outcome}`, { defaultValue: event.outcome })}
          </Badge>
          <Text size="sm" component="time" dateTime={event.occurredAt}>
            {format.dateTime(event.occurredAt)}
          </Text>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" m={0} mb="sm" spacing="xs">
        <Detail label={t('event.entity')} value={event.entityId ? `${event.entityType} ${event.entityId}` : event.entityType} />
        <Detail label={t('event.actor')} value={event.actorUserId} name={event.actorName} />
        <Detail label={t('event.organisation')} value={event.actorOrganisationId} name={event.actorOrganisationName} />
        <Detail label={t('event.requestId')} value={event.requestId} />
        <Detail label={t('event.clientAddress')} value={event.clientAddress} />
        <Detail label={t('event.reason')} value={event.reason} />
      </SimpleGrid>
      <ChangesTable changes={event.changes} label={t('event.changesOf', { action: event.action })} />
      {event.entityType === 'Stakeholder' && event.entityId && (
        <Group mt="sm">
          <Button size="xs" variant="subtle" onClick={() => onConsultation(event.entityId!)}>
            {t('consultation.ofThis')}
          </Button>
        </Group>
      )}
    </Card>
  );
}

function ConsultationTable({ events }: { events: AuditEventNode[] }) {
  const { t } = useTranslation('audit');
  const format = useFormat();
  return (
    <ScrollTable minWidth={720} label={t('consultation.tableLabel')}>
      <Table withTableBorder fz="sm" aria-label={t('consultation.tableLabel')} data-testid="consultation-log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('consultation.when')}</Table.Th>
            <Table.Th scope="col">{t('consultation.who')}</Table.Th>
            <Table.Th scope="col">{t('consultation.organisation')}</Table.Th>
            <Table.Th scope="col">{t('consultation.why')}</Table.Th>
            <Table.Th scope="col">{t('event.requestId')}</Table.Th>
            <Table.Th scope="col">{t('event.clientAddress')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <time dateTime={e.occurredAt}>{format.dateTime(e.occurredAt)}</time>
              </Table.Td>
              <Table.Td>
                <Named name={e.actorName ?? null} id={e.actorUserId ?? null} />
              </Table.Td>
              <Table.Td>
                <Named name={e.actorOrganisationName ?? null} id={e.actorOrganisationId ?? null} />
              </Table.Td>
              <Table.Td>{e.reason ?? '—'}</Table.Td>
              <Table.Td>{e.requestId ?? '—'}</Table.Td>
              <Table.Td>{e.clientAddress ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function Results({ search, onConsultation }: { search: AuditSearch; onConsultation: (stakeholderId: string) => void }) {
  const { t } = useTranslation('audit');
  const format = useFormat();
  // Relay pagination: the cursors of the pages before this one, to go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const { data, error, loading, refetch } = useAuditEvents(search, after);
  const problem = problemOf(error);
  if (problem?.code === 'FORBIDDEN') {
    return (
      <Alert color="orange" title={t('forbidden.title')} role="alert" data-error-code="FORBIDDEN">
        {t('forbidden.text')}
      </Alert>
    );
  }
  if (problem) return <ErrorAlert problem={problem} onRetry={() => void refetch()} />;
  if (!data) return <Text>{t('loading')}</Text>;
  const events = data.auditEvents.edges.map((e) => e.node);
  const consultation = isConsultationLog(search);
  const page = cursors.length;
  return (
    <Stack gap="md" component="section" aria-labelledby="audit-results">
      <Title order={2} id="audit-results" size="h3">
        {consultation ? t('consultation.resultsTitle', { id: search.entityId }) : t('results.title')}
      </Title>
      <Text size="sm" aria-live="polite" data-testid="audit-count">
        {t('results.count', { formatted: format.number(data.auditEvents.totalCount) })}
        {page > 1 ? ` · ${t('results.page', { page: format.number(page) })}` : ''}
      </Text>
      {events.length === 0 ? (
        <Text>{t('results.none')}</Text>
      ) : consultation ? (
        <ConsultationTable events={events} />
      ) : (
        events.map((event) => <EventCard key={event.id} event={event} onConsultation={onConsultation} />)
      )}
      <Group>
        <Button variant="default" disabled={page <= 1 || loading} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('results.previous')}
        </Button>
        <Button
          variant="default"
          disabled={!data.auditEvents.pageInfo.hasNextPage || loading}
          onClick={() => {
            const next = data.auditEvents.pageInfo.endCursor;
            if (next) setCursors([...cursors, next]);
          }}
        >
          {t('results.next')}
        </Button>
      </Group>
    </Stack>
  );
}

/** `/audit`: the audit trail for auditors, searched by entity, person, organisation, action and dates (in the address). */
export function AuditPage() {
  const { t } = useTranslation('audit');
  usePageTitle(t('title'));
  const [params, setParams] = useSearchParams();
  const search = searchFromParams(params);
  const key = paramsFromSearch(search).toString();
  const onSearch = (next: AuditSearch) => setParams(paramsFromSearch(next));
  return (
    <Stack gap="lg" data-page="audit">
      <Title order={1}>{t('title')}</Title>
      <Text>{t('intro')}</Text>
      <SearchForm key={`form-${key}`} search={search} onSearch={onSearch} />
      <Results key={key} search={search} onConsultation={(id) => onSearch(consultationSearch(id))} />
    </Stack>
  );
}
