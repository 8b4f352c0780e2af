import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import { createI18n, type Language } from '../../i18n';
import { theme } from '../../ui/theme';
import { CaseReportPage, CaseReportQuery } from './CaseReportPage';

const CASE = '0a0a0a0a-0000-4000-8000-000000000001';
const POLICE = { __typename: 'Organisation', id: '0b0b0b0b-0000-4000-8000-000000000001', name: 'KPP Legionowo' };
const NGO = { __typename: 'Organisation', id: '0b0b0b0b-0000-4000-8000-000000000002', name: 'Piaski Sąsiedzi' };

function update(id: string, visibility: string, body: string) {
  return { __typename: 'CaseUpdateEdge', node: { __typename: 'CaseUpdate', id, kind: 'MEETING', visibility, body, createdAt: '2026-11-10T09:00:00.000Z', author: { __typename: 'CasePerson', id: 'u-1', displayName: 'Katarzyna Nowak' } } };
}

/** The case as the API answers a coordinator of the lead organisation: everything. */
function fullCase(patch: Record<string, unknown> = {}) {
  return {
    __typename: 'Case',
    id: CASE,
    reference: 'LEG/2026/0007',
    title: 'Hałas nocny przy Piaskach',
    type: 'PUBLIC_NUISANCE',
    phase: 'ASSESSMENT',
    reviewDate: '2026-12-15',
    closedAt: null,
    outcome: null,
    closingAssessment: null,
    goal: 'Fewer night-time noise reports by half before summer',
    area: { __typename: 'CaseArea', district: 'Piaski', address: 'ul. Piaskowa 3' },
    leadOrganisation: POLICE,
    coordinator: { __typename: 'CasePerson', id: 'u-1', displayName: 'Katarzyna Nowak' },
    diagnosis: { __typename: 'CaseDiagnosis', what: 'Loud gatherings at night', where: 'The playground by the shop', when: 'Friday and Saturday nights', who: 'Young adults from the estate', sources: 'Police call log, residents’ survey' },
    participants: [
      { __typename: 'CaseParticipant', id: 'p-1', role: 'LEAD', suspended: false, organisation: POLICE },
      { __typename: 'CaseParticipant', id: 'p-2', role: 'PARTNER', suspended: false, organisation: NGO },
    ],
    risks: [{ __typename: 'TrustRisk', id: 'r-1', title: 'Residents lose trust', description: 'If nothing changes by spring', likelihood: 3, impact: 4, score: 12, status: 'MITIGATING', mitigation: 'Monthly meetings' }],
    actions: [
      {
        __typename: 'Action',
        id: 'a-1',
        title: 'Evening patrols',
        kind: 'PATROL',
        status: 'PLANNED',
        startsOn: '2026-10-01',
        endsOn: '2026-12-31',
        leadOrganisation: POLICE,
        progress: { __typename: 'ActionProgress', tasks: 2, done: 1, open: 1, overdue: 1, percentDone: 50 },
        tasks: [
          { __typename: 'Task', id: 't-1', title: 'Friday patrol', status: 'DONE', dueDate: '2026-10-10', overdue: false, organisation: POLICE, assignee: { __typename: 'TaskPerson', id: 'u-2', displayName: 'Anna Wiśniewska' } },
          { __typename: 'Task', id: 't-2', title: 'Talk to the shop owner', status: 'IN_PROGRESS', dueDate: '2026-11-01', overdue: true, organisation: NGO, assignee: null },
        ],
      },
    ],
    indicators: [
      {
        __typename: 'Indicator',
        id: 'i-1',
        name: 'Night noise reports',
        unit: 'COUNT',
        baselineValue: 40,
        baselineDate: '2026-09-01',
        targetValue: 20,
        targetDate: '2027-06-01',
        latestValue: 28,
        latestMeasuredOn: '2026-11-01',
        progress: 60,
        series: [
          { __typename: 'Measurement', id: 'm-1', measuredOn: '2026-10-01', value: 35, supersedesId: null },
          { __typename: 'Measurement', id: 'm-2', measuredOn: '2026-11-01', value: 30, supersedesId: null },
          { __typename: 'Measurement', id: 'm-3', measuredOn: '2026-11-01', value: 28, supersedesId: 'm-2' },
        ],
      },
    ],
    updates: { __typename: 'CaseUpdateConnection', totalCount: 2, edges: [update('up-1', 'PARTNERS', 'Meeting with residents held'), update('up-2', 'AGENCIES', 'Police intelligence on the group')] },
    ...patch,
  };
}

/** What a partner NGO gets: content not shared comes back null, and no AGENCIES or LEAD update. */
function partnerCase() {
  return fullCase({
    diagnosis: null,
    goal: null,
    updates: { __typename: 'CaseUpdateConnection', totalCount: 1, edges: [update('up-1', 'PARTNERS', 'Meeting with residents held')] },
  });
}

const mockOf = (data: Record<string, unknown>): MockLink.MockedResponse => ({ request: { query: CaseReportQuery, variables: { id: CASE } }, result: { data: { case: data } } });

