import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The case page's sections, in page order; each is wrapped in an element with the id `case-<name>`. */
export const CASE_SECTIONS = ['diagnosis', 'stakeholders', 'risks', 'actions', 'timeline', 'partnerInput', 'participants', 'links'] as const;
export type CaseSectionName = (typeof CASE_SECTIONS)[number];

/** Links to the sections of the page (anchors: keyboard and screen readers reach them like any link). */
export function SectionNav() {
  const { t } = useTranslation('casePage');
  return (
    <Group component="nav" aria-label={t('nav.label')} gap="md" wrap="wrap">
      <Anchor href="#case-lifecycle" size="sm">
        {t('nav.lifecycle')}
      </Anchor>
      {CASE_SECTIONS.map((name) => (
        <Anchor key={name} href={`#case-${name}`} size="sm">
          {t(`nav.${name}`)}
        </Anchor>
      ))}
    </Group>
  );
}
