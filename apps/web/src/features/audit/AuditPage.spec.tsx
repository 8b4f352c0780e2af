import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { vi } from 'vitest';
import { createI18n, type Language } from '../../i18n';
import { theme } from '../../ui/theme';
import { AuditEventsQuery, AuditPage, PAGE_SIZE } from './AuditPage';

const ORG = '0b0b0b0b-0000-4000-8000-000000000002';
const USER = '0c0c0c0c-0000-4000-8000-000000000007';
const STAKEHOLDER = '0d0d0d0d-0000-4000-8000-000000000003';

function Location() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

function renderPage(mocks: MockLink.MockedResponse[], path = '/audit', language: Language = 'en') {
  return render(
    <MockedProvider mocks={mocks}>
      <I18nextProvider i18n={createI18n(language)}>
        <MantineProvider theme={theme} env="test">
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path="/audit" element={<AuditPage />} />
            </Routes>
            <Location />
          </MemoryRouter>
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
}

function event(patch: Record<string, unknown> = {}) {
  return {
    __typename: 'AuditEvent',
    id: 'e-1',
    occurredAt: '2026-11-20T10:15:00.000Z',
    action: 'case.update',
    outcome: 'SUCCESS',
    entityType: 'Case',
    entityId: 'c-1',
    actorUserId: USER,
    actorName: 'Krzysztof Nowak',
    actorOrganisationId: ORG,
    actorOrganisationName: 'KPP Legionowo',
    reason: null,
    changes: { title: { before: 'Hałas przy Piaskach', after: 'Hałas nocny przy Piaskach' }, priority: { before: 'LOW', after: 'HIGH' } },
    requestId: 'req-7f3a',
    clientAddress: '203.0.113.9',
    ...patch,
  };
}

function answer(nodes: Record<string, unknown>[], { totalCount = nodes.length, hasNextPage = false, endCursor = null as string | null } = {}) {
  return {
    data: {
      auditEvents: {
        __typename: 'AuditEventConnection',
        totalCount,
        pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
        edges: nodes.map((node, i) => ({ __typename: 'AuditEventEdge', cursor: `cur-${i}`, node })),
      },
    },
  };
}

const mock = (variables: Record<string, unknown>, result: ReturnType<typeof answer> | (() => ReturnType<typeof answer>)): MockLink.MockedResponse => ({
  request: { query: AuditEventsQuery, variables: { first: PAGE_SIZE, ...variables } },
  result,
});

vi.setConfig({ testTimeout: 20_000 });

describe('the audit trail', () => {
  it('reads the search from the address and sends it as the filter (end date inclusive, Warsaw days)', async () => {
    const searched = vi.fn(() => answer([event()]));
    renderPage([mock({ filter: { action: 'case.update', actorOrganisationId: ORG, from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z' } }, searched)], `/audit?action=case.update&actorOrganisationId=${ORG}&from=2026-11-01&to=2026-11-30`);
    expect(await screen.findByTestId('audit-event')).toBeInTheDocument();
    expect(searched).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText(/^Action/)).toHaveValue('case.update');
    expect(screen.getByLabelText(/^Organisation \(id\)/)).toHaveValue(ORG);
    expect(screen.getByLabelText(/^From/)).toHaveValue('2026-11-01');
  });

  it('puts the filters typed in the form into the address and asks the API with them', async () => {
    const user = userEvent.setup();
    const all = vi.fn(() => answer([event()]));
    const filtered = vi.fn(() => answer([event({ id: 'e-2', entityId: 'c-9' })]));
    renderPage([mock({ filter: {} }, all), mock({ filter: { entityType: 'Case', entityId: 'c-9', actorUserId: USER, from: '2026-06-30T22:00:00.000Z' } }, filtered)]);
    await screen.findByTestId('audit-event');
    await user.type(screen.getByLabelText(/^Entity type/), 'Case');
    await user.type(screen.getByLabelText(/^Entity id/), 'c-9');
    await user.type(screen.getByLabelText(/^Person \(user id\)/), USER);
    await user.type(screen.getByLabelText(/^From/), '2026-07-01');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByText(/Case c-9/);
    expect(filtered).toHaveBeenCalledTimes(1);
    const search = new URLSearchParams(screen.getByTestId('location').textContent!.split('?')[1]);
    expect(Object.fromEntries(search)).toEqual({ entityType: 'Case', entityId: 'c-9', actorUserId: USER, from: '2026-07-01' });
  });

  it('shows each change before → after, the request id and the client address', async () => {
    renderPage([mock({ filter: {} }, answer([event()]))]);
    const card = await screen.findByTestId('audit-event');
    const changes = within(card).getByRole('table', { name: 'Changes made by case.update' });
    const title = within(changes).getByRole('row', { name: /title/ });
    expect(within(title).getByTestId('before')).toHaveTextContent('Hałas przy Piaskach');
    expect(within(title).getByTestId('after')).toHaveTextContent('Hałas nocny przy Piaskach');
    const priority = within(changes).getByRole('row', { name: /priority/ });
    expect(within(priority).getByTestId('before')).toHaveTextContent('LOW');
    expect(within(priority).getByTestId('after')).toHaveTextContent('HIGH');
    expect(within(card).getByText('req-7f3a')).toBeInTheDocument();
    expect(within(card).getByText('203.0.113.9')).toBeInTheDocument();
    // Who acted, by name, with the id the search takes.
    expect(within(card).getByText(USER)).toBeInTheDocument();
    expect(within(card).getByText('Krzysztof Nowak')).toBeInTheDocument();
    expect(within(card).getByText('KPP Legionowo')).toBeInTheDocument();
  });

  it('pages on with the cursor the API gave, and back', async () => {
    const user = userEvent.setup();
    const first = vi.fn(() => answer([event()], { totalCount: 30, hasNextPage: true, endCursor: 'cursor-25' }));
    const second = vi.fn(() => answer([event({ id: 'e-26', action: 'task.assign' })], { totalCount: 30 }));
    renderPage([{ ...mock({ filter: {} }, first), maxUsageCount: 2 }, mock({ filter: {}, after: 'cursor-25' }, second)]);
    await screen.findByText('case.update');
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('task.assign')).toBeInTheDocument();
    expect(second).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('case.update')).toBeInTheDocument();
  });

  it('shows a stakeholder’s consultation log: who read the personal data, when and why', async () => {
    const user = userEvent.setup();
    const reading = event({ id: 'e-5', action: 'stakeholder.read-personal', entityType: 'Stakeholder', entityId: STAKEHOLDER, changes: {}, reason: 'case 0a0a0a0a-0000-4000-8000-000000000001' });
    const log = vi.fn(() => answer([reading]));
    renderPage([mock({ filter: {} }, answer([event()])), mock({ filter: { entityType: 'Stakeholder', entityId: STAKEHOLDER, action: 'stakeholder.read-personal' } }, log)], '/audit', 'pl');
    await screen.findByTestId('audit-event');
    await user.type(screen.getByLabelText('Identyfikator interesariusza'), STAKEHOLDER);
    await user.click(screen.getByRole('button', { name: 'Pokaż rejestr wglądów' }));
    const table = await screen.findByRole('table', { name: 'Odczyty danych osobowych interesariusza' });
    expect(log).toHaveBeenCalledTimes(1);
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent(USER);
    expect(row).toHaveTextContent('Krzysztof Nowak');
    expect(row).toHaveTextContent(ORG);
    expect(row).toHaveTextContent('KPP Legionowo');
    expect(row).toHaveTextContent('case 0a0a0a0a-0000-4000-8000-000000000001');
    expect(row).toHaveTextContent('20 lis 2026');
    expect(screen.getByTestId('location')).toHaveTextContent(`entityId=${STAKEHOLDER}`);
    expect(screen.getByTestId('location')).toHaveTextContent('action=stakeholder.read-personal');
  });

  it('tells someone who is not an auditor that the trail is for auditors, from the API’s refusal', async () => {
    renderPage([{ request: { query: AuditEventsQuery, variables: { first: PAGE_SIZE, filter: {} } }, result: { errors: [new GraphQLError('Forbidden', { extensions: { code: 'FORBIDDEN' } })] } }]);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'FORBIDDEN');
    expect(alert).toHaveTextContent('Only for auditors');
    expect(screen.queryByTestId('audit-event')).not.toBeInTheDocument();
  });
});
