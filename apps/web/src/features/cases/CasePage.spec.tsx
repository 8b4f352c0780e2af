import { screen, within } from '@testing-library/react';
import { casePageQuery, CasePage } from './CasePage';
import { ALLOWED, apiError, CASE_ID, LEAD_ID, renderWithApi } from './page/testing';
import { CaseDiagnosis } from './sections/DiagnosisSection';
import { CaseParticipants } from './sections/ParticipantsSection';

const lead = { __typename: 'Organisation', id: LEAD_ID, name: 'KPP Legionowo' };
const pageMocks = [
  {
    request: { query: casePageQuery, variables: { id: CASE_ID } },
    result: {
      data: {
        case: {
          __typename: 'Case',
          id: CASE_ID,
          reference: 'LEG/2026/0007',
          title: 'Noise on the Piaski estate',
          phase: 'ANALYSIS',
          escalation: 'ELEVATED',
          priority: 'HIGH',
          type: 'PUBLIC_NUISANCE',
          version: 3,
          reviewDate: '2026-03-31',
          closedAt: null,
          outcome: null,
          closingAssessment: null,
          area: { __typename: 'CaseArea', district: 'Piaski', address: 'ul. Sowińskiego' },
          leadOrganisation: lead,
          coordinator: { __typename: 'CasePerson', id: 'u-1', displayName: 'Katarzyna Nowak' },
          viewerCan: ALLOWED,
        },
      },
    },
  },
  {
    request: { query: CaseDiagnosis, variables: { id: CASE_ID } },
    result: { data: { case: { __typename: 'Case', id: CASE_ID, version: 3, phase: 'ANALYSIS', goal: 'Quiet nights', diagnosis: { __typename: 'CaseDiagnosis', what: 'Noise at night', where: '', when: '', who: '', sources: '' }, viewerCan: ALLOWED } } },
  },
  { request: { query: CaseParticipants, variables: { id: CASE_ID } }, result: { data: { case: { __typename: 'Case', id: CASE_ID, leadOrganisation: lead, participants: [], viewerCan: ALLOWED } } } },
];

// Rendering Mantine forms in jsdom takes seconds on a busy machine; the flows, not the clock, are under test.
describe('CasePage', { timeout: 30_000 }, () => {
  it('shows the header, one h1, and a section navigation whose links lead to the sections', async () => {
    renderWithApi(<CasePage />, { mocks: pageMocks, language: 'pl' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Noise on the Piaski estate' })).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(screen.getByText('Sprawa LEG/2026/0007')).toBeInTheDocument();
    const status = screen.getByRole('group', { name: 'Stan sprawy' });
    expect(within(status).getByText('Etap: Analiza')).toBeInTheDocument();
    expect(within(status).getByText('Eskalacja: Podwyższona')).toBeInTheDocument();
    expect(within(status).getByText('Priorytet: Wysoki')).toBeInTheDocument();
    expect(within(status).getByText('Uciążliwość społeczna')).toBeInTheDocument();
    expect(screen.getByText('Piaski, ul. Sowińskiego')).toBeInTheDocument();
    expect(screen.getByText('Katarzyna Nowak')).toBeInTheDocument();

    const nav = screen.getByRole('navigation', { name: 'Części sprawy' });
    const links = within(nav).getAllByRole('link');
    // The lifecycle and eight sections (the last: linked cases).
    expect(links.length).toBe(9);
    for (const link of links) {
      const target = link.getAttribute('href')?.slice(1) ?? '';
      expect(document.getElementById(target), target).not.toBeNull();
    }
    expect(await screen.findByText('Noise at night')).toBeInTheDocument();
  });

  it.each([
    ['an unknown case or one of another partnership (NOT_FOUND)', apiError('NOT_FOUND', 'Case not found', { entity: 'Case' })],
    ['an address that is no case id (bad input on id)', apiError('BAD_USER_INPUT', 'Invalid input: id', { fields: [{ field: 'id', problems: ['isUuid'] }] })],
  ])('shows the not-found page for %s', async (_what, answer) => {
    renderWithApi(<CasePage />, { mocks: [{ request: { query: casePageQuery, variables: { id: CASE_ID } }, result: answer }] });
    expect(await screen.findByRole('heading', { level: 1, name: 'Not found' })).toBeInTheDocument();
    expect(screen.getByText('This page does not exist or you have no access to it.')).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Sections of the case' })).not.toBeInTheDocument();
  });

  it('shows another failure as an error with a retry, not as not found', async () => {
    renderWithApi(<CasePage />, { mocks: [{ request: { query: casePageQuery, variables: { id: CASE_ID } }, result: apiError('INTERNAL_SERVER_ERROR', 'boom', { errorId: 'e-1' }) }] });
    expect(await screen.findByRole('alert')).toHaveTextContent('e-1');
    expect(screen.queryByRole('heading', { name: 'Not found' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
