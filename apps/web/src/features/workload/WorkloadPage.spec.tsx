import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { createI18n, type Language } from '../../i18n';
import { ViewerContext, type Viewer } from '../../lib';
import { theme } from '../../ui/theme';
import { MarkUnavailableMutation } from './MarkUnavailableForm';
import { WorkloadPage, WorkloadQuery } from './WorkloadPage';

const ORG = '0b0b0b0b-0000-4000-8000-000000000001';
const viewer: Viewer = { id: 'me', displayName: 'Katarzyna Nowak', email: 'k@x.test', locale: 'EN', roles: ['COORDINATOR'], version: 1, organisation: { id: ORG, name: 'KPP Legionowo', kind: 'POLICE_UNIT' } };
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());

function person(id: string, displayName: string, load: number, capacity: number, extra: Record<string, unknown> = {}) {
  return {
    __typename: 'PersonWorkload',
    person: { __typename: 'TaskPerson', id, displayName },
    load,
    capacity,
    loadRatio: load / capacity,
    overCapacity: load > capacity,
    overdueCount: 0,
    dueThisWeek: 1,
    unavailable: null,
    ...extra,
  };
}

const adam = person('u-adam', 'Adam Wiśniewski', 13, 10, { overdueCount: 2 });
const ewa = person('u-ewa', 'Ewa Zielińska', 4, 10, { unavailable: { __typename: 'Unavailability', startsOn: today, endsOn: today, reason: 'TRAINING' } });

const workload: MockLink.MockedResponse = {
  request: { query: WorkloadQuery, variables: { organisationId: ORG } },
  result: {
    data: {
      workload: {
        __typename: 'Workload',
        organisationId: ORG,
        summary: { __typename: 'OrganisationWorkloadSummary', openRequests: 1, averageAnswerHours: 5.5, overdueCount: 2, peopleOverCapacity: 1 },
        people: { __typename: 'PersonWorkloadConnection', totalCount: 2, edges: [{ __typename: 'PersonWorkloadEdge', node: adam }, { __typename: 'PersonWorkloadEdge', node: ewa }] },
      },
    },
  },
  maxUsageCount: 5,
};

function renderPage(mocks: MockLink.MockedResponse[], language: Language = 'en') {
  return render(
    <MockedProvider mocks={mocks}>
      <I18nextProvider i18n={createI18n(language)}>
        <MantineProvider theme={theme} env="test">
          <ViewerContext.Provider value={viewer}>
            <MemoryRouter>
              <WorkloadPage />
            </MemoryRouter>
          </ViewerContext.Provider>
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
}

// Typing and clicking through Mantine takes a few seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 20_000 });

describe('the workload page', () => {
  it('marks people over capacity in words beside the bar, and only them', async () => {
    renderPage([workload]);
    const rows = await screen.findAllByTestId('person-row');
    const adamRow = rows.find((r) => r.dataset.person === 'Adam Wiśniewski')!;
    const ewaRow = rows.find((r) => r.dataset.person === 'Ewa Zielińska')!;
    expect(within(adamRow).getByTestId('load-bar')).toHaveAttribute('data-over-capacity', 'true');
    expect(within(adamRow).getByText('Over capacity by 3 pts')).toBeInTheDocument();
    expect(within(adamRow).getByText('13 of 10 pts (130 %)')).toBeInTheDocument();
    expect(within(ewaRow).getByTestId('load-bar')).toHaveAttribute('data-over-capacity', 'false');
    expect(within(ewaRow).queryByText(/Over capacity/)).not.toBeInTheDocument();
    expect(within(ewaRow).getByText('4 of 10 pts (40 %)')).toBeInTheDocument();
    // Overdue counts, and the summary.
    expect(within(adamRow).getAllByRole('cell')[1]).toHaveTextContent('2');
    expect(screen.getByTestId('summary-over')).toHaveTextContent('1');
  });

  it('shows who is away on the month grid (today marked) and in the list', async () => {
    renderPage([workload], 'pl');
    const cell = await waitFor(() => {
      const found = document.querySelector(`[data-date="${today}"]`);
      if (!found) throw new Error('no cell for today');
      return found as HTMLElement;
    });
    expect(cell).toHaveAttribute('aria-current', 'date');
    expect(within(cell).getByText('Ewa Zielińska')).toBeInTheDocument();
    expect(within(cell).queryByText('Adam Wiśniewski')).not.toBeInTheDocument();
    expect(within(screen.getByTestId('away-list')).getByText(/Ewa Zielińska: .* szkolenie/)).toBeInTheDocument();
  });

  it('marking someone unavailable sends the period and lists the tasks it flags, to reassign', async () => {
    const user = userEvent.setup();
    const marked = vi.fn(() => ({
      data: {
        markUnavailable: [
          {
            __typename: 'Task',
            id: 't-1',
            title: 'Night patrol',
            caseReference: 'LEG/2026/0007',
            dueDate: today,
            effortPoints: 3,
            status: 'ACCEPTED',
            version: 3,
            needsReassignment: true,
            organisation: { __typename: 'Organisation', id: ORG },
            assignee: { __typename: 'TaskPerson', id: 'u-adam', displayName: 'Adam Wiśniewski' },
            viewerCan: { __typename: 'TaskViewerPermissions', assign: false, overrideCapacity: false },
          },
        ],
      },
    }));
    renderPage([workload, { request: { query: MarkUnavailableMutation, variables: { input: { userId: 'u-adam', startsOn: today, endsOn: today, reason: 'SICK_LEAVE' } } }, result: marked }]);
    await screen.findAllByTestId('person-row');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Person' }), 'u-adam');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Reason' }), 'SICK_LEAVE');
    await user.click(screen.getByRole('button', { name: 'Mark unavailable' }));
    await waitFor(() => expect(marked).toHaveBeenCalledTimes(1));
    const flagged = await screen.findByTestId('flagged');
    expect(within(flagged).getByText('Adam Wiśniewski is marked away. Tasks to reassign: 1')).toBeInTheDocument();
    expect(within(flagged).getByRole('link', { name: 'Night patrol' })).toHaveAttribute('href', '/tasks/t-1');
    // The API does not let this reader reassign it: said so, no control offered.
    expect(within(flagged).getByText(/You may not reassign this task/)).toBeInTheDocument();
  });

  it('for someone who is not a coordinator, the API’s refusal is explained', async () => {
    renderPage([{ request: { query: WorkloadQuery, variables: { organisationId: ORG } }, result: { errors: [new GraphQLError('Not found', { extensions: { code: 'NOT_FOUND' } })] } }]);
    expect(await screen.findByText('The workload of an organisation is shown to its coordinators.')).toBeInTheDocument();
  });
});
