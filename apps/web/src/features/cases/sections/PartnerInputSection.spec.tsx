import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PartnerInputsQuery, ReviewPartnerInputMutation, SubmitPartnerInputMutation } from '../work/PartnerInputForms';
import { COORDINATOR, PARTNER, fill, org, person, refusal, renderWork } from '../work/testing';
import type { AttachmentItemFragment } from '../gql/graphql';
import { PartnerInputSection } from './PartnerInputSection';

const CASE = 'c-1';
type Status = 'SUBMITTED' | 'ACKNOWLEDGED' | 'ACCEPTED' | 'DECLINED';
const input = (id: string, body: string, status: Status, response: string | null = null, version = 1) => ({
  __typename: 'PartnerInput' as const,
  id,
  caseId: CASE,
  kind: 'PROPOSAL' as const,
  body,
  status,
  response,
  reviewedAt: response ? '2026-03-04T12:00:00Z' : null,
  createdAt: '2026-03-01T09:00:00Z',
  waitingHours: status === 'SUBMITTED' ? 26 : null,
  version,
  organisation: org('o-ngo', 'Stowarzyszenie Piaski Sąsiedzi'),
  author: person('u-9', 'Barbara Mazur', 'o-ngo'),
  attachments: [] as AttachmentItemFragment[],
});
const listOf = (can: typeof COORDINATOR, ...inputs: ReturnType<typeof input>[]) => ({
  request: { query: PartnerInputsQuery, variables: { id: CASE } },
  result: { data: { case: { __typename: 'Case' as const, id: CASE, viewerCan: can, partnerInputs: inputs } } },
});

describe('PartnerInputSection', () => {
  it('a coordinator reviews an input: the decision and the response are sent, and the status and response are shown', async () => {
    const sent: unknown[] = [];
    renderWork(<PartnerInputSection caseId={CASE} />, [
      listOf(COORDINATOR, input('in-1', 'A bench by the playground', 'SUBMITTED', null, 4)),
      {
        request: { query: ReviewPartnerInputMutation, variables: (v: Record<string, unknown>) => (sent.push(v.input), true) },
        result: { data: { reviewPartnerInput: input('in-1', 'A bench by the playground', 'ACCEPTED', 'Good idea: the municipality orders it in April.', 5) } },
      },
    ]);
    const item = (await screen.findByText('A bench by the playground')).closest('li') as HTMLElement;
    expect(within(item).getByText('Awaiting review')).toBeInTheDocument();
    expect(within(item).getByText('Waiting: 26 h')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Submit input' })).not.toBeInTheDocument();

    const user = userEvent.setup({ delay: null });
    await user.click(within(item).getByRole('button', { name: 'Review: Proposal from Stowarzyszenie Piaski Sąsiedzi' }));
    await user.click(within(item).getByRole('radio', { name: 'Accept' }));
    await fill(user, within(item).getByRole('textbox', { name: /Response to the partner/ }), 'Good idea: the municipality orders it in April.');
    await user.click(within(item).getByRole('button', { name: 'Send review' }));

    expect(await within(item).findByText('Accepted')).toBeInTheDocument();
    expect(sent).toEqual([{ id: 'in-1', version: 4, decision: 'ACCEPT', response: 'Good idea: the municipality orders it in April.' }]);
    expect(within(within(item).getByTestId('input-response')).getByText('Good idea: the municipality orders it in April.')).toBeInTheDocument();
    expect(within(item).queryByRole('button', { name: /Review/ })).not.toBeInTheDocument();
  });

  it('the partner sees the status and the coordinator’s response on its input', async () => {
    renderWork(<PartnerInputSection caseId={CASE} />, [listOf(PARTNER, input('in-2', 'Residents ask for lighting', 'DECLINED', 'Not this year: no budget left.'), input('in-4', 'Open one', 'SUBMITTED'))], 'pl');
    const item = (await screen.findByText('Residents ask for lighting')).closest('li') as HTMLElement;
    expect(within(item).getByText('Nieuwzględniony')).toBeInTheDocument();
    expect(within(item).getByText(/Odpowiedź koordynatora/)).toBeInTheDocument();
    expect(within(item).getByText('Not this year: no budget left.')).toBeInTheDocument();
    // Reviewing is the coordinators' (the API says so): no review button even on the input still awaiting review.
    expect(screen.getByText('Czeka na rozpatrzenie')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Rozpatrz/ })).not.toBeInTheDocument();
  });

  it('shows a refused review as the API’s error, and the review form stays open', async () => {
    renderWork(<PartnerInputSection caseId={CASE} />, [
      listOf(COORDINATOR, input('in-1', 'A bench by the playground', 'SUBMITTED')),
      { request: { query: ReviewPartnerInputMutation, variables: { input: { id: 'in-1', version: 1, decision: 'ACKNOWLEDGE', response: 'Seen.' } } }, result: refusal('FORBIDDEN', 'You are not allowed to do this.') },
    ]);
    const item = (await screen.findByText('A bench by the playground')).closest('li') as HTMLElement;
    const user = userEvent.setup({ delay: null });
    await user.click(within(item).getByRole('button', { name: /^Review/ }));
    await fill(user, within(item).getByRole('textbox', { name: /Response to the partner/ }), 'Seen.');
    await user.click(within(item).getByRole('button', { name: 'Send review' }));
    expect(await within(item).findByRole('alert')).toHaveAttribute('data-error-code', 'FORBIDDEN');
    expect(within(item).getByText('Awaiting review')).toBeInTheDocument();
    expect(within(item).getByRole('textbox', { name: /Response to the partner/ })).toHaveValue('Seen.');
  });

  it('a partner submits input of the kind chosen, and it is listed as awaiting review', async () => {
    const sent: unknown[] = [];
    renderWork(<PartnerInputSection caseId={CASE} />, [
      listOf(PARTNER),
      {
        request: { query: SubmitPartnerInputMutation, variables: (v: Record<string, unknown>) => (sent.push(v.input), true) },
        result: { data: { submitPartnerInput: { ...input('in-3', 'Youth gather by the shop after 22:00', 'SUBMITTED'), kind: 'OBSERVATION' as const, waitingHours: 0 } } },
      },
    ]);
    await screen.findByText('No partner input yet.');
    const user = userEvent.setup({ delay: null });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind of input' }), 'Observation');
    await fill(user, screen.getByRole('textbox', { name: /Your input/ }), 'Youth gather by the shop after 22:00');
    await user.click(screen.getByRole('button', { name: 'Submit input' }));
    const list = await screen.findByRole('list', { name: 'Partner input, newest first' });
    await waitFor(() => expect(within(list).getByText('Youth gather by the shop after 22:00')).toBeInTheDocument());
    expect(sent).toEqual([{ caseId: CASE, kind: 'OBSERVATION', body: 'Youth gather by the shop after 22:00' }]);
    expect(within(list).getByText('Awaiting review')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Submitted. The coordinators will answer here.');
  });
});
