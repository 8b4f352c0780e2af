import { MantineProvider } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { createI18n, rememberLanguage, type Language } from '../i18n';
import { Session, SessionContext } from '../lib';
// The shell (the first chunk) imports ui pieces by file: through the barrel, every piece that any page uses would
// be placed in the first chunk.
import { theme } from '../ui/theme';
import { createRouter } from './router';

const SaveLocale = `mutation SaveLocale($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { id locale } }`;

/** The whole application: one session, one i18n instance, one router. */
export function App() {
  const [i18n] = useState(() => createI18n());
  const [session] = useState(() => new Session(() => i18n.language));

  useEffect(() => {
    // The signed-in area's chunk downloads while the session is restored (a reload), not after.
    void session.restore();
    void import('./SignedIn');
  }, [session]);

  /** The person chose a language: remembered on this device and, signed in, on their profile. */
  const onLanguage = useCallback(
    (language: Language) => {
      rememberLanguage(language);
      void i18n.changeLanguage(language);
      if (session.status === 'signedIn') void session.graphql(SaveLocale, { input: { locale: language } }).catch(() => undefined);
    },
    [i18n, session],
  );
  /** Signed in: the profile's language wins over the device's. */
  const onProfileLanguage = useCallback(
    (language: Language) => {
      rememberLanguage(language);
      if (i18n.language !== language) void i18n.changeLanguage(language);
    },
    [i18n],
  );
  const router = useMemo(
    () => createRouter({ onLanguage, onProfileLanguage, language: () => i18n.language }),
    [onLanguage, onProfileLanguage, i18n],
  );

  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme}>
        <SessionContext.Provider value={session}>
          <RouterProvider router={router} />
        </SessionContext.Provider>
      </MantineProvider>
    </I18nextProvider>
  );
}
