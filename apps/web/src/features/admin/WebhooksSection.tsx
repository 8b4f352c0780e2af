import { Alert, Badge, Button, Code, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from './gql';
import type { AdminWebhooksQuery } from './gql/graphql';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { fieldError, isFieldProblem } from './problems';
import { Refused } from './Refused';

export const WebhooksQuery = graphql(`
  query AdminWebhooks {
    webhooks(first: 100) {
      totalCount
      edges {
        node {
          ...AdminWebhookFields
        }
      }
    }
  }
  fragment AdminWebhookFields on WebhookEndpoint {
    id
    url
    eventTypes
    active
    consecutiveFailures
    createdAt
    disabledAt
    version
  }
`);

export const RegisterWebhookMutation = graphql(`
  mutation AdminRegisterWebhook($input: RegisterWebhookInput!) {
    registerWebhook(input: $input) {
      secret
      endpoint {
        ...AdminWebhookFields
      }
    }
  }
`);

export const DisableWebhookMutation = graphql(`
  mutation AdminDisableWebhook($input: DisableWebhookInput!) {
    disableWebhook(input: $input) {
      ...AdminWebhookFields
    }
  }
`);

export const EnableWebhookMutation = graphql(`
  mutation AdminEnableWebhook($input: EnableWebhookInput!) {
    enableWebhook(input: $input) {
      ...AdminWebhookFields
    }
  }
`);

type Endpoint = AdminWebhooksQuery['webhooks']['edges'][number]['node'];

function EndpointCard({ endpoint, onReload }: { endpoint: Endpoint; onReload: () => void }) {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [disable, { loading: disabling }] = useMutation(DisableWebhookMutation);
  const [enable, { loading: enabling }] = useMutation(EnableWebhookMutation);

  async function toggle() {
    try {
      const variables = { input: { id: endpoint.id, version: endpoint.version } };
      if (endpoint.active) await disable({ variables });
      else await enable({ variables });
      setProblem(null);
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  return (
    <Paper withBorder p="sm" component="li" data-testid="webhook" data-url={endpoint.url}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600} style={{ wordBreak: 'break-all' }}>{endpoint.url}</Text>
            {endpoint.active ? <Badge color="green" variant="light">{t('webhooks.active')}</Badge> : <Badge color="red" variant="outline">{t('webhooks.disabled')}</Badge>}
          </Group>
          <Text size="sm">{endpoint.eventTypes.length ? t('webhooks.events', { events: endpoint.eventTypes.join(', ') }) : t('webhooks.allEvents')}</Text>
          <Text size="sm">{t('webhooks.registered', { at: format.dateTime(endpoint.createdAt) })}</Text>
          <Text size="sm" fw={endpoint.consecutiveFailures > 0 ? 700 : undefined} data-testid="failures">
            {endpoint.consecutiveFailures > 0 ? t('webhooks.failures', { count: endpoint.consecutiveFailures }) : t('webhooks.noFailures')}
          </Text>
          {endpoint.disabledAt && <Text size="sm">{t('webhooks.disabledAt', { at: format.dateTime(endpoint.disabledAt) })}</Text>}
        </Stack>
        <Button size="xs" variant="outline" color={endpoint.active ? 'red' : undefined} loading={disabling || enabling} onClick={() => void toggle()} aria-label={t(endpoint.active ? 'webhooks.disableOf' : 'webhooks.enableOf', { url: endpoint.url })}>
          {endpoint.active ? t('webhooks.disable') : t('webhooks.enable')}
        </Button>
      </Group>
      {problem && (
        <ErrorAlert problem={problem}>
          {problem.code === 'CONFLICT' && (
            <Button size="xs" variant="white" color="red" onClick={onReload}>
              {t('actions.reload', { ns: 'common' })}
            </Button>
          )}
        </ErrorAlert>
      )}
    </Paper>
  );
}

/**
 * Registering an endpoint: the signing secret comes back this once (the API never shows it again), so it is shown
 * with a warning until the person says they stored it, and it is kept out of Apollo's cache.
 */
export function RegisterWebhookForm({ onRegistered }: { onRegistered: () => void }) {
  const { t } = useTranslation('admin');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [register, { loading }] = useMutation(RegisterWebhookMutation, { fetchPolicy: 'no-cache' });

  async function send() {
    const eventTypes = events.split(',').map((e) => e.trim()).filter(Boolean);
    try {
      const result = await register({ variables: { input: { url: url.trim(), eventTypes } } });
      const payload = result.data?.registerWebhook;
      setProblem(null);
      if (payload) setSecret({ url: payload.endpoint.url, secret: payload.secret });
      setUrl('');
      setEvents('');
      onRegistered();
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="register-webhook">
      <Title order={3} id="register-webhook" mb="sm">
        {t('webhooks.register')}
      </Title>
      {secret ? (
        <Alert color="orange.9" variant="outline" title={t('webhooks.secretTitle')} data-testid="secret" styles={{ title: { color: 'var(--mantine-color-text)', fontWeight: 700 } }}>
          <Stack gap="xs">
            <Text size="sm" fw={700}>{t('webhooks.secretWarning', { url: secret.url })}</Text>
            <Code block data-testid="secret-value">{secret.secret}</Code>
            <Text size="sm">{t('webhooks.secretHelp')}</Text>
            <Group>
              <Button size="xs" onClick={() => setSecret(null)}>
                {t('webhooks.secretStored')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput type="url" label={t('webhooks.url')} description={t('webhooks.urlHelp')} value={url} onChange={(e) => setUrl(e.currentTarget.value)} required error={fieldError(problem, 'url')} miw={280} />
            <TextInput label={t('webhooks.eventTypes')} description={t('webhooks.eventTypesHelp')} value={events} onChange={(e) => setEvents(e.currentTarget.value)} error={fieldError(problem, 'eventTypes')} />
            <Button type="submit" loading={loading}>
              {t('webhooks.submit')}
            </Button>
          </Group>
        </form>
      )}
      {problem && !isFieldProblem(problem, ['url', 'eventTypes']) && <ErrorAlert problem={problem} />}
    </Paper>
  );
}

/** `/admin/webhooks`: the organisation's endpoints, their failures, disable and enable, and registering a new one. */
export function WebhooksSection() {
  const { t } = useTranslation('admin');
  const { data, error, refetch } = useQuery(WebhooksQuery);
  return (
    <Stack gap="md" component="section" aria-labelledby="webhooks-title">
      <Title order={2} id="webhooks-title">
        {t('webhooks.title')}
      </Title>
      {!data ? (
        <Refused problem={problemOf(error)} onRetry={() => void refetch()} forbidden="webhooks.forbidden" />
      ) : (
        <>
          <Text size="sm">{t('webhooks.help')}</Text>
          {data.webhooks.edges.length === 0 && <Text>{t('webhooks.none')}</Text>}
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {data.webhooks.edges.map(({ node }) => (
              <EndpointCard key={node.id} endpoint={node} onReload={() => void refetch()} />
            ))}
          </Stack>
          <RegisterWebhookForm onRegistered={() => void refetch()} />
        </>
      )}
    </Stack>
  );
}
