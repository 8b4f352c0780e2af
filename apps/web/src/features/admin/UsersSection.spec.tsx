import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { vi } from 'vitest';
import { CreateUserMutation, DeactivateUserMutation, UpdateUserMutation, UsersQuery, UsersSection } from './UsersSection';
import { NGO, POLICE, organisationsMock, renderWithApi } from './test-utils';

function userNode(patch: Record<string, unknown> = {}) {
  return {
    __typename: 'User' as const,
    id: '0c0c0c0c-0000-4000-8000-000000000009',
    displayName: 'Adam Wiśniewski',
    email: 'a.wisniewski@kpp-legionowo.test',
    locale: 'pl',
    roles: ['STAFF'],
    weeklyCapacity: 10,
    active: true,
    version: 4,
    organisation: { __typename: 'Organisation' as const, id: POLICE.id, name: POLICE.name },
    ...patch,
  };
}

function usersMock(users = [userNode()]) {
  return {
    request: { query: UsersQuery },
    result: { data: { users: { __typename: 'UserConnection', totalCount: users.length, edges: users.map((node) => ({ __typename: 'UserEdge', node })) } } },
    maxUsageCount: 10,
  };
}

// Typing and clicking through Mantine takes a few seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 30_000 });

describe('users in the administration', () => {
  it('creating a user sends what was typed, and the API’s refusals appear on their fields', async () => {
    const user = userEvent.setup();
    const input = {
      displayName: 'Ewa Zielińska',
      email: 'e.zielinska@piaski-sasiedzi.test',
      organisationId: NGO.id,
      roles: ['STAFF', 'PARTNER'],
      locale: 'en',
      password: 'short',
      weeklyCapacity: 8,
    };
    const refused = vi.fn(() => ({ errors: [new GraphQLError('This e-mail address is already in use.', { extensions: { code: 'BAD_USER_INPUT', field: 'email' } })] }));
    const created = vi.fn(() => ({ data: { createUser: userNode({ id: 'new', displayName: 'Ewa Zielińska', email: input.email, roles: input.roles, locale: 'en', weeklyCapacity: 8, version: 1 }) } }));
    renderWithApi(<UsersSection />, {
      mocks: [
        usersMock(),
        organisationsMock(),
        { request: { query: CreateUserMutation, variables: { input } }, result: refused },
        { request: { query: CreateUserMutation, variables: { input: { ...input, email: 'ewa@piaski-sasiedzi.test', password: 'Długie-hasło-na-próbę' } } }, result: created },
      ],
    });
    const form = within(await screen.findByRole('region', { name: 'Create a user' }));
    await screen.findByRole('option', { name: NGO.name });
    await user.type(form.getByRole('textbox', { name: /^Name/ }), input.displayName);
    await user.type(form.getByRole('textbox', { name: /^E-mail/ }), input.email);
    await user.selectOptions(form.getByRole('combobox', { name: /Organisation/ }), NGO.id);
    await user.selectOptions(form.getByRole('combobox', { name: /Language/ }), 'en');
    await user.type(form.getByRole('spinbutton', { name: /Weekly capacity/ }), '8');
    await user.click(form.getByRole('checkbox', { name: 'Partner' }));
    await user.type(form.getByLabelText(/Initial password/), 'short');
    await user.click(form.getByRole('button', { name: 'Create user' }));

    await waitFor(() => expect(refused).toHaveBeenCalledTimes(1));
    expect(await form.findByText('This e-mail address is already in use.')).toBeInTheDocument();
    expect(form.getByRole('textbox', { name: /^E-mail/ })).toHaveAttribute('aria-invalid', 'true');
    // Shown on its field, not again above the form.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await user.clear(form.getByRole('textbox', { name: /^E-mail/ }));
    await user.type(form.getByRole('textbox', { name: /^E-mail/ }), 'ewa@piaski-sasiedzi.test');
    await user.clear(form.getByLabelText(/Initial password/));
    await user.type(form.getByLabelText(/Initial password/), 'Długie-hasło-na-próbę');
    await user.click(form.getByRole('button', { name: 'Create user' }));
    await waitFor(() => expect(created).toHaveBeenCalledTimes(1));
    expect(await form.findByRole('status')).toHaveTextContent('The account of Ewa Zielińska has been created.');
    expect(form.getByRole('textbox', { name: /^E-mail/ })).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('deactivating asks for confirmation first, then sends the version read', async () => {
    const user = userEvent.setup();
    const deactivated = vi.fn(() => ({ data: { deactivateUser: userNode({ active: false, version: 5 }) } }));
    renderWithApi(<UsersSection />, {
      mocks: [usersMock(), organisationsMock(), { request: { query: DeactivateUserMutation, variables: { input: { id: userNode().id, version: 4 } } }, result: deactivated }],
    });
    await user.click(await screen.findByRole('button', { name: 'Deactivate Adam Wiśniewski' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Adam Wiśniewski?' });
    expect(within(dialog).getByText(/open sessions end/)).toBeInTheDocument();
    // Its close button is named (a bare ✕ tells a screen reader nothing).
    expect(within(dialog).getByRole('button', { name: 'Close' })).toBeInTheDocument();
    expect(deactivated).not.toHaveBeenCalled();

    // Cancel sends nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(deactivated).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Deactivate Adam Wiśniewski' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Yes, deactivate' }));
    await waitFor(() => expect(deactivated).toHaveBeenCalledTimes(1));
    const card = screen.getByTestId('user');
    expect(await within(card).findByText('Deactivated')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Reactivate Adam Wiśniewski' })).toBeInTheDocument();
  });

  it('changing capacity sends only that field with the version; a CONFLICT says so and offers to reload', async () => {
    const user = userEvent.setup();
    renderWithApi(<UsersSection />, {
      language: 'pl',
      mocks: [
        usersMock(),
        organisationsMock(),
        {
          request: { query: UpdateUserMutation, variables: { input: { id: userNode().id, version: 4, weeklyCapacity: 6 } } },
          result: { errors: [new GraphQLError('User was changed by someone else.', { extensions: { code: 'CONFLICT' } })] },
        },
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Edytuj: Adam Wiśniewski' }));
    const capacity = screen.getAllByRole('spinbutton', { name: /Tygodniowa dostępność/ })[0]!;
    await user.clear(capacity);
    await user.type(capacity, '6');
    await user.click(screen.getByRole('button', { name: 'Zapisz' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'CONFLICT');
    expect(within(alert).getByRole('button', { name: 'Wczytaj ponownie' })).toBeInTheDocument();
  });

  it('someone the API refuses the list to is told so, in words', async () => {
    renderWithApi(<UsersSection />, {
      mocks: [{ request: { query: UsersQuery }, result: { errors: [new GraphQLError('You are not allowed to do this.', { extensions: { code: 'FORBIDDEN' } })] } }, organisationsMock()],
    });
    expect(await screen.findByTestId('refused')).toHaveTextContent('This list is shown to administrators');
  });
});
