import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { GraphQLError } from 'graphql';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createI18n } from '../../i18n';
import { theme } from '../../ui/theme';
import { CaseListPage, CaseListQuery } from './CaseListPage';
import { LeadOrganisations } from './list/CaseFilters';

const CaseList = CaseListQuery;
const Organisations = LeadOrganisations;

const LEAD_ID = '0b0b0b0b-0000-4000-8000-000000000001';

function caseNode(n: number, extra: Record<string, unknown> = {}) {
  return {
    __typename: 'Case',
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    reference: `LEG/2026/${String(n).padStart(4, '0')}`,
    title: `Case number ${n}`,
    type: 'SOCIAL_TENSION',
    phase: 'ANALYSIS',
    escalation: 'NORMAL',
    priority: 'MEDIUM',
    reviewDate: '2026-05-01',
    lastActivityAt: '2026-04-01T10:00:00.000Z',
    area: { __typename: 'CaseArea', district: 'Piaski' },
    leadOrganisation: { __typename: 'Organisation', id: LEAD_ID, name: 'KPP Legionowo' },
    updateCount: 4,
    participantCount: 3,
    inputsAwaitingReviewCount: 0,
    openRiskCount: 1,
    ...extra,
  };
}

function page(nodes: ReturnType<typeof caseNode>[], { hasNextPage = false, endCursor = null as string | null, totalCount = nodes.length } = {}) {
  return {
    data: {
      cases: {
        __typename: 'CaseConnection',
        totalCount,
        pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
        edges: nodes.map((node) => ({ __typename: 'CaseEdge', cursor: `cursor-${node.id}`, node })),
      },
    },
  };
}

type Vars = { first: number; after: string | null; filter: Record<string, unknown>; orderBy: string };
const vars = (patch: Partial<Vars> = {}): Vars => ({ first: 25, after: null, filter: {}, orderBy: 'LAST_ACTIVITY', ...patch });

function listMock(variables: Vars, result: ReturnType<typeof page> | { errors: GraphQLError[] }): MockLink.MockedResponse {
  return { request: { query: CaseList, variables }, result };
}

const organisationsMock: MockLink.MockedResponse = {
  request: { query: Organisations },
  result: {
    data: {
      organisations: {
        __typename: 'OrganisationConnection',
        edges: [
          { __typename: 'OrganisationEdge', node: { __typename: 'Organisation', id: LEAD_ID, name: 'KPP Legionowo' } },
          { __typename: 'OrganisationEdge', node: { __typename: 'Organisation', id: '0b0b0b0b-0000-4000-8000-000000000002', name: 'Piaski Sąsiedzi' } },
        ],
      },
    },
  },
};

function setWidth(wide: boolean) {
  window.matchMedia = (query: string) =>
    ({ matches: wide && query.includes('min-width'), media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }) as MediaQueryList;
}

