import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { vi } from 'vitest';
import { AssignablePeopleQuery, RespondToTaskMutation } from './documents';
import { RespondToRequest } from './RespondToRequest';
import { NGO, renderWithApi, taskNode } from './test-utils';

const request = taskNode({ viewerCan: { __typename: 'TaskViewerPermissions', respond: true, assign: false, overrideCapacity: false, cancel: false, moveTo: [] } });

// Typing and clicking through Mantine takes a few seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 20_000 });

describe('answering a request', () => {
  it('declining requires a reason, and the reason is what is sent', async () => {
    const user = userEvent.setup();
    const declined = vi.fn(() => ({ data: { respondToTask: { ...request, status: 'DECLINED', declineReason: 'No volunteers that week', version: 2 } } }));
    renderWithApi(<RespondToRequest task={request} />, {
      mocks: [{ request: { query: RespondToTaskMutation, variables: { input: { id: request.id, version: 1, accept: false, reason: 'No volunteers that week' } } }, result: declined }],
    });
    await user.click(screen.getByRole('button', { name: 'Decline…' }));
    await user.click(screen.getByRole('button', { name: 'Decline the request' }));
    expect(await screen.findByText('Give a reason.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Why your organisation declines/ })).toHaveAttribute('aria-invalid', 'true');
    expect(declined).not.toHaveBeenCalled();

    await user.type(screen.getByRole('textbox', { name: /Why your organisation declines/ }), '  No volunteers that week ');
    await user.click(screen.getByRole('button', { name: 'Decline the request' }));
    await waitFor(() => expect(declined).toHaveBeenCalledTimes(1));
  });

  it('shows the API’s refusal of the reason on the reason field, in Polish', async () => {
    const user = userEvent.setup();
    renderWithApi(<RespondToRequest task={request} />, {
      language: 'pl',
      mocks: [
        {
          request: { query: RespondToTaskMutation, variables: { input: { id: request.id, version: 1, accept: false, reason: 'no' } } },
          result: { errors: [new GraphQLError('Podaj powód.', { extensions: { code: 'BAD_USER_INPUT', field: 'reason' } })] },
        },
      ],
    });
    await user.click(screen.getByRole('button', { name: 'Odrzuć…' }));
    await user.type(screen.getByRole('textbox', { name: /Dlaczego Twoja organizacja odmawia/ }), 'no');
    await user.click(screen.getByRole('button', { name: 'Odrzuć prośbę' }));
    expect(await screen.findByText('Podaj powód.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Dlaczego Twoja organizacja odmawia/ })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('accepting names the person chosen; without the right to assign there is no choice to make', async () => {
    const user = userEvent.setup();
    const canAssign = { ...request, viewerCan: { ...request.viewerCan, assign: true } };
    const accepted = vi.fn(() => ({ data: { respondToTask: { ...canAssign, status: 'ACCEPTED', version: 2 } } }));
    const people = { data: { users: { __typename: 'UserConnection', edges: [{ __typename: 'UserEdge', node: { __typename: 'User', id: 'u-1', displayName: 'Barbara Mazur', roles: ['PARTNER'], weeklyCapacity: 10 } }] } } };
    const view = renderWithApi(<RespondToRequest task={canAssign} />, {
      mocks: [
        { request: { query: AssignablePeopleQuery, variables: { organisationId: NGO.id } }, result: people },
        { request: { query: RespondToTaskMutation, variables: { input: { id: request.id, version: 1, accept: true, assigneeId: 'u-1' } } }, result: accepted },
      ],
    });
    await screen.findByRole('option', { name: 'Barbara Mazur' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Who will do it' }), 'u-1');
    await user.click(screen.getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(accepted).toHaveBeenCalledTimes(1));
    view.unmount();

    renderWithApi(<RespondToRequest task={request} />, { mocks: [] });
    expect(screen.queryByRole('combobox', { name: 'Who will do it' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Accept' })).toBeInTheDocument();
  });
});
