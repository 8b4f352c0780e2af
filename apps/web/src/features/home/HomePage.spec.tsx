import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { GraphQLError } from 'graphql';
import { render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createI18n } from '../../i18n';
import { theme } from '../../ui/theme';
import { HomePage } from './HomePage';
import { AwaitingReviewQuery, CrisisCasesQuery, OverdueReviewQuery } from './sections/CaseSections';
import { MyTasksDueQuery } from './sections/MyTasksSection';
import { TaskRequestsQuery } from './sections/RequestsSection';

const OPEN = ['SCANNING', 'ANALYSIS', 'RESPONSE', 'ASSESSMENT'];
// 23:30 UTC on 10 March is already 11 March in Warsaw: the page's "today".
const NOW = new Date('2026-03-10T23:30:00Z');
const TODAY = '2026-03-11';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
function caseItem(n: number, extra: Record<string, unknown> = {}) {
  return { __typename: 'Case', id: id(n), reference: `LEG/2026/${String(n).padStart(4, '0')}`, title: `Case ${n}`, reviewDate: '2026-03-01', inputsAwaitingReviewCount: 0, ...extra };
}
function cases(nodes: ReturnType<typeof caseItem>[], totalCount = nodes.length) {
  return { data: { cases: { __typename: 'CaseConnection', totalCount, edges: nodes.map((node) => ({ __typename: 'CaseEdge', node })) } } };
}
function task(n: number, extra: Record<string, unknown> = {}) {
  return { __typename: 'Task', id: id(100 + n), title: `Task ${n}`, caseId: id(n), caseReference: `LEG/2026/${String(n).padStart(4, '0')}`, dueDate: '2026-03-12', overdue: false, status: 'ACCEPTED', ...extra };
}
function tasks(nodes: ReturnType<typeof task>[], totalCount = nodes.length) {
  return { data: { myTasks: { __typename: 'TaskConnection', totalCount, edges: nodes.map((node) => ({ __typename: 'TaskEdge', node })) } } };
}
function request(n: number) {
  return { __typename: 'Task', id: id(300 + n), title: `Request ${n}`, caseId: id(n), caseReference: `LEG/2026/${String(n).padStart(4, '0')}`, dueDate: '2026-03-20', overdue: false, requestedBy: { __typename: 'TaskPerson', id: id(400 + n), displayName: 'Bożena Mazur' } };
}
function requests(nodes: ReturnType<typeof request>[], totalCount = nodes.length) {
  return { data: { taskRequests: { __typename: 'TaskConnection', totalCount, edges: nodes.map((node) => ({ __typename: 'TaskEdge', node })) } } };
}

type Result = { data: unknown } | { errors: GraphQLError[] };
function mocks({ requestsResult, tasksResult, inputs, crisis, review }: { requestsResult: Result; tasksResult: Result; inputs: Result; crisis: Result; review: Result }): MockLink.MockedResponse[] {
  return [
    { request: { query: TaskRequestsQuery, variables: { first: 5 } }, result: requestsResult },
    { request: { query: MyTasksDueQuery, variables: { first: 5, filter: { status: ['ACCEPTED', 'IN_PROGRESS', 'BLOCKED'], dueBefore: '2026-03-19' } } }, result: tasksResult },
    { request: { query: AwaitingReviewQuery, variables: { first: 5, filter: { inputsAwaitingReview: true } } }, result: inputs },
    { request: { query: CrisisCasesQuery, variables: { first: 5, filter: { escalation: ['CRISIS'], phase: OPEN } } }, result: crisis },
    { request: { query: OverdueReviewQuery, variables: { first: 5, filter: { reviewBefore: TODAY, phase: OPEN } } }, result: review },
  ] as MockLink.MockedResponse[];
}

