import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { vi } from 'vitest';
import { AssignTaskForm } from './AssignTaskForm';
import { AssignablePeopleQuery, AssignTaskMutation } from './documents';
import { POLICE, renderWithApi, taskNode } from './test-utils';

const WORKER = { id: '0c0c0c0c-0000-4000-8000-000000000009', displayName: 'Adam Wiśniewski' };
const people = {
  request: { query: AssignablePeopleQuery, variables: { organisationId: POLICE.id } },
  result: { data: { users: { __typename: 'UserConnection', edges: [{ __typename: 'UserEdge', node: { __typename: 'User', roles: ['STAFF'], weeklyCapacity: 10, ...WORKER } }] } } },
};
const capacityExceeded = new GraphQLError('Capacity exceeded: load 8 + 5 points against a weekly capacity of 10 (over by 3).', {
  extensions: { code: 'CAPACITY_EXCEEDED', load: 8, effort: 5, capacity: 10, overage: 3, assigneeId: WORKER.id },
});

function task(overrideCapacity: boolean) {
  return taskNode({ organisation: POLICE, isRequest: false, viewerCan: { __typename: 'TaskViewerPermissions', respond: false, assign: true, overrideCapacity, cancel: false, moveTo: [] } });
}

async function assignWorker(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByRole('option', { name: WORKER.displayName });
  await user.selectOptions(screen.getByRole('combobox', { name: 'Assign to' }), WORKER.id);
  await user.click(screen.getByRole('button', { name: 'Assign' }));
}

// Typing and clicking through Mantine takes a few seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 20_000 });

describe('assigning under the workload guard', () => {
  it('CAPACITY_EXCEEDED shows load, effort, capacity and overage; the coordinator’s override sends the reason', async () => {
    const user = userEvent.setup();
    const overridden = vi.fn(() => ({ data: { assignTask: { ...task(true), status: 'ACCEPTED', assignee: { __typename: 'TaskPerson', ...WORKER }, capacityOverrideReason: 'Only one who knows the families', version: 2 } } }));
    const assigned = vi.fn();
    renderWithApi(<AssignTaskForm task={task(true)} onAssigned={assigned} />, {
      mocks: [
        people,
        { request: { query: AssignTaskMutation, variables: { input: { id: task(true).id, version: 1, assigneeId: WORKER.id } } }, result: { errors: [capacityExceeded] } },
        { request: { query: AssignTaskMutation, variables: { input: { id: task(true).id, version: 1, assigneeId: WORKER.id, capacityOverrideReason: 'Only one who knows the families' } } }, result: overridden },
      ],
    });
    await assignWorker(user);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Over capacity')).toBeInTheDocument();
    expect(within(alert).getByText(/would put Adam Wiśniewski over/)).toBeInTheDocument();
    expect(within(alert).getByTestId('capacity-load')).toHaveTextContent('8 pts');
    expect(within(alert).getByTestId('capacity-effort')).toHaveTextContent('5 pts');
    expect(within(alert).getByTestId('capacity-capacity')).toHaveTextContent('10 pts');
    expect(within(alert).getByTestId('capacity-overage')).toHaveTextContent('3 pts');

    // No reason, no retry.
    await user.click(within(alert).getByRole('button', { name: 'Assign anyway' }));
    expect(await within(alert).findByText('Give a reason to assign beyond capacity.')).toBeInTheDocument();
    expect(overridden).not.toHaveBeenCalled();

    await user.type(within(alert).getByRole('textbox', { name: /Reason to assign anyway/ }), 'Only one who knows the families');
    await user.click(within(alert).getByRole('button', { name: 'Assign anyway' }));
    await waitFor(() => expect(overridden).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(assigned).toHaveBeenCalledTimes(1));
    expect(screen.queryByText('Over capacity')).not.toBeInTheDocument();
  });

  it('without the right to override (viewerCan) the figures are shown and no override is offered', async () => {
    const user = userEvent.setup();
    renderWithApi(<AssignTaskForm task={task(false)} />, {
      language: 'pl',
      mocks: [people, { request: { query: AssignTaskMutation, variables: { input: { id: task(false).id, version: 1, assigneeId: WORKER.id } } }, result: { errors: [capacityExceeded] } }],
    });
    await screen.findByRole('option', { name: WORKER.displayName });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Przydziel osobie' }), WORKER.id);
    await user.click(screen.getByRole('button', { name: 'Przydziel' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Przekroczona dostępność')).toBeInTheDocument();
    expect(within(alert).getByTestId('capacity-overage')).toHaveTextContent('3 pkt');
    expect(within(alert).queryByRole('button', { name: 'Przydziel mimo to' })).not.toBeInTheDocument();
    expect(within(alert).getByText(/poproś koordynatora/)).toBeInTheDocument();
  });

  it('a person away is refused on the person field', async () => {
    const user = userEvent.setup();
    renderWithApi(<AssignTaskForm task={task(true)} />, {
      mocks: [
        people,
        {
          request: { query: AssignTaskMutation, variables: { input: { id: task(true).id, version: 1, assigneeId: WORKER.id } } },
          result: { errors: [new GraphQLError('This person is unavailable until 2026-05-20; no tasks can be assigned.', { extensions: { code: 'BAD_USER_INPUT', field: 'assigneeId', unavailableUntil: '2026-05-20' } })] },
        },
      ],
    });
    await assignWorker(user);
    expect(await screen.findByText(/unavailable until 2026-05-20/)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Assign to' })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
