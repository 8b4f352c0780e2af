import { Anchor, Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../gql';
import type { CaseListItemFragment } from '../gql/graphql';
import { ScrollTable } from '../../../ui/ScrollTable';
import { useFormat } from '../../../ui/format';
import { EscalationBadge, PhaseBadge, WHOLE_LABEL } from './CaseBadges';

export const CaseListItem = graphql(`
  fragment CaseListItem on Case {
    id
    reference
    title
    type
    phase
    escalation
    priority
    reviewDate
    lastActivityAt
    area {
      district
    }
    leadOrganisation {
      id
      name
    }
    updateCount
    participantCount
    inputsAwaitingReviewCount
    openRiskCount
  }
`);

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function CaseLink({ item }: { item: CaseListItemFragment }) {
  return (
    <Anchor component={Link} to={`/cases/${item.id}`} fw={600}>
      <Text component="span" ff="monospace" size="sm" mr={6}>
        {item.reference}
      </Text>
      {item.title}
    </Anchor>
  );
}

/** The counts a person scans for: updates, participants, inputs awaiting review (highlighted), open risks. */
function Counts({ item }: { item: CaseListItemFragment }) {
  const { t } = useTranslation('cases');
  const { number } = useFormat();
  return (
    <Group gap={6}>
      <Badge variant="outline" color="gray" tt="none" styles={WHOLE_LABEL}>{t('counts.updates', { n: number(item.updateCount) })}</Badge>
      <Badge variant="outline" color="gray" tt="none" styles={WHOLE_LABEL}>{t('counts.participants', { n: number(item.participantCount) })}</Badge>
      {item.inputsAwaitingReviewCount > 0 && (
        <Badge variant="filled" color="violet" tt="none" styles={WHOLE_LABEL}>{t('counts.awaitingReview', { n: number(item.inputsAwaitingReviewCount) })}</Badge>
      )}
      {item.openRiskCount > 0 && <Badge variant="outline" color="gray" tt="none" styles={WHOLE_LABEL}>{t('counts.openRisks', { n: number(item.openRiskCount) })}</Badge>}
    </Group>
  );
}

/** Desktop: one row per case, a column per thing people compare. */
export function CaseTable({ items }: { items: CaseListItemFragment[] }) {
  const { t } = useTranslation('cases');
  const format = useFormat();
  return (
    <ScrollTable minWidth={900} label={t('title')}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="case-table" aria-label={t('list.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('fields.case')}</Table.Th>
            <Table.Th scope="col">{t('fields.phase')}</Table.Th>
            <Table.Th scope="col">{t('fields.escalation')}</Table.Th>
            <Table.Th scope="col">{t('fields.lead')}</Table.Th>
            <Table.Th scope="col">{t('fields.reviewDate')}</Table.Th>
            <Table.Th scope="col">{t('fields.counts')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td>
                <Stack gap={2}>
                  <CaseLink item={item} />
                  <Text size="xs" c="gray.7">
                    {t(`type.${item.type}`)} · {item.area.district} · {t('list.lastActivity', { when: format.relative(item.lastActivityAt) })}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td style={NO_WRAP}>
                <PhaseBadge phase={item.phase} />
              </Table.Td>
              <Table.Td style={NO_WRAP}>
                <EscalationBadge escalation={item.escalation} />
              </Table.Td>
              <Table.Td>{item.leadOrganisation.name}</Table.Td>
              <Table.Td style={NO_WRAP}>{item.reviewDate ? format.date(item.reviewDate) : t('list.noReviewDate')}</Table.Td>
              <Table.Td>
                <Counts item={item} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** Phone: one card per case, the same facts stacked. */
export function CaseCards({ items }: { items: CaseListItemFragment[] }) {
  const { t } = useTranslation('cases');
  const format = useFormat();
  return (
    <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="case-cards">
      {items.map((item) => (
        <Card key={item.id} component="li" withBorder padding="sm">
          <Stack gap={6}>
            <CaseLink item={item} />
            <Group gap={6}>
              <PhaseBadge phase={item.phase} />
              <EscalationBadge escalation={item.escalation} />
            </Group>
            <Text size="sm">
              {t(`type.${item.type}`)} · {item.area.district}
            </Text>
            <Text size="sm">
              {t('fields.lead')}: {item.leadOrganisation.name}
            </Text>
            <Text size="sm">
              {t('fields.reviewDate')}: {item.reviewDate ? format.date(item.reviewDate) : t('list.noReviewDate')}
            </Text>
            <Counts item={item} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
