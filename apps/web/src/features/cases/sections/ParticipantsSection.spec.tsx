import { screen, waitFor, within } from '@testing-library/react';
import type { MockLink } from '@apollo/client/testing';
import userEvent from '@testing-library/user-event';
import { AddCaseParticipant, LeadAgreements, ParticipantOrganisations } from '../page/AddParticipantForm';
import { ALLOWED, apiError, CASE_ID, LEAD_ID, READ_ONLY, renderWithApi } from '../page/testing';
import { RebaseCaseParticipant } from '../page/RebaseParticipantForm';
import { CaseParticipants, ParticipantsSection, RemoveCaseParticipant } from './ParticipantsSection';

const MOPS = 'a3f0d6c2-1b7e-4a55-9c3d-2e8f6b1a7c01';
const NGO = 'c7e2b9a4-5d1f-4e83-8b6a-9f0c3d2e1b02';

const organisation = (id: string, name: string, kind: string) => ({ __typename: 'Organisation' as const, id, name, kind });
const lead = {
  __typename: 'CaseParticipant' as const,
  id: 'p-lead',
  role: 'LEAD',
  basis: 'LEAD',
  categories: ['CASE_CONTENT', 'TASKS', 'INDICATORS', 'INCIDENT_DATA', 'STAKEHOLDER_CONTACTS'],
  grantedCategories: [],
  suspended: false,
  validUntil: null,
  overrideReason: null,
  addedAt: '2026-01-10T09:00:00Z',
  organisation: organisation(LEAD_ID, 'KPP Legionowo', 'POLICE_UNIT'),
  agreement: null,
};
const joined = (id: string, org: ReturnType<typeof organisation>, basis: string, overrideReason: string | null) => ({
  ...lead,
  id,
  role: 'PARTNER',
  basis,
  categories: ['CASE_CONTENT'],
  grantedCategories: basis === 'OVERRIDE' ? ['CASE_CONTENT'] : [],
  overrideReason,
  organisation: org,
});
const participants = (list: unknown[], viewerCan = ALLOWED) => ({ case: { __typename: 'Case', id: CASE_ID, leadOrganisation: { __typename: 'Organisation', id: LEAD_ID, name: 'KPP Legionowo' }, participants: list, viewerCan } });

function mocks(sent: unknown[], added: ReturnType<typeof joined>): MockLink.MockedResponse[] {
  return [
    { request: { query: CaseParticipants, variables: { id: CASE_ID } }, result: { data: participants([lead]) } },
    {
      request: { query: ParticipantOrganisations },
      result: {
        data: {
          organisations: {
            __typename: 'OrganisationConnection',
            edges: [LEAD_ID, MOPS, NGO].map((id) => ({
              __typename: 'OrganisationEdge',
              node: id === LEAD_ID ? organisation(LEAD_ID, 'KPP Legionowo', 'POLICE_UNIT') : id === MOPS ? organisation(MOPS, 'MOPS Legionowo', 'SOCIAL_SERVICES') : organisation(NGO, 'Piaski Sąsiedzi', 'NGO'),
            })),
          },
        },
      },
    },
    {
      request: { query: LeadAgreements, variables: { organisationId: LEAD_ID } },
      result: {
        data: {
          partnershipAgreements: {
            __typename: 'PartnershipAgreementConnection',
            edges: [
              {
                __typename: 'PartnershipAgreementEdge',
                node: { __typename: 'PartnershipAgreement', id: 'ag-1', purpose: 'Cooperation on local safety', status: 'ACTIVE', inForce: true, validFrom: '2026-01-01', validTo: '2026-12-31', dataCategories: ['CASE_CONTENT', 'TASKS'], organisationAId: LEAD_ID, organisationBId: MOPS },
              },
              {
                __typename: 'PartnershipAgreementEdge',
                node: { __typename: 'PartnershipAgreement', id: 'ag-2', purpose: 'Expired pilot', status: 'ACTIVE', inForce: false, validFrom: '2025-01-01', validTo: '2025-12-31', dataCategories: ['CASE_CONTENT'], organisationAId: NGO, organisationBId: LEAD_ID },
              },
            ],
          },
        },
      },
    },
    {
      request: { query: AddCaseParticipant, variables: () => true },
      result: (variables: unknown) => {
        sent.push(variables);
        return { data: { addCaseParticipant: { __typename: 'Case', id: CASE_ID, participantCount: 2, participants: [lead, added] } } };
      },
    },
  ];
}

