import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { vi } from 'vitest';
import { DisableWebhookMutation, RegisterWebhookMutation, WebhooksQuery, WebhooksSection } from './WebhooksSection';
import { renderWithApi } from './test-utils';

function endpoint(patch: Record<string, unknown> = {}) {
  return {
    __typename: 'WebhookEndpoint' as const,
    id: 'w-1',
    url: 'https://crm.piaski.test/hooks',
    eventTypes: ['case.escalated'],
    active: true,
    consecutiveFailures: 0,
    createdAt: '2026-04-01T08:00:00.000Z',
    disabledAt: null,
    version: 2,
    ...patch,
  };
}

function webhooksMock(nodes = [endpoint()]) {
  return {
    request: { query: WebhooksQuery },
    result: { data: { webhooks: { __typename: 'WebhookEndpointConnection', totalCount: nodes.length, edges: nodes.map((node) => ({ __typename: 'WebhookEndpointEdge', node })) } } },
    maxUsageCount: 10,
  };
}

const SECRET = 'whsec_3f9c1a0e5b7d42c8a6e1f0b9d8c7a6e5';

vi.setConfig({ testTimeout: 30_000 });

describe('webhooks', () => {
  it('the signing secret is shown once, with a warning, and is gone once the person says it is stored', async () => {
    const user = userEvent.setup();
    const registered = vi.fn(() => ({
      data: { registerWebhook: { __typename: 'RegisterWebhookPayload', secret: SECRET, endpoint: endpoint({ id: 'w-2', url: 'https://ops.kpp.test/in', eventTypes: [], version: 1 }) } },
    }));
    renderWithApi(<WebhooksSection />, {
      mocks: [webhooksMock(), { request: { query: RegisterWebhookMutation, variables: { input: { url: 'https://ops.kpp.test/in', eventTypes: ['case.escalated', 'task.requested'] } } }, result: registered }],
    });
    const form = within(await screen.findByRole('region', { name: 'Register an endpoint' }));
    await user.type(form.getByRole('textbox', { name: /Address/ }), 'https://ops.kpp.test/in');
    await user.type(form.getByRole('textbox', { name: /Event types/ }), 'case.escalated, task.requested');
    await user.click(form.getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(registered).toHaveBeenCalledTimes(1));

    const secret = await screen.findByTestId('secret');
    expect(within(secret).getByTestId('secret-value')).toHaveTextContent(SECRET);
    expect(within(secret).getByText(/will not be shown again/)).toBeInTheDocument();
    await user.click(within(secret).getByRole('button', { name: 'I have stored the secret' }));
    expect(screen.queryByTestId('secret')).not.toBeInTheDocument();
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
    // The form is back for the next endpoint.
    expect(screen.getByRole('button', { name: 'Register' })).toBeInTheDocument();
  });

  it('shows failed deliveries and disables with the version read', async () => {
    const user = userEvent.setup();
    const disabled = vi.fn(() => ({ data: { disableWebhook: endpoint({ active: false, consecutiveFailures: 3, disabledAt: '2026-04-02T08:00:00.000Z', version: 3 }) } }));
    renderWithApi(<WebhooksSection />, {
      mocks: [webhooksMock([endpoint({ consecutiveFailures: 3 })]), { request: { query: DisableWebhookMutation, variables: { input: { id: 'w-1', version: 2 } } }, result: disabled }],
    });
    expect(await screen.findByTestId('failures')).toHaveTextContent('Deliveries failed in a row after every retry: 3');
    await user.click(screen.getByRole('button', { name: 'Disable https://crm.piaski.test/hooks' }));
    await waitFor(() => expect(disabled).toHaveBeenCalledTimes(1));
    expect(await screen.findByRole('button', { name: 'Enable https://crm.piaski.test/hooks' })).toBeInTheDocument();
    expect(within(screen.getByTestId('webhook')).getByText('Disabled')).toBeInTheDocument();
  });

  it('an address the API refuses is marked on its field', async () => {
    const user = userEvent.setup();
    renderWithApi(<WebhooksSection />, {
      mocks: [
        webhooksMock([]),
        { request: { query: RegisterWebhookMutation, variables: { input: { url: 'http://example.test', eventTypes: [] } } }, result: { errors: [new GraphQLError('Invalid input: url.', { extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.url', problems: ['https required'] }] } })] } },
      ],
    });
    await user.type(await screen.findByRole('textbox', { name: /Address/ }), 'http://example.test');
    await user.click(screen.getByRole('button', { name: 'Register' }));
    expect(await screen.findByText('Invalid input: url.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Address/ })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('secret')).not.toBeInTheDocument();
  });
});

describe('webhooks refused', () => {
  it('an administrator of another organisation is told that coordinators manage them', async () => {
    renderWithApi(<WebhooksSection />, { mocks: [{ request: { query: WebhooksQuery }, result: { errors: [new GraphQLError('You are not allowed to do this.', { extensions: { code: 'FORBIDDEN' } })] } }] });
    expect(await screen.findByTestId('refused')).toHaveTextContent('Webhooks are managed by the coordinators of each organisation');
    expect(screen.queryByRole('button', { name: 'Register' })).not.toBeInTheDocument();
  });
});
