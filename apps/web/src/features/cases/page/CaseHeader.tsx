import { Anchor, Badge, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CasePageQuery } from '../gql/graphql';
import { useFormat } from '../../../ui/format';

export type CaseHeaderData = CasePageQuery['case'];

const ESCALATION_COLOUR = { NORMAL: 'gray', ELEVATED: 'orange', CRISIS: 'red' } as const;
const PRIORITY_COLOUR = { LOW: 'gray', MEDIUM: 'blue', HIGH: 'orange', URGENT: 'red' } as const;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="gray.7" fw={500}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </div>
  );
}

/** The case at a glance: reference, title, phase, escalation, priority, type, area, lead, coordinator, review date. */
export function CaseHeader({ case: c }: { case: CaseHeaderData }) {
  const { t } = useTranslation('casePage');
  const format = useFormat();
  const reviewPassed = c.reviewDate !== null && c.phase !== 'CLOSED' && c.reviewDate < new Date().toISOString().slice(0, 10);
  return (
    <Stack gap="sm" component="header">
      <Text size="sm" fw={600} c="gray.7">
        {t('header.reference', { reference: c.reference })}
      </Text>
      <Title order={1}>{c.title}</Title>
      <Group gap="md">
        <Anchor component={Link} to={`/cases/${c.id}/report`} size="sm">
          {t('header.report')}
        </Anchor>
        <Anchor component={Link} to={`/cases/${c.id}/tasks`} size="sm">
          {t('header.tasks')}
        </Anchor>
        <Anchor component={Link} to={`/cases/${c.id}/indicators`} size="sm">
          {t('header.indicators')}
        </Anchor>
      </Group>
      <Group gap="xs" aria-label={t('header.status')} role="group">
        <Badge variant="filled">{t('header.phaseBadge', { phase: t(`phase.${c.phase}`) })}</Badge>
        <Badge variant="light" color={ESCALATION_COLOUR[c.escalation]} c="dark.7">
          {t('header.escalationBadge', { escalation: t(`escalation.${c.escalation}`) })}
        </Badge>
        <Badge variant="light" color={PRIORITY_COLOUR[c.priority]} c="dark.7">
          {t('header.priorityBadge', { priority: t(`priority.${c.priority}`) })}
        </Badge>
        <Badge variant="outline" color="gray" c="dark.7">
          {t(`type.${c.type}`)}
        </Badge>
      </Group>
      <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing="xs" m={0}>
        <Fact label={t('header.area')}>{c.area.address ? `${c.area.district}, ${c.area.address}` : c.area.district}</Fact>
        <Fact label={t('header.lead')}>{c.leadOrganisation.name}</Fact>
        <Fact label={t('header.coordinator')}>{c.coordinator.displayName}</Fact>
        <Fact label={t('header.reviewDate')}>
          {c.reviewDate ? (reviewPassed ? t('header.reviewPassed', { date: format.date(c.reviewDate) }) : format.date(c.reviewDate)) : t('header.noReviewDate')}
        </Fact>
        {c.phase === 'CLOSED' && c.closedAt && <Fact label={t('header.closedAt')}>{format.date(c.closedAt)}</Fact>}
        {c.outcome && <Fact label={t('header.outcome')}>{t(`outcome.${c.outcome}`)}</Fact>}
        {c.phase === 'CLOSED' && c.closingAssessment && <Fact label={t('header.closingAssessment')}>{c.closingAssessment}</Fact>}
      </SimpleGrid>
    </Stack>
  );
}
