import { screen, within } from '@testing-library/react';
import { ActionsQuery, TASKS_SHOWN } from '../work/actions';
import { org, renderWork } from '../work/testing';
import { ActionsSection } from './ActionsSection';

const CASE = 'c-1';
const task = (id: string, title: string, actionId: string | null, status: 'ACCEPTED' | 'DONE' | 'PROPOSED', assignee: string | null, overdue = false) => ({
  __typename: 'Task' as const,
  id,
  actionId,
  title,
  status,
  dueDate: '2026-04-15',
  overdue,
  organisation: org('o-um', 'Urząd Miasta Legionowo'),
  assignee: assignee ? { __typename: 'TaskPerson' as const, id: `p-${id}`, displayName: assignee } : null,
});

describe('ActionsSection', () => {
  it('shows each action with its window, lead and progress, its tasks with status, assignee and due date, and the other tasks', async () => {
    renderWork(<ActionsSection caseId={CASE} />, [
      {
        request: { query: ActionsQuery, variables: { id: CASE, first: TASKS_SHOWN } },
        result: {
          data: {
            case: {
              __typename: 'Case' as const,
              id: CASE,
              actions: [
                {
                  __typename: 'Action' as const,
                  id: 'a-1',
                  title: 'Lighting on Piaski',
                  kind: 'ENVIRONMENTAL_DESIGN' as const,
                  status: 'PLANNED' as const,
                  startsOn: '2026-03-01',
                  endsOn: '2026-05-31',
                  leadOrganisation: org('o-um', 'Urząd Miasta Legionowo'),
                  progress: { __typename: 'ActionProgress' as const, tasks: 2, done: 1, open: 1, overdue: 1, percentDone: 40 },
                },
              ],
              tasks: {
                __typename: 'TaskConnection' as const,
                totalCount: 3,
                edges: [
                  { __typename: 'TaskEdge' as const, node: task('t-1', 'Survey the lamps', 'a-1', 'DONE', 'Marta Kamińska') },
                  { __typename: 'TaskEdge' as const, node: task('t-2', 'Order new lamps', 'a-1', 'ACCEPTED', null, true) },
                  { __typename: 'TaskEdge' as const, node: task('t-3', 'Talk to the housing manager', null, 'PROPOSED', null) },
                ],
              },
            },
          },
        },
      },
    ]);
    const action = (await screen.findByRole('heading', { name: 'Lighting on Piaski' })).closest('[data-action-id]') as HTMLElement;
    expect(within(action).getByText('Environmental design')).toBeInTheDocument();
    expect(within(action).getByText(/led by Urząd Miasta Legionowo/)).toBeInTheDocument();
    expect(within(action).getByRole('progressbar', { name: 'Progress of Lighting on Piaski' })).toHaveAttribute('aria-valuenow', '40');
    expect(within(action).getByText(/40% of effort done · tasks done: 1 of 2 · overdue: 1/)).toBeInTheDocument();

    const tasks = within(action).getByRole('table', { name: 'Tasks of Lighting on Piaski' });
    const done = within(tasks).getByText('Survey the lamps').closest('tr') as HTMLElement;
    expect(within(done).getByText('Done')).toBeInTheDocument();
    expect(within(done).getByText('Marta Kamińska (Urząd Miasta Legionowo)')).toBeInTheDocument();
    const late = within(tasks).getByText('Order new lamps').closest('tr') as HTMLElement;
    expect(within(late).getByText('Overdue')).toBeInTheDocument();
    expect(within(late).getByText(/15 Apr 2026/)).toBeInTheDocument();

    const other = screen.getByRole('table', { name: 'Other tasks of the case' });
    expect(within(other).getByText('Talk to the housing manager')).toBeInTheDocument();
    expect(within(other).getByText('Proposed')).toBeInTheDocument();
    // Read-only here: nothing to press.
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
