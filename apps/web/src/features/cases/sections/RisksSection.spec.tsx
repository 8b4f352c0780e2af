import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RisksQuery, UpdateTrustRiskMutation } from '../work/risks';
import { COORDINATOR, PARTNER, refusal, renderWork } from '../work/testing';
import { RisksSection } from './RisksSection';

const CASE = 'c-1';
const risk = (id: string, title: string, likelihood: number, impact: number, status: 'OPEN' | 'MITIGATING' | 'ACCEPTED' | 'CLOSED' = 'OPEN') => ({
  __typename: 'TrustRisk' as const,
  id,
  caseId: CASE,
  title,
  description: '',
  likelihood,
  impact,
  score: likelihood * impact,
  mitigation: '',
  status,
  version: 3,
});
const risks = [
  risk('r-1', 'Rumours after the incident', 5, 5),
  risk('r-2', 'Residents stop reporting', 3, 4),
  risk('r-3', 'Distrust of the new officer', 3, 4, 'MITIGATING'),
  risk('r-4', 'Graffiti returns', 2, 1),
  risk('r-5', 'Old conflict', 1, 1, 'CLOSED'),
];
const query = (can = COORDINATOR) => ({ request: { query: RisksQuery, variables: { id: CASE } }, result: { data: { case: { __typename: 'Case' as const, id: CASE, viewerCan: can, risks } } } });

const cell = (likelihood: number, impact: number) => {
  const row = screen.getByRole('rowheader', { name: `Impact ${impact}` }).closest('tr') as HTMLElement;
  // Column 0 is the row header; likelihood n is cell n.
  return within(row).getAllByRole('cell')[likelihood - 1] as HTMLElement;
};

describe('RisksSection', () => {
  it('puts each open risk in its likelihood × impact cell, with headers and words a screen reader reads', async () => {
    renderWork(<RisksSection caseId={CASE} />, [query()]);
    const matrix = await screen.findByRole('table', { name: /Open risks by likelihood/ });
    expect(within(matrix).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['I \\ LImpact by likelihood', 'Likelihood 1', 'Likelihood 2', 'Likelihood 3', 'Likelihood 4', 'Likelihood 5']);
    expect(within(matrix).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['Impact 5', 'Impact 4', 'Impact 3', 'Impact 2', 'Impact 1']);

    expect(cell(5, 5)).toHaveTextContent('Risks: 1; score 25, critical');
    expect(cell(3, 4)).toHaveTextContent('Risks: 2; score 12, high');
    expect(cell(2, 1)).toHaveTextContent('Risks: 1; score 2, low');
    // The closed risk is not counted; an empty cell still says so in words.
    expect(cell(1, 1)).toHaveTextContent('Risks: 0; score 1, low');
    expect(cell(4, 3)).toHaveTextContent('Risks: 0; score 12, high');
    const total = within(matrix)
      .getAllByRole('cell')
      .reduce((sum, c) => sum + Number(/Risks: (\d+)/.exec(c.textContent ?? '')?.[1] ?? 0), 0);
    expect(total).toBe(4);
  });

  it('lists every risk by score, highest first', async () => {
    renderWork(<RisksSection caseId={CASE} />, [query()]);
    const list = await screen.findByRole('list', { name: 'Risks by score' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByText(/^Score/).textContent)).toEqual(['Score 25 · critical', 'Score 12 · high', 'Score 12 · high', 'Score 2 · low', 'Score 1 · low']);
    expect(within(items[1] as HTMLElement).getByText('Likelihood 3 × impact 4')).toBeInTheDocument();
  });

  it('shows status as text, and no assessing, to a reader the API does not let manage risks', async () => {
    renderWork(<RisksSection caseId={CASE} />, [query(PARTNER)]);
    const list = await screen.findByRole('list', { name: 'Risks by score' });
    expect(within(list).getAllByText('Open')).toHaveLength(3);
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Assess a risk' })).not.toBeInTheDocument();
  });

  it('changes a risk’s status with the version read, and shows a conflict when someone changed it first', async () => {
    const sent: unknown[] = [];
    renderWork(<RisksSection caseId={CASE} />, [
      query(),
      {
        request: { query: UpdateTrustRiskMutation, variables: (v: Record<string, unknown>) => (sent.push(v.input), true) },
        result: refusal('CONFLICT', 'The data has changed in the meantime. Reload and try again.', { entity: 'TrustRisk' }),
      },
    ]);
    const select = await screen.findByRole('combobox', { name: 'Status of the risk “Residents stop reporting”' });
    await userEvent.setup({ delay: null }).selectOptions(select, 'Being mitigated');
    await waitFor(() => expect(sent).toEqual([{ id: 'r-2', version: 3, status: 'MITIGATING' }]));
    const item = select.closest('li') as HTMLElement;
    expect(await within(item).findByRole('alert')).toHaveAttribute('data-error-code', 'CONFLICT');
  });
});
