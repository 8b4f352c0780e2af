import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { vi } from 'vitest';
import { renderWithApi } from './test-utils';
import { PreferencesPage, PreferencesQuery, SetPreferenceMutation } from './PreferencesPage';

const preferences = {
  data: {
    notificationPreferences: [
      { __typename: 'NotificationPreference', eventType: 'task.requested', mode: 'IMMEDIATE', locked: false },
      { __typename: 'NotificationPreference', eventType: 'case.escalated', mode: 'IMMEDIATE', locked: true },
      { __typename: 'NotificationPreference', eventType: 'webhook.disabled', mode: 'DIGEST', locked: false },
    ],
  },
};

describe('PreferencesPage', () => {
  it('sends the chosen mode for the event type, and shows it chosen', async () => {
    const saved = vi.fn(() => ({ data: { setNotificationPreference: { __typename: 'NotificationPreference', eventType: 'task.requested', mode: 'DIGEST', locked: false } } }));
    renderWithApi(<PreferencesPage />, {
      mocks: [
        { request: { query: PreferencesQuery }, result: preferences },
        { request: { query: SetPreferenceMutation, variables: { input: { eventType: 'task.requested', mode: 'DIGEST' } } }, result: saved },
      ],
    });
    const group = await screen.findByRole('radiogroup', { name: 'A task is requested of my organisation' });
    expect(within(group).getByRole('radio', { name: 'Immediately' })).toBeChecked();

    fireEvent.click(within(group).getByRole('radio', { name: 'Daily digest' }));

    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(within(group).getByRole('radio', { name: 'Daily digest' })).toBeChecked());
    await waitFor(() => expect(within(group).getByRole('radio', { name: 'Daily digest' })).toBeEnabled());
    expect(within(group).getByRole('radio', { name: 'Daily digest' })).toBeChecked();
  });

  it('keeps escalations (crisis) on immediately: the other choices cannot be taken, and it says why', async () => {
    const saved = vi.fn(() => ({ data: { setNotificationPreference: { __typename: 'NotificationPreference', eventType: 'case.escalated', mode: 'OFF', locked: true } } }));
    renderWithApi(<PreferencesPage />, {
      mocks: [
        { request: { query: PreferencesQuery }, result: preferences },
        { request: { query: SetPreferenceMutation, variables: { input: { eventType: 'case.escalated', mode: 'OFF' } } }, result: saved },
      ],
    });
    const group = await screen.findByRole('radiogroup', { name: 'A case was escalated (crisis)' });
    expect(within(group).getByRole('radio', { name: 'Immediately' })).toBeChecked();
    expect(within(group).getByRole('radio', { name: 'Off' })).toBeDisabled();
    expect(within(group).getByRole('radio', { name: 'Daily digest' })).toBeDisabled();
    expect(group).toHaveAccessibleDescription(/cannot be changed/);
    expect(within(group).getByText('Always on')).toBeInTheDocument();

    fireEvent.click(within(group).getByRole('radio', { name: 'Off' }));

    expect(within(group).getByRole('radio', { name: 'Immediately' })).toBeChecked();
    expect(saved).not.toHaveBeenCalled();
  });

  it('shows a refusal on the choice and keeps what was saved', async () => {
    renderWithApi(<PreferencesPage />, {
      language: 'pl',
      mocks: [
        { request: { query: PreferencesQuery }, result: preferences },
        {
          request: { query: SetPreferenceMutation, variables: { input: { eventType: 'webhook.disabled', mode: 'OFF' } } },
          result: {
            errors: [
              new GraphQLError('Nieprawidłowe dane', {
                extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.mode', problems: ['Tego rodzaju powiadomień nie można wyłączyć.'] }] },
              }),
            ],
          },
        },
      ],
    });
    const group = await screen.findByRole('radiogroup', { name: 'Webhook mojej organizacji został wyłączony' });
    expect(screen.getByRole('heading', { level: 1, name: 'Ustawienia powiadomień' })).toBeInTheDocument();
    fireEvent.click(within(group).getByRole('radio', { name: 'Wyłączone' }));

    expect(await screen.findByText('Tego rodzaju powiadomień nie można wyłączyć.')).toBeInTheDocument();
    expect(group).toHaveAccessibleDescription(/nie można wyłączyć/);
    expect(within(group).getByRole('radio', { name: 'Dzienne podsumowanie' })).toBeChecked();
  });
});