function renderHome(responses: MockLink.MockedResponse[], language: 'en' | 'pl' = 'en') {
  const router = createMemoryRouter([{ path: '/', element: <HomePage /> }], { initialEntries: ['/'] });
  render(
    <MockedProvider mocks={responses}>
      <I18nextProvider i18n={createI18n(language)}>
        <MantineProvider theme={theme} env="test">
          <RouterProvider router={router} />
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
}

const section = (name: string) => screen.getByRole('region', { name });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

describe('start page', { timeout: 30_000 }, () => {
  it('lists what waits, each a link, with counts, from queries bounded to a few items and dated on Warsaw time', async () => {
    renderHome(
      mocks({
        requestsResult: requests([request(9)]),
        tasksResult: tasks([task(1, { overdue: true, dueDate: '2026-03-05' }), task(2)], 9),
        inputs: cases([caseItem(3, { inputsAwaitingReviewCount: 2 }), caseItem(5, { inputsAwaitingReviewCount: 1 })]),
        crisis: cases([caseItem(6)], 7),
        review: cases([caseItem(8, { reviewDate: '2026-02-20' })]),
      }),
    );

    const taskLink = await screen.findByRole('link', { name: 'Task 1' });
    expect(taskLink).toHaveAttribute('href', `/cases/${id(1)}`);
    const tasksSection = section('My tasks due or overdue');
    expect(within(tasksSection).getByLabelText('Waiting: 9')).toBeInTheDocument();
    expect(within(tasksSection).getByText('Overdue')).toBeInTheDocument();
    expect(within(tasksSection).getAllByRole('link')).toHaveLength(2);

    const requestsSection = section('Requests to my organisation');
    expect(await within(requestsSection).findByRole('link', { name: 'Request 9' })).toHaveAttribute('href', `/cases/${id(9)}`);
    expect(within(requestsSection).getByText(/from Bożena Mazur/)).toBeInTheDocument();

    const inputs = section('Cases with partner input awaiting review');
    await within(inputs).findByRole('link', { name: /Case 3/ });
    expect(within(inputs).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual([`/cases/${id(3)}`, `/cases/${id(5)}`]);
    expect(within(inputs).getByLabelText('Waiting: 2')).toBeInTheDocument();
    expect(within(inputs).getByText('Inputs awaiting review: 2')).toBeInTheDocument();

    const crisis = section('Cases in crisis');
    await within(crisis).findByRole('link', { name: /Case 6/ });
    expect(within(crisis).getByLabelText('Waiting: 7')).toBeInTheDocument();
    // More wait than the short list shows: a link to the whole list, filtered the same way.
    const all = within(crisis).getByRole('link', { name: 'All cases in crisis' });
    expect(new URLSearchParams(all.getAttribute('href')!.split('?')[1]).getAll('escalation')).toEqual(['CRISIS']);

    const review = section('Review date passed');
    expect(await within(review).findByRole('link', { name: /Case 8/ })).toHaveAttribute('href', `/cases/${id(8)}`);
    expect(within(review).getByText(/review was due/)).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
  });

  it('says so when nothing waits, in Polish', async () => {
    renderHome(mocks({ requestsResult: requests([]), tasksResult: tasks([]), inputs: cases([]), crisis: cases([]), review: cases([]) }), 'pl');
    expect(await screen.findByText('Żadne Twoje zadanie nie ma terminu w tym tygodniu.')).toBeInTheDocument();
    expect(await screen.findByText('Żadna prośba nie czeka na Twoją odpowiedź.')).toBeInTheDocument();
    expect(await screen.findByText('Żadna uwaga partnera nie czeka na Twoją ocenę.')).toBeInTheDocument();
    expect(await screen.findByText('Żadna otwarta sprawa nie jest w kryzysie.')).toBeInTheDocument();
    expect(await screen.findByText('Żadna otwarta sprawa nie ma przekroczonego terminu przeglądu.')).toBeInTheDocument();
    expect(screen.queryAllByRole('link')).toHaveLength(0);
  });

  it('hides a section the API refuses and shows a failed one with its error and a retry', async () => {
    renderHome(
      mocks({
        requestsResult: { errors: [new GraphQLError('Forbidden', { extensions: { code: 'FORBIDDEN' } })] },
        tasksResult: tasks([]),
        inputs: cases([]),
        crisis: { errors: [new GraphQLError('Boom', { extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: 'err-7' } })] },
        review: cases([caseItem(8)]),
      }),
    );
    await screen.findByRole('link', { name: /Case 8/ });
    const crisis = section('Cases in crisis');
    const alert = await within(crisis).findByRole('alert');
    expect(alert).toHaveTextContent('err-7');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Requests to my organisation' })).toBeNull();
    expect(section('My tasks due or overdue')).toBeInTheDocument();
    expect(section('Cases with partner input awaiting review')).toBeInTheDocument();
  });
});
