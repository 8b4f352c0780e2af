import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { createI18n, type Language } from '../../i18n';
import { theme } from '../../ui/theme';
import { ChangeMyPasswordMutation } from './ChangePasswordForm';
import { ProfilePage, ProfileQuery, UpdateMyProfileMutation } from './ProfilePage';

const ME = '0c0c0c0c-0000-4000-8000-000000000002';
const me = {
  request: { query: ProfileQuery },
  result: {
    data: {
      me: {
        __typename: 'User',
        id: ME,
        displayName: 'Barbara Mazur',
        email: 'b.mazur@piaski-sasiedzi.test',
        locale: 'en',
        roles: ['PARTNER'],
        weeklyCapacity: 8,
        version: 3,
        organisation: { __typename: 'Organisation', id: 'org-ngo', name: 'Piaski Sąsiedzi' },
      },
    },
  },
  maxUsageCount: 5,
};

function renderPage(mocks: MockLink.MockedResponse[], language: Language = 'en') {
  return render(
    <MockedProvider mocks={mocks}>
      <I18nextProvider i18n={createI18n(language)}>
        <MantineProvider theme={theme} env="test">
          <MemoryRouter>
            <ProfilePage />
          </MemoryRouter>
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
}

function refusal(message: string, field: string) {
  return { errors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } })] };
}

vi.setConfig({ testTimeout: 30_000 });

describe('my profile', () => {
  it('shows my capacity and links to the notification preferences', async () => {
    renderPage([me]);
    expect(await screen.findByTestId('my-capacity')).toHaveTextContent('Weekly capacity: 8 task points');
    expect(screen.getByRole('link', { name: 'Notification preferences' })).toHaveAttribute('href', '/notifications/preferences');
    expect(screen.getByRole('heading', { level: 1, name: 'My profile' })).toBeInTheDocument();
  });

  it('the API’s password refusals appear on their fields: wrong current password, then a new one too short', async () => {
    const user = userEvent.setup();
    const wrong = vi.fn(() => refusal('The current password is incorrect.', 'currentPassword'));
    const short = vi.fn(() => refusal('The password must be at least 12 characters long.', 'newPassword'));
    const ok = vi.fn(() => ({ data: { changeMyPassword: { __typename: 'User', id: ME, version: 4 } } }));
    renderPage([
      me,
      { request: { query: ChangeMyPasswordMutation, variables: { input: { currentPassword: 'not-mine', newPassword: 'krótkie' } } }, result: wrong },
      { request: { query: ChangeMyPasswordMutation, variables: { input: { currentPassword: 'Legionowo-demo-2026', newPassword: 'krótkie' } } }, result: short },
      { request: { query: ChangeMyPasswordMutation, variables: { input: { currentPassword: 'Legionowo-demo-2026', newPassword: 'Zupełnie-nowe-hasło-2026' } } }, result: ok },
    ]);
    const section = within(await screen.findByRole('region', { name: 'Change password' }));
    const current = section.getByLabelText(/Current password/);
    const fresh = section.getByLabelText(/^New password/);
    const repeat = section.getByLabelText(/Repeat the new password/);
    await user.type(current, 'not-mine');
    await user.type(fresh, 'krótkie');
    await user.type(repeat, 'krótkie');
    await user.click(section.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(wrong).toHaveBeenCalledTimes(1));
    expect(await section.findByText('The current password is incorrect.')).toBeInTheDocument();
    // Mantine's PasswordInput ties the error to the field by aria-describedby: that is what a screen reader reads.
    expect(current).toHaveAccessibleDescription('The current password is incorrect.');
    expect(fresh).not.toHaveAccessibleDescription(/must be at least/);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await user.clear(current);
    await user.type(current, 'Legionowo-demo-2026');
    await user.click(section.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(short).toHaveBeenCalledTimes(1));
    expect(await section.findByText('The password must be at least 12 characters long.')).toBeInTheDocument();
    expect(fresh).toHaveAccessibleDescription(/The password must be at least 12 characters long\./);
    expect(current).not.toHaveAccessibleDescription(/incorrect/);

    await user.clear(fresh);
    await user.type(fresh, 'Zupełnie-nowe-hasło-2026');
    await user.clear(repeat);
    await user.type(repeat, 'Zupełnie-nowe-hasło-2026');
    await user.click(section.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(ok).toHaveBeenCalledTimes(1));
    expect(await section.findByRole('status')).toHaveTextContent('Your other sessions have been signed out.');
  });

  it('two different new passwords are not sent', async () => {
    const user = userEvent.setup();
    const sent = vi.fn(() => ({ data: { changeMyPassword: { __typename: 'User', id: ME, version: 4 } } }));
    renderPage([me, { request: { query: ChangeMyPasswordMutation, variables: () => true }, result: sent }], 'pl');
    const section = within(await screen.findByRole('region', { name: 'Zmiana hasła' }));
    await user.type(section.getByLabelText(/Obecne hasło/), 'Legionowo-demo-2026');
    await user.type(section.getByLabelText(/^Nowe hasło/), 'Zupełnie-nowe-hasło-2026');
    await user.type(section.getByLabelText(/Powtórz nowe hasło/), 'Zupełnie-nowe-haslo-2026');
    await user.click(section.getByRole('button', { name: 'Zmień hasło' }));
    expect(await section.findByText('Podane nowe hasła się różnią.')).toBeInTheDocument();
    expect(sent).not.toHaveBeenCalled();
  });

  it('saving the language sends it with the version read', async () => {
    const user = userEvent.setup();
    const saved = vi.fn(() => ({ data: { updateMyProfile: { __typename: 'User', id: ME, locale: 'pl', version: 4 } } }));
    renderPage([me, { request: { query: UpdateMyProfileMutation, variables: { input: { locale: 'pl', version: 3 } } }, result: saved }]);
    const section = within(await screen.findByRole('region', { name: 'Language' }));
    await user.click(section.getByRole('radio', { name: 'Polski' }));
    await user.click(section.getByRole('button', { name: 'Save language' }));
    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));
    // `me` in the cache now says Polish; the shell follows it (ViewerGate).
    expect(await section.findByRole('status')).toHaveTextContent('Language saved.');
    expect(section.getByRole('button', { name: 'Save language' })).toBeDisabled();
  });
});
