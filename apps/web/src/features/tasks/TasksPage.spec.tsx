import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { renderWithApi, taskNode } from './test-utils';
import { filterOf, MyTasksQuery, PAGE_SIZE, TasksPage } from './TasksPage';

const DETAIL_ONLY = ['viewerCan', 'description', 'blockReason', 'capacityOverrideReason', 'createdAt', 'respondedAt', 'requesterOrganisationId', 'requestedBy'];

/** A row as `TaskRowFields` answers it (the detail-only fields left out). */
function row(n: number, patch: Record<string, unknown>) {
  const fields = Object.entries(taskNode(patch)).filter(([key]) => !DETAIL_ONLY.includes(key));
  return { ...(Object.fromEntries(fields) as Omit<ReturnType<typeof taskNode>, 'viewerCan'>), id: `7a000000-0000-4000-8000-00000000000${n}`, isRequest: false };
}

function answer(nodes: ReturnType<typeof row>[]) {
  return {
    data: {
      myTasks: {
        __typename: 'TaskConnection',
        totalCount: nodes.length,
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        edges: nodes.map((node) => ({ __typename: 'TaskEdge', cursor: `c-${node.id}`, node })),
      },
    },
  };
}

const late = row(1, { title: 'Talk to the housing manager', status: 'IN_PROGRESS', overdue: true, priority: 'LOW', dueDate: '2026-04-01' });
const urgent = row(2, { title: 'Night patrol', status: 'ACCEPTED', priority: 'URGENT', dueDate: '2026-05-20' });
const blocked = row(3, { title: 'Fix the lighting', status: 'BLOCKED', priority: 'HIGH', dueDate: '2026-05-02' });

// Typing and clicking through Mantine takes a few seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 20_000 });

describe('my tasks', () => {
  it('reads the view from the address and asks the API for it; choosing another view writes it to the address', async () => {
    const user = userEvent.setup();
    const overdue = vi.fn(() => answer([late]));
    const onlyBlocked = vi.fn(() => answer([blocked]));
    renderWithApi(<TasksPage />, {
      path: '/tasks?show=overdue',
      mocks: [
        { request: { query: MyTasksQuery, variables: { first: PAGE_SIZE, after: null, filter: { overdue: true } } }, result: overdue },
        { request: { query: MyTasksQuery, variables: { first: PAGE_SIZE, after: null, filter: { status: ['BLOCKED'] } } }, result: onlyBlocked },
      ],
    });
    expect(await screen.findByRole('link', { name: 'Talk to the housing manager' })).toHaveAttribute('href', `/tasks/${late.id}`);
    expect(overdue).toHaveBeenCalled();
    expect(screen.getByText('Tasks found: 1')).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'Blocked' }));
    expect(await screen.findByRole('link', { name: 'Fix the lighting' })).toBeInTheDocument();
    expect(onlyBlocked).toHaveBeenCalled();
    expect(screen.getByTestId('location')).toHaveTextContent('/tasks?show=blocked');
  });

  it('orders by priority when the address says so, and back by due date without it', async () => {
    const user = userEvent.setup();
    const open = { request: { query: MyTasksQuery, variables: { first: PAGE_SIZE, after: null, filter: filterOf('open') } }, result: answer([late, blocked, urgent]), maxUsageCount: 5 };
    renderWithApi(<TasksPage />, { path: '/tasks?sort=priority', mocks: [open] });
    await screen.findByRole('link', { name: 'Night patrol' });
    const titles = () => screen.getAllByTestId('task-row').map((r) => within(r).getAllByRole('link')[0]!.textContent);
    expect(titles()).toEqual(['Night patrol', 'Fix the lighting', 'Talk to the housing manager']);
    expect(screen.getByRole('combobox', { name: 'Order by' })).toHaveValue('priority');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Order by' }), 'due');
    await waitFor(() => expect(titles()).toEqual(['Talk to the housing manager', 'Fix the lighting', 'Night patrol']));
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/tasks$/);
    // Overdue is said in words, not only by colour.
    expect(within(screen.getAllByTestId('task-row')[0]!).getByText('Overdue')).toBeInTheDocument();
  });

  it('an address with an unknown view falls back to open tasks', async () => {
    const open = vi.fn(() => answer([]));
    renderWithApi(<TasksPage />, { path: '/tasks?show=everything', mocks: [{ request: { query: MyTasksQuery, variables: { first: PAGE_SIZE, after: null, filter: filterOf('open') } }, result: open }] });
    expect(await screen.findByText('You have no open tasks.')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Open' })).toBeChecked();
  });
});
