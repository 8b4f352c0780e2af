import { screen, within } from '@testing-library/react';
import { AgreementsQuery, AgreementsSection, expiresInDays } from './AgreementsSection';
import { NGO, POLICE, organisationsMock, renderWithApi } from './test-utils';
import { warsawToday } from './problems';

function plusDays(days: number): string {
  const d = new Date(`${warsawToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function agreement(id: string, purpose: string, patch: Record<string, unknown> = {}) {
  return {
    __typename: 'PartnershipAgreement' as const,
    id,
    purpose,
    dataCategories: ['CASE_CONTENT', 'TASKS'],
    status: 'ACTIVE',
    inForce: true,
    validFrom: plusDays(-300),
    validTo: null as string | null,
    version: 1,
    organisationA: { __typename: 'Organisation' as const, id: POLICE.id, name: POLICE.name },
    organisationB: { __typename: 'Organisation' as const, id: NGO.id, name: NGO.name },
    ...patch,
  };
}

const soon = agreement('a-soon', 'Neighbourhood mediation', { validTo: plusDays(12) });
const later = agreement('a-later', 'School safety', { validTo: plusDays(90) });
const open = agreement('a-open', 'Street lighting');
const ended = agreement('a-ended', 'Old programme', { status: 'TERMINATED', inForce: false, validTo: plusDays(5) });

const agreements = {
  request: { query: AgreementsQuery },
  result: { data: { partnershipAgreements: { __typename: 'PartnershipAgreementConnection', totalCount: 4, edges: [soon, later, open, ended].map((node) => ({ __typename: 'PartnershipAgreementEdge', node })) } } },
  maxUsageCount: 5,
};

function card(purpose: string) {
  return screen.getAllByTestId('agreement').find((el) => within(el).queryByText(purpose))!;
}

describe('partnership agreements', () => {
  it('marks in words those in force that end within 30 days, and only them', async () => {
    renderWithApi(<AgreementsSection />, { mocks: [agreements, organisationsMock()] });
    await screen.findByText('Neighbourhood mediation');
    expect(within(card('Neighbourhood mediation')).getByTestId('expiring')).toHaveTextContent(/days left: 12/);
    expect(card('Neighbourhood mediation')).toHaveAttribute('data-expiring', 'true');
    for (const purpose of ['School safety', 'Street lighting', 'Old programme']) {
      expect(within(card(purpose)).queryByTestId('expiring')).not.toBeInTheDocument();
    }
    expect(screen.getByTestId('expiring-count')).toHaveTextContent('Ending within 30 days: 1.');
    // Parties, purpose, data categories and validity are all there.
    const soonCard = within(card('Neighbourhood mediation'));
    expect(soonCard.getByText('KPP Legionowo — Piaski Sąsiedzi')).toBeInTheDocument();
    expect(soonCard.getByText('Data shared: Case content, Tasks')).toBeInTheDocument();
    expect(soonCard.getByText(/^Valid from .* to /)).toBeInTheDocument();
  });

  it('in Polish too', async () => {
    renderWithApi(<AgreementsSection />, { mocks: [agreements, organisationsMock()], language: 'pl' });
    await screen.findByText('Neighbourhood mediation');
    expect(within(card('Neighbourhood mediation')).getByTestId('expiring')).toHaveTextContent(/pozostało dni: 12/);
  });

  it('counts the last day as included and ignores what has already ended', () => {
    const today = '2026-05-01';
    expect(expiresInDays({ inForce: true, validTo: '2026-05-01' }, today)).toBe(0);
    expect(expiresInDays({ inForce: true, validTo: '2026-05-31' }, today)).toBe(30);
    expect(expiresInDays({ inForce: true, validTo: '2026-06-01' }, today)).toBeNull();
    expect(expiresInDays({ inForce: false, validTo: '2026-05-10' }, today)).toBeNull();
    expect(expiresInDays({ inForce: true, validTo: null }, today)).toBeNull();
  });
});