function renderAt(url: string, mocks: MockLink.MockedResponse[], language: 'en' | 'pl' = 'en') {
  const router = createMemoryRouter(
    [
      { path: '/cases', element: <CaseListPage /> },
      { path: '/cases/:id', element: <p>case page</p> },
    ],
    { initialEntries: [url] },
  );
  const user = userEvent.setup({ delay: null });
  render(
    <MockedProvider mocks={[organisationsMock, ...mocks]}>
      <I18nextProvider i18n={createI18n(language)}>
        <MantineProvider theme={theme} env="test">
          <RouterProvider router={router} />
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
  const search = () => new URLSearchParams(router.state.location.search);
  return { router, user, search };
}

beforeEach(() => setWidth(true));

// A loaded two-core machine renders Mantine slowly under jsdom; the ceiling is generous, nothing waits a fixed time.
describe('case list', { timeout: 30_000 }, () => {
  it('reads every filter, the search and the order from the address and sends them', async () => {
    const url = `/cases?q=garage&phase=ANALYSIS&phase=RESPONSE&type=CRISIS&escalation=CRISIS&lead=${LEAD_ID}&district=Piaski&reviewBefore=2026-06-01&awaitingReview=true&sort=REVIEW_DATE`;
    renderAt(url, [
      listMock(
        vars({
          orderBy: 'REVIEW_DATE',
          filter: { search: 'garage', phase: ['ANALYSIS', 'RESPONSE'], type: ['CRISIS'], escalation: ['CRISIS'], leadOrganisationId: LEAD_ID, district: 'Piaski', reviewBefore: '2026-06-01', inputsAwaitingReview: true },
        }),
        page([caseNode(7, { escalation: 'CRISIS', inputsAwaitingReviewCount: 2 })]),
      ),
    ]);

    const link = await screen.findByRole('link', { name: /Case number 7/ });
    expect(link).toHaveAttribute('href', '/cases/00000000-0000-4000-8000-000000000007');
    const row = link.closest('tr')!;
    expect(within(row).getByText('Analysis')).toBeInTheDocument();
    expect(within(row).getByText('Crisis')).toBeInTheDocument();
    expect(within(row).getByText('Awaiting review: 2')).toBeInTheDocument();
    expect(within(row).getByText('Updates: 4')).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('garage');
    expect(screen.getByRole('textbox', { name: 'District' })).toHaveValue('Piaski');
    expect(screen.getByLabelText('Review date before')).toHaveValue('2026-06-01');
    expect(screen.getByRole('combobox', { name: 'Sort by' })).toHaveValue('REVIEW_DATE');
    expect(screen.getByRole('checkbox', { name: 'Only cases with partner input awaiting my review' })).toBeChecked();
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Lead organisation' })).toHaveValue(LEAD_ID));
  });

  it('writes a changed filter into the address, sends it, and goes back with the browser', async () => {
    const { user, search, router } = renderAt('/cases', [
      listMock(vars(), page([caseNode(1)])),
      listMock(vars({ orderBy: 'PRIORITY' }), page([caseNode(2)])),
      listMock(vars({ orderBy: 'PRIORITY', filter: { search: 'garaż' } }), page([caseNode(3)])),
      listMock(vars({ orderBy: 'PRIORITY', filter: { search: 'garaż', leadOrganisationId: LEAD_ID } }), page([caseNode(4)])),
      listMock(vars(), page([caseNode(1)])),
    ]);
    await screen.findByRole('link', { name: /Case number 1/ });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'PRIORITY');
    expect(search().get('sort')).toBe('PRIORITY');
    await screen.findByRole('link', { name: /Case number 2/ });

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'garaż{Enter}');
    expect(search().get('q')).toBe('garaż');
    await screen.findByRole('link', { name: /Case number 3/ });

    const lead = screen.getByRole('combobox', { name: 'Lead organisation' });
    await waitFor(() => expect(lead).toBeEnabled());
    await user.selectOptions(lead, LEAD_ID);
    expect(search().get('lead')).toBe(LEAD_ID);
    await screen.findByRole('link', { name: /Case number 4/ });

    // Back through the history: the address and the list follow.
    await act(() => router.navigate(-1));
    expect(search().get('lead')).toBeNull();
    expect(await screen.findByRole('link', { name: /Case number 3/ })).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('garaż');
  });

  it('chooses a phase from the list of phases', async () => {
    const { user, search } = renderAt('/cases', [
      listMock(vars(), page([caseNode(1)])),
      listMock(vars({ filter: { phase: ['RESPONSE'] } }), page([caseNode(5, { phase: 'RESPONSE' })])),
    ]);
    await screen.findByRole('link', { name: /Case number 1/ });
    await user.click(screen.getByRole('textbox', { name: 'Phase' }));
    await user.click(await screen.findByRole('option', { name: 'Response' }));
    expect(search().getAll('phase')).toEqual(['RESPONSE']);
    expect(await screen.findByRole('link', { name: /Case number 5/ })).toBeInTheDocument();
  });

  it('pages forward with the end cursor in the address and back again', async () => {
    const first = Array.from({ length: 3 }, (_, i) => caseNode(i + 1));
    const { user, search } = renderAt('/cases?escalation=ELEVATED', [
      listMock(vars({ filter: { escalation: ['ELEVATED'] } }), page(first, { hasNextPage: true, endCursor: 'c-page-1', totalCount: 4 })),
      listMock(vars({ filter: { escalation: ['ELEVATED'] }, after: 'c-page-1' }), page([caseNode(4)], { totalCount: 4 })),
      listMock(vars({ filter: { escalation: ['ELEVATED'] } }), page(first, { hasNextPage: true, endCursor: 'c-page-1', totalCount: 4 })),
    ]);
    await screen.findByRole('link', { name: /Case number 3/ });
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(search().getAll('after')).toEqual(['c-page-1']);
    expect(search().getAll('escalation')).toEqual(['ELEVATED']);
    expect(await screen.findByRole('link', { name: /Case number 4/ })).toBeInTheDocument();
    expect(screen.getByText(/page 2/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(search().getAll('after')).toEqual([]);
    expect(await screen.findByRole('link', { name: /Case number 1/ })).toBeInTheDocument();
  });

  it('a filter change starts again from the first page', async () => {
    const { user, search } = renderAt('/cases?after=c-page-1', [
      listMock(vars({ after: 'c-page-1' }), page([caseNode(4)])),
      listMock(vars({ orderBy: 'REVIEW_DATE' }), page([caseNode(1)])),
    ]);
    await screen.findByRole('link', { name: /Case number 4/ });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'REVIEW_DATE');
    expect(search().getAll('after')).toEqual([]);
    expect(await screen.findByRole('link', { name: /Case number 1/ })).toBeInTheDocument();
  });

  it('says when nothing matches and clears the filters', async () => {
    const { user, search } = renderAt('/cases?district=Nowhere', [
      listMock(vars({ filter: { district: 'Nowhere' } }), page([])),
      listMock(vars(), page([caseNode(1)])),
    ]);
    expect(await screen.findByText('No case matches these filters.')).toBeInTheDocument();
    await user.click(within(screen.getByTestId('case-list-empty')).getByRole('button', { name: 'Clear filters' }));
    expect(search().toString()).toBe('');
    expect(await screen.findByRole('link', { name: /Case number 1/ })).toBeInTheDocument();
  });

  it('shows the refusal from its error code, in Polish, with a retry', async () => {
    renderAt('/cases', [listMock(vars(), { errors: [new GraphQLError('Błąd', { extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: 'err-42' } })] })], 'pl');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('err-42');
    expect(within(alert).getByRole('button', { name: 'Spróbuj ponownie' })).toBeInTheDocument();
  });

  it('puts a validation problem on its field', async () => {
    renderAt('/cases?q=x', [
      listMock(vars({ filter: { search: 'x' } }), {
        errors: [new GraphQLError('Invalid', { extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'filter.search', problems: ['search is too short'] }] } })],
      }),
    ]);
    expect(await screen.findByText('search is too short')).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows cards on a phone-sized screen, each a link to its case, the filter choices folded away', async () => {
    setWidth(false);
    const { user } = renderAt('/cases?phase=ANALYSIS&escalation=CRISIS', [
      listMock(vars({ filter: { phase: ['ANALYSIS'], escalation: ['CRISIS'] } }), page([caseNode(1), caseNode(2)])),
    ]);
    await screen.findByRole('link', { name: /Case number 1/ });
    expect(screen.queryByRole('textbox', { name: 'Phase' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Filters (2)' }));
    expect(screen.getByRole('textbox', { name: 'Phase' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
    const cards = within(screen.getByTestId('case-cards')).getAllByRole('listitem');
    expect(cards).toHaveLength(2);
    expect(within(cards[1]!).getByRole('link')).toHaveAttribute('href', '/cases/00000000-0000-4000-8000-000000000002');
  });
});
