import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { visit, type DocumentNode } from 'graphql';
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
/** The API's answer to the reading of ONE stakeholder's contact details; `reads` counts the readings asked of it, per id. */
const contacts = (id: 's-1' | 's-2', personal: boolean, reads: Record<string, number>) => ({
  request: { query: StakeholderContactsQuery, variables: { id } },
  maxUsageCount: 5,
  result: () => {
    reads[id] = (reads[id] ?? 0) + 1;
    const details = {
      's-1': { interests: 'Quiet evenings', contactDetails: 'tel. 600 100 200', notes: 'Prefers phone' },
      's-2': { interests: '', contactDetails: 'Zarząd zieleni, tel. 22 111 22 33', notes: '' },
    }[id];
    return { data: { stakeholder: { __typename: 'Stakeholder' as const, id, ...(personal ? details : { interests: null, contactDetails: null, notes: null }) } } };
  },
});

/** The field names a document selects, at any depth. */
function selectedNames(document: DocumentNode): string[] {
  const names: string[] = [];
  visit(document, { Field: (node) => void names.push(node.name.value) });
  return names;
}

const row = (name: string) => screen.getByRole('rowheader', { name }).closest('tr') as HTMLElement;

describe('StakeholdersSection', () => {
  it('a partner sees name and role only: no contact details, nothing to press, nothing asked of the API', async () => {
    const reads: Record<string, number> = {};
    renderWork(<StakeholdersSection caseId={CASE} />, [list(false), contacts('s-1', false, reads)]);
    await screen.findByRole('rowheader', { name: 'Jan Kowalski' });
    expect(within(row('Jan Kowalski')).getByText('Offender')).toBeInTheDocument();
    expect(within(row('Skwer Piaski')).getByText('Place')).toBeInTheDocument();
    expect(within(row('Jan Kowalski')).getByText('Not shared with you')).toBeInTheDocument();
    expect(screen.getByText(/you see name and role only/)).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(reads).toEqual({});
  });

  it('reads no contact details until the person asks, and shows the API’s answer when it withholds them', async () => {
    const reads: Record<string, number> = {};
    renderWork(<StakeholdersSection caseId={CASE} />, [list(true), contacts('s-1', false, reads)]);
    await screen.findByRole('rowheader', { name: 'Jan Kowalski' });
    expect(screen.getByText(/each reading is recorded in the audit trail/)).toBeInTheDocument();
    expect(reads).toEqual({});

    await userEvent.setup({ delay: null }).click(screen.getByRole('button', { name: 'Show contact details of Jan Kowalski (recorded in the audit trail)' }));
    expect(await within(row('Jan Kowalski')).findByText('Contact details are not shared with your organisation on this case.')).toBeInTheDocument();
    expect(reads).toEqual({ 's-1': 1 });
    expect(screen.queryByText(/tel\./)).not.toBeInTheDocument();
  });

  it('shows the contact details of the one stakeholder asked for, to a reader the API lets read them', async () => {
    const reads: Record<string, number> = {};
    renderWork(<StakeholdersSection caseId={CASE} />, [list(true), contacts('s-1', true, reads), contacts('s-2', true, reads)]);
    await screen.findByRole('rowheader', { name: 'Jan Kowalski' });
    expect(within(row('Jan Kowalski')).getByText('High')).toBeInTheDocument();
    expect(reads).toEqual({});

    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole('button', { name: /Show contact details of Jan Kowalski/ }));
    expect(await within(row('Jan Kowalski')).findByText('tel. 600 100 200')).toBeInTheDocument();
    expect(within(row('Jan Kowalski')).getByText('Prefers phone')).toBeInTheDocument();
    expect(within(row('Jan Kowalski')).getByText('Quiet evenings')).toBeInTheDocument();
    // Only that stakeholder was asked of the API; the other's details stay hidden until asked for.
    expect(reads).toEqual({ 's-1': 1 });
    expect(screen.queryByText(/22 111 22 33/)).not.toBeInTheDocument();
    expect(within(row('Skwer Piaski')).getByRole('button', { name: /Show contact details of Skwer Piaski/ })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Hide contact details of Jan Kowalski' }));
    expect(screen.queryByText('tel. 600 100 200')).not.toBeInTheDocument();

    // Shown again: asked again (nothing personal is kept in the cache), a second reading the API logs.
    await user.click(screen.getByRole('button', { name: /Show contact details of Jan Kowalski/ }));
    expect(await within(row('Jan Kowalski')).findByText('tel. 600 100 200')).toBeInTheDocument();
    expect(reads).toEqual({ 's-1': 2 });
  });

  it('lists stakeholders without asking for any personal field, so that opening the list reads nobody’s contact details', () => {
    const personal = ['contactDetails', 'notes', 'interests'];
    expect(selectedNames(StakeholdersQuery).filter((name) => personal.includes(name))).toEqual([]);
    expect(selectedNames(AddStakeholderMutation).filter((name) => personal.includes(name))).toEqual([]);
    // The reading of contact details asks for one stakeholder, not the case's list.
    expect(selectedNames(StakeholderContactsQuery)).not.toContain('case');
    expect(selectedNames(StakeholderContactsQuery)).toEqual(expect.arrayContaining(['stakeholder', ...personal]));
  });

  it('shows a refused reading as the API’s error', async () => {
    renderWork(<StakeholdersSection caseId={CASE} />, [list(true), { request: { query: StakeholderContactsQuery, variables: { id: 's-1' } }, result: refusal('NOT_FOUND', 'Not found: Stakeholder.') }]);
    await userEvent.setup({ delay: null }).click(await screen.findByRole('button', { name: /Show contact details of Jan Kowalski/ }));
    expect(await within(row('Jan Kowalski')).findByRole('alert')).toHaveAttribute('data-error-code', 'NOT_FOUND');
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
