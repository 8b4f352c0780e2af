import { Group } from '@mantine/core';
import { SignInPage } from '../features/auth';
import type { Language } from '../i18n';
import { LanguageSwitch } from './layout/LanguageSwitch';

export function SignInRoute({ onLanguage }: { onLanguage: (language: Language) => void }) {
  return (
    <SignInPage
      languageSwitch={
        <Group justify="flex-end">
          <LanguageSwitch onChange={onLanguage} />
        </Group>
      }
    />
  );
}
