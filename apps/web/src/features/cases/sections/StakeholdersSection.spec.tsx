import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AddStakeholderMutation, StakeholderContactsQuery, StakeholdersQuery } from '../work/stakeholders';
import { COORDINATOR, PARTNER, fill, refusal, renderWork } from '../work/testing';
import { StakeholdersSection } from './StakeholdersSection';

const CASE = 'c-1';
const stakeholder = (id: string, name: string, triangleRole: 'OFFENDER' | 'VICTIM' | 'PLACE', personal: boolean) => ({
  __typename: 'Stakeholder' as const,
  id,
  caseId: CASE,
  name,
  triangleRole,
  influence: personal ? ('HIGH' as const) : null,
  attitude: personal ? ('OPPOSED' as const) : null,
  version: 1,
});
const list = (personal: boolean) => ({
  request: { query: StakeholdersQuery, variables: { id: CASE } },
  result: { data: { case: { __typename: 'Case' as const, id: CASE, viewerCan: personal ? COORDINATOR : PARTNER, stakeholders: [stakeholder('s-1', 'Jan Kowalski', 'OFFENDER', personal), stakeholder('s-2', 'Skwer Piaski', 'PLACE', personal)] } } },
});
const contacts = (personal: boolean, reads: { count: number }) => ({
  request: { query: StakeholderContactsQuery, variables: { id: CASE } },
  maxUsageCount: 5,
  result: () => {
    reads.count += 1;
    return {
      data: {
        case: {
          __typename: 'Case' as const,
          id: CASE,
          stakeholders: [
            { __typename: 'Stakeholder' as const, id: 's-1', interests: personal ? 'Quiet evenings' : null, contactDetails: personal ? 'tel. 600 100 200' : null, notes: personal ? 'Prefers phone' : null },
            { __typename: 'Stakeholder' as const, id: 's-2', interests: personal ? '' : null, contactDetails: personal ? 'Zarząd zieleni, tel. 22 111 22 33' : null, notes: personal ? '' : null },
          ],
        },
      },
    };
  },
});

const row = (name: string) => screen.getByRole('rowheader', { name }).closest('tr') as HTMLElement;

describe('StakeholdersSection', () => {
  it('a partner sees name and role only: no contact details, nothing to press, nothing asked of the API', async () => {
    const reads = { count: 0 };
    renderWork(<StakeholdersSection caseId={CASE} />, [list(false), contacts(false, reads)]);
    await screen.findByRole('rowheader', { name: 'Jan Kowalski' });
    expect(within(row('Jan Kowalski')).getByText('Offender')).toBeInTheDocument();
    expect(within(row('Skwer Piaski')).getByText('Place')).toBeInTheDocument();
    expect(within(row('Jan Kowalski')).getByText('Not shared with you')).toBeInTheDocument();
    expect(screen.getByText(/you see name and role only/)).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(reads.count).toBe(0);
  });

  it('reads no contact details until the person asks, and shows the API’s answer when it withholds them', async () => {
    const reads = { count: 0 };
    renderWork(<StakeholdersSection caseId={CASE} />, [list(true), contacts(false, reads)]);
    await screen.findByRole('rowheader', { name: 'Jan Kowalski' });
    expect(screen.getByText(/each reading is recorded in the audit trail/)).toBeInTheDocument();
    expect(reads.count).toBe(0);

    await userEvent.setup({ delay: null }).click(screen.getByRole('button', { name: 'Show contact details of Jan Kowalski (recorded in the audit trail)' }));
    expect(await within(row('Jan Kowalski')).findByText('Contact details are not shared with your organisation on this case.')).toBeInTheDocument();
    expect(reads.count).toBe(1);
    expect(screen.queryByText(/tel\./)).not.toBeInTheDocument();
  });

  it('shows the contact details of the one stakeholder asked for, to a reader the API lets read them', async () => {
    const reads = { count: 0 };
    renderWork(<StakeholdersSection caseId={CASE} />, [list(true), contacts(true, reads)]);
    await screen.findByRole('rowheader', { name: 'Jan Kowalski' });
    expect(within(row('Jan Kowalski')).getByText('High')).toBeInTheDocument();
    expect(reads.count).toBe(0);

    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole('button', { name: /Show contact details of Jan Kowalski/ }));
    expect(await within(row('Jan Kowalski')).findByText('tel. 600 100 200')).toBeInTheDocument();
    expect(within(row('Jan Kowalski')).getByText('Prefers phone')).toBeInTheDocument();
    // The other stakeholder's details stay hidden until asked for.
    expect(screen.queryByText(/22 111 22 33/)).not.toBeInTheDocument();
    expect(within(row('Skwer Piaski')).getByRole('button', { name: /Show contact details of Skwer Piaski/ })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Hide contact details of Jan Kowalski' }));
    expect(screen.queryByText('tel. 600 100 200')).not.toBeInTheDocument();
  });

  it('shows a refused reading as the API’s error', async () => {
    renderWork(<StakeholdersSection caseId={CASE} />, [list(true), { request: { query: StakeholderContactsQuery, variables: { id: CASE } }, result: refusal('FORBIDDEN', 'You are not allowed to do this.') }]);
    await userEvent.setup({ delay: null }).click(await screen.findByRole('button', { name: /Show contact details of Jan Kowalski/ }));
    expect(await within(row('Jan Kowalski')).findByRole('alert')).toHaveAttribute('data-error-code', 'FORBIDDEN');
  });

  it('adds a stakeholder with the role chosen, and shows the name problem on its field', async () => {
    const sent: unknown[] = [];
    renderWork(<StakeholdersSection caseId={CASE} />, [
      list(true),
      {
        request: { query: AddStakeholderMutation, variables: (v: Record<string, unknown>) => (sent.push(v.input), true) },
        result: refusal('BAD_USER_INPUT', 'Invalid input: name.', { fields: [{ field: 'input.name', problems: ['maxLength'] }] }),
      },
    ]);
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('button', { name: 'Add a stakeholder' }));
    const form = screen.getByRole('form', { name: 'Add a stakeholder' });
    await fill(user, within(form).getByRole('textbox', { name: /^Name/ }), 'Rada osiedla');
    await user.selectOptions(within(form).getByRole('combobox', { name: /^Role in the problem/ }), 'Community');
    await user.click(within(form).getByRole('button', { name: 'Add stakeholder' }));

    expect(await within(form).findByText('Check this field.')).toBeInTheDocument();
    expect(sent).toEqual([expect.objectContaining({ caseId: CASE, name: 'Rada osiedla', triangleRole: 'COMMUNITY' })]);
    expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
  });
});