function renderPage(mocks: MockLink.MockedResponse[], language: Language = 'en') {
  return render(
    <MockedProvider mocks={mocks}>
      <I18nextProvider i18n={createI18n(language)}>
        <MantineProvider theme={theme} env="test">
          <MemoryRouter initialEntries={[`/cases/${CASE}/report`]}>
            <Routes>
              <Route path="/cases/:id/report" element={<CaseReportPage />} />
            </Routes>
          </MemoryRouter>
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
}

const section = (name: string) => screen.getByRole('region', { name });

vi.setConfig({ testTimeout: 20_000 });

describe('the case report', () => {
  it('shows every section the API answered: diagnosis, goal, participants, risks, actions with tasks, indicators, updates', async () => {
    renderPage([mockOf(fullCase())]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Hałas nocny przy Piaskach' })).toBeInTheDocument();
    expect(screen.getByText('Case report · LEG/2026/0007')).toBeInTheDocument();
    expect(within(section('Diagnosis')).getByText('Loud gatherings at night')).toBeInTheDocument();
    expect(within(section('Goal')).getByText('Fewer night-time noise reports by half before summer')).toBeInTheDocument();
    const participants = within(section('Participants'));
    expect(participants.getByRole('row', { name: /Piaski Sąsiedzi/ })).toHaveTextContent('Partner');
    expect(within(section('Risks')).getByRole('row', { name: /Residents lose trust/ })).toHaveTextContent('12 (likelihood 3 × impact 4)');
    const actions = within(section('Actions and tasks'));
    expect(actions.getByText(/50 % of effort done; 1 of 2 tasks done, 1 overdue/)).toBeInTheDocument();
    const tasks = actions.getByRole('table', { name: 'Tasks of Evening patrols' });
    expect(within(tasks).getByRole('row', { name: /Friday patrol/ })).toHaveTextContent('Done');
    expect(within(tasks).getByRole('row', { name: /Talk to the shop owner/ })).toHaveTextContent('In progress, overdue');
    const indicators = within(section('Indicators'));
    expect(indicators.getByText('40 (1 Sept 2026)')).toBeInTheDocument();
    expect(indicators.getByText('20 (1 Jun 2027)')).toBeInTheDocument();
    expect(indicators.getByText('60 %')).toBeInTheDocument();
    expect(indicators.getByRole('img', { name: /Night noise reports: 2 measurements against the baseline 40 and the target 20/ })).toBeInTheDocument();
    // A corrected measurement is shown by its correction only.
    const measurements = indicators.getByRole('table', { name: 'Measurements of Night noise reports' });
    // …and the correction says it is one, in the table and in the chart (a hollow point, explained by the legend).
    expect(within(measurements).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['1 Oct 202635', '1 Nov 202628 (corrected)']);
    const chart = indicators.getByRole('img', { name: /Night noise reports/ });
    expect([...chart.querySelectorAll('[data-point]')].map((p) => p.getAttribute('data-point'))).toEqual(['measurement', 'correction']);
    expect(indicators.getByText(/Hollow dot: a corrected measurement/)).toBeInTheDocument();
    const updates = within(section('Updates'));
    expect(updates.getByText('Police intelligence on the group')).toBeInTheDocument();
    expect(updates.getByText('Public bodies')).toBeInTheDocument();
    // No outcome before closing.
    expect(screen.queryByRole('region', { name: 'Outcome' })).not.toBeInTheDocument();
  });

  it('leaves out what the API did not return to a partner: no diagnosis, no goal, no AGENCIES update', async () => {
    renderPage([mockOf(partnerCase())]);
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByText('LEG/2026/0007')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Diagnosis' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Goal' })).not.toBeInTheDocument();
    expect(within(section('Updates')).getByText('Meeting with residents held')).toBeInTheDocument();
    expect(screen.queryByText('Police intelligence on the group')).not.toBeInTheDocument();
    expect(screen.queryByText('Public bodies')).not.toBeInTheDocument();
  });

  it('shows the outcome of a closed case, in Polish', async () => {
    renderPage([mockOf(fullCase({ phase: 'CLOSED', outcome: 'REDUCED', closedAt: '2026-11-28T12:00:00.000Z', closingAssessment: 'Reports fell from 40 to 22.', actions: [], risks: [] }))], 'pl');
    const outcome = await screen.findByRole('region', { name: 'Rezultat' });
    expect(within(outcome).getByText('Problem ograniczony')).toBeInTheDocument();
    expect(within(outcome).getByText('Reports fell from 40 to 22.')).toBeInTheDocument();
    expect(within(section('Działania i zadania')).getByText('Brak wpisów.')).toBeInTheDocument();
  });

  it('prints with the browser’s print', async () => {
    const user = userEvent.setup();
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    renderPage([mockOf(fullCase())]);
    await user.click(await screen.findByRole('button', { name: 'Print or save as PDF' }));
    expect(print).toHaveBeenCalledTimes(1);
    print.mockRestore();
  });

  it('a case the reader may not see is "not found"', async () => {
    renderPage([{ request: { query: CaseReportQuery, variables: { id: CASE } }, result: { errors: [new GraphQLError('Not found', { extensions: { code: 'NOT_FOUND' } })] } }]);
    expect(await screen.findByRole('heading', { level: 1 })).not.toHaveTextContent('Hałas');
    expect(screen.queryByRole('region', { name: 'Diagnosis' })).not.toBeInTheDocument();
  });
});
