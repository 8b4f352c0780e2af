import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../../lib';
import { usePageTitle } from '../../ui/usePageTitle';
import { warsawDay } from './dates';
import { AwaitingReviewSection, CrisisCasesSection, OverdueReviewSection } from './sections/CaseSections';
import { MyTasksSection } from './sections/MyTasksSection';
import { RequestsSection } from './sections/RequestsSection';

/**
 * "My work": what needs the viewer now, each kind in its own section with its own query (bounded, a few items), so
 * that one refused or failed kind does not hide the others.
 */
export function HomePage() {
  const { t } = useTranslation('home');
  usePageTitle(t('title'));
  const viewer = useViewer();
  // One "today" for the whole visit of the page: the queries' variables stay the same across renders.
  const [today] = useState(() => warsawDay());
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{t('title')}</Title>
        {viewer && <Text c="gray.7">{t('greeting', { name: viewer.displayName, organisation: viewer.organisation.name })}</Text>}
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <RequestsSection />
        <MyTasksSection today={today} />
        <AwaitingReviewSection />
        <CrisisCasesSection />
        <OverdueReviewSection today={today} />
      </SimpleGrid>
    </Stack>
  );
}
