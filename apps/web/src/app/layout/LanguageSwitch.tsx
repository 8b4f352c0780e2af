import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, isLanguage, type Language } from '../../i18n';

/** Polish or English; `onChange` also remembers the choice (on the device, and on the profile when signed in). */
export function LanguageSwitch({ onChange }: { onChange: (language: Language) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div role="group" aria-labelledby={id}>
      <VisuallyHidden id={id}>{t('language.label')}</VisuallyHidden>
      <SegmentedControl
        size="xs"
        value={i18n.language}
        onChange={(value) => isLanguage(value) && onChange(value)}
        data={LANGUAGES.map((language) => ({ value: language, label: language.toUpperCase() }))}
        aria-label={t('language.label')}
      />
    </div>
  );
}