async function chooseOrganisation(user: ReturnType<typeof userEvent.setup>, name: RegExp) {
  const field = screen.getByRole('textbox', { name: /^organisation/i });
  await waitFor(() => expect(field).toBeEnabled());
  await user.click(field);
  await user.click(await screen.findByRole('option', { name }));
}

// Rendering Mantine forms in jsdom takes seconds on a busy machine; the flows, not the clock, are under test.
describe('ParticipantsSection', { timeout: 30_000 }, () => {
  it('shows each participation with its basis, and adds an organisation under the agreement in force (no override sent)', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderWithApi(<ParticipantsSection caseId={CASE_ID} />, { mocks: mocks(sent, joined('p-mops', organisation(MOPS, 'MOPS Legionowo', 'SOCIAL_SERVICES'), 'AGREEMENT', null)) });

    const leadItem = await screen.findByRole('listitem', { name: 'KPP Legionowo' });
    expect(within(leadItem).getByText('Leads the case.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add a participant' }));
    const form = screen.getByRole('form', { name: 'Add a participant' });
    await chooseOrganisation(user, /MOPS Legionowo/);
    expect(within(form).getByText('Joins under the agreement in force with the lead organisation')).toBeInTheDocument();
    expect(within(form).getByText('Cooperation on local safety')).toBeInTheDocument();
    expect(within(form).queryByRole('textbox', { name: /reason for the override/i })).not.toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Add to the case' }));

    expect(await screen.findByText('MOPS Legionowo is now on the case.')).toBeInTheDocument();
    expect(sent).toEqual([{ input: { caseId: CASE_ID, organisationId: MOPS, role: 'PARTNER' } }]);
    expect(within(screen.getByRole('listitem', { name: 'MOPS Legionowo' })).getByText('Agreement')).toBeInTheDocument();
  });

  it('without an agreement in force asks for the override reason and categories, and sends them', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const reason = 'Agreement renewal signed next week; the estate needs them now';
    renderWithApi(<ParticipantsSection caseId={CASE_ID} />, { mocks: mocks(sent, joined('p-ngo', organisation(NGO, 'Piaski Sąsiedzi', 'NGO'), 'OVERRIDE', reason)) });

    await user.click(await screen.findByRole('button', { name: 'Add a participant' }));
    const form = screen.getByRole('form', { name: 'Add a participant' });
    await chooseOrganisation(user, /Piaski Sąsiedzi/);
    expect(within(form).getByText(/No agreement with the lead organisation is in force/)).toBeInTheDocument();

    await user.click(within(form).getByRole('button', { name: 'Add to the case' }));
    expect(await within(form).findByText('Give a reason of at least 10 characters.')).toBeInTheDocument();
    expect(sent).toEqual([]);

    await user.click(within(form).getByRole('textbox', { name: /reason for the override/i }));
    await user.paste(reason);
    await user.click(within(form).getByRole('checkbox', { name: 'Tasks' }));
    await user.click(within(form).getByRole('textbox', { name: /role on the case/i }));
    await user.click(await screen.findByRole('option', { name: 'Consulted' }));
    await user.click(within(form).getByRole('button', { name: 'Add to the case' }));

    expect(await screen.findByText('Piaski Sąsiedzi is now on the case.')).toBeInTheDocument();
    expect(sent).toEqual([{ input: { caseId: CASE_ID, organisationId: NGO, role: 'CONSULTED', overrideReason: reason, grantedCategories: ['CASE_CONTENT', 'TASKS'] } }]);
    const item = screen.getByRole('listitem', { name: 'Piaski Sąsiedzi' });
    expect(within(item).getByText(reason)).toBeInTheDocument();
  });

  it("puts the API's refusal on the field it names", async () => {
    const user = userEvent.setup();
    const base = mocks([], joined('p-ngo', organisation(NGO, 'Piaski Sąsiedzi', 'NGO'), 'OVERRIDE', null));
    base[3] = { request: { query: AddCaseParticipant, variables: () => true }, result: () => apiError('BAD_USER_INPUT', 'This organisation already takes part in the case.', { field: 'organisationId' }) };
    renderWithApi(<ParticipantsSection caseId={CASE_ID} />, { mocks: base });
    await user.click(await screen.findByRole('button', { name: 'Add a participant' }));
    await chooseOrganisation(user, /MOPS Legionowo/);
    await user.click(screen.getByRole('button', { name: 'Add to the case' }));
    expect(await screen.findByText('This organisation already takes part in the case.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^organisation/i })).toHaveAttribute('aria-invalid', 'true');
  });

  it('removes a participant only after confirming, and records an override for a suspended one', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const mops = joined('p-mops', organisation(MOPS, 'MOPS Legionowo', 'SOCIAL_SERVICES'), 'AGREEMENT', null);
    const ngo = { ...joined('p-ngo', organisation(NGO, 'Piaski Sąsiedzi', 'NGO'), 'SUSPENDED', null), categories: [], suspended: true, agreement: { __typename: 'ParticipationAgreement', id: 'ag-2', validFrom: '2025-01-01', validTo: '2025-12-31', inForce: false } };
    const reason = 'Renewal of the agreement is being signed this month';
    renderWithApi(<ParticipantsSection caseId={CASE_ID} />, {
      mocks: [
        { request: { query: CaseParticipants, variables: { id: CASE_ID } }, result: { data: participants([lead, mops, ngo]) } },
        {
          request: { query: RemoveCaseParticipant, variables: { input: { caseId: CASE_ID, organisationId: MOPS } } },
          result: (variables) => {
            sent.push(variables);
            return { data: { removeCaseParticipant: { __typename: 'Case', id: CASE_ID, participantCount: 2, participants: [lead, ngo] } } };
          },
        },
        {
          request: { query: RebaseCaseParticipant, variables: { input: { caseId: CASE_ID, organisationId: NGO, overrideReason: reason, grantedCategories: ['CASE_CONTENT', 'TASKS'] } } },
          result: (variables) => {
            sent.push(variables);
            const rebased = { ...ngo, basis: 'OVERRIDE', suspended: false, overrideReason: reason, categories: ['CASE_CONTENT', 'TASKS'], grantedCategories: ['CASE_CONTENT', 'TASKS'] };
            return { data: { rebaseCaseParticipant: { __typename: 'Case', id: CASE_ID, participants: [lead, rebased] } } };
          },
        },
      ],
    });

    const suspended = await screen.findByRole('listitem', { name: 'Piaski Sąsiedzi' });
    expect(within(suspended).getByText(/Suspended: its agreement ended on/)).toBeInTheDocument();
    expect(within(screen.getByRole('listitem', { name: 'KPP Legionowo' })).queryByRole('button')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Remove MOPS Legionowo from the case' }));
    expect(sent).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Yes, remove' }));
    expect(await screen.findByText('MOPS Legionowo is no longer on the case.')).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: 'MOPS Legionowo' })).not.toBeInTheDocument();

    await user.click(within(screen.getByRole('listitem', { name: 'Piaski Sąsiedzi' })).getByRole('button', { name: 'Record an override for Piaski Sąsiedzi' }));
    const form = screen.getByRole('form', { name: 'Override for Piaski Sąsiedzi' });
    await user.click(within(form).getByRole('textbox', { name: /reason for the override/i }));
    await user.paste(reason);
    await user.click(within(form).getByRole('checkbox', { name: 'Tasks' }));
    await user.click(within(form).getByRole('button', { name: 'Save the override' }));
    expect(await screen.findByText('The override for Piaski Sąsiedzi is recorded.')).toBeInTheDocument();
    expect(within(screen.getByRole('listitem', { name: 'Piaski Sąsiedzi' })).getByText(reason)).toBeInTheDocument();
    expect(sent).toEqual([
      { input: { caseId: CASE_ID, organisationId: MOPS } },
      { input: { caseId: CASE_ID, organisationId: NGO, overrideReason: reason, grantedCategories: ['CASE_CONTENT', 'TASKS'] } },
    ]);
  });

  it('offers no adding, removing or re-basing when the API says the viewer may not manage participants', async () => {
    const ngo = { ...joined('p-ngo', organisation(NGO, 'Piaski Sąsiedzi', 'NGO'), 'SUSPENDED', null), suspended: true };
    renderWithApi(<ParticipantsSection caseId={CASE_ID} />, { mocks: [{ request: { query: CaseParticipants, variables: { id: CASE_ID } }, result: { data: participants([lead, ngo], READ_ONLY) } }] });
    expect(await screen.findByRole('listitem', { name: 'Piaski Sąsiedzi' })).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
