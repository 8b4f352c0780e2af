import { Badge, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorFieldsFragment } from './gql/graphql';
import { IndicatorChart } from '../../ui/IndicatorChart';
import { ScrollTable } from '../../ui/ScrollTable';
import { useFormat } from '../../ui/format';
import { RecordMeasurementForm } from './RecordMeasurementForm';
import { formatPercent, formatValue } from './values';

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

/** Where the indicator stands, in words (the colour only repeats them). */
function StateBadges({ indicator }: { indicator: IndicatorFieldsFragment }) {
  const { t } = useTranslation('indicators');
  return (
    <Group gap="xs" role="group" aria-label={t('card.state')}>
      {indicator.targetReached ? (
        <Badge color="green" variant="light" c="dark.7">
          {t('card.targetReached')}
        </Badge>
      ) : indicator.onTrack === true ? (
        <Badge color="green" variant="light" c="dark.7">
          {t('card.onTrack')}
        </Badge>
      ) : indicator.onTrack === false ? (
        <Badge color="orange" variant="light" c="dark.7">
          {t('card.behind')}
        </Badge>
      ) : (
        <Badge color="gray" variant="light" c="dark.7">
          {t('card.notMeasured')}
        </Badge>
      )}
      {indicator.measurementDue && (
        <Badge color="blue" variant="outline" c="dark.7">
          {t('card.due')}
        </Badge>
      )}
      <Badge color="gray" variant="outline" c="dark.7">
        {indicator.code ? t('card.fromCatalogue', { code: indicator.code }) : t('card.custom')}
      </Badge>
    </Group>
  );
}

/**
 * One indicator of a case: baseline, target, latest value and progress (as the API computes them), the series as a
 * chart against baseline and target with the same figures in a table, and, when the API allows it, recording a
 * measurement or a correction.
 */
export function IndicatorCard({ indicator, canRecord }: { indicator: IndicatorFieldsFragment; canRecord: boolean }) {
  const { t } = useTranslation('indicators');
  const format = useFormat();
  const [recording, setRecording] = useState(false);
  const value = (v: number | null | undefined) => formatValue(format.number, indicator.unit, v);
  const headingId = `indicator-${indicator.id}`;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={headingId} data-testid="indicator">
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {indicator.name}
        </Title>
        <StateBadges indicator={indicator} />
        <Text size="sm">
          {t('card.meta', { unit: t(`unit.${indicator.unit}`), direction: t(`direction.${indicator.direction}`), source: t(`source.${indicator.source}`), cadence: t(`cadence.${indicator.cadence}`) })}
        </Text>
        <Group component="dl" gap="lg" m={0} align="flex-start">
          <Fact label={t('card.baseline')}>{t('card.valueOn', { value: value(indicator.baselineValue), date: format.date(indicator.baselineDate) })}</Fact>
          <Fact label={t('card.target')}>{t('card.valueOn', { value: value(indicator.targetValue), date: format.date(indicator.targetDate) })}</Fact>
          <Fact label={t('card.latest')}>
            {indicator.latestValue === null ? t('card.notMeasured') : t('card.valueOn', { value: value(indicator.latestValue), date: format.date(indicator.latestMeasuredOn) })}
          </Fact>
          <Fact label={t('card.progress')}>
            {t('card.progressValue', { progress: formatPercent(format.number, indicator.progress), expected: formatPercent(format.number, indicator.expectedProgress) })}
          </Fact>
        </Group>
        {indicator.series.length > 0 ? (
          <>
            <IndicatorChart
              baseline={indicator.baselineValue}
              target={indicator.targetValue}
              points={indicator.series.map((m) => ({ measuredOn: m.measuredOn, value: m.value, correction: m.supersedesId !== null }))}
              label={t('chart.label', { name: indicator.name, count: indicator.series.length, baseline: value(indicator.baselineValue), target: value(indicator.targetValue) })}
              legend={t('chart.legend')}
              correctionLegend={t('chart.correction')}
            />
            <ScrollTable minWidth={520} label={t('table.label', { name: indicator.name })}>
              <Table verticalSpacing={4} fz="sm">
                <VisuallyHidden component="caption">{t('table.label', { name: indicator.name })}</VisuallyHidden>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('table.measuredOn')}</Table.Th>
                    <Table.Th scope="col">{t('table.value')}</Table.Th>
                    <Table.Th scope="col">{t('table.sampleSize')}</Table.Th>
                    <Table.Th scope="col">{t('table.source')}</Table.Th>
                    <Table.Th scope="col">{t('table.recordedBy')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {indicator.series.map((m) => (
                    <Table.Tr key={m.id} data-correction={m.supersedesId ? 'true' : undefined}>
                      <Table.Th scope="row" fw={400}>
                        {format.date(m.measuredOn)}
                      </Table.Th>
                      <Table.Td>{m.supersedesId ? t('table.corrected', { value: value(m.value) }) : value(m.value)}</Table.Td>
                      <Table.Td>{m.sampleSize === null ? '—' : format.number(m.sampleSize)}</Table.Td>
                      <Table.Td>{m.sourceNote || '—'}</Table.Td>
                      <Table.Td>{m.recordedBy ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </>
        ) : (
          <Text size="sm">{t('card.noMeasurements')}</Text>
        )}
        {canRecord &&
          (recording ? (
            <RecordMeasurementForm indicator={indicator} onDone={() => setRecording(false)} />
          ) : (
            <Group>
              <Button variant="light" onClick={() => setRecording(true)} aria-label={t('record.open', { name: indicator.name })}>
                {t('record.button')}
              </Button>
            </Group>
          ))}
      </Stack>
    </Paper>
  );
}
