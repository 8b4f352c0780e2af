import { Button, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorSummaryQuery as SummaryData, SummaryGroupBy, SummaryPeriod } from './gql/graphql';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { ScrollTable } from '../../ui/ScrollTable';
import { useFormat } from '../../ui/format';
import { usePageTitle } from '../../ui/usePageTitle';
import { GROUP_BY, IndicatorCatalogueQuery, IndicatorSummaryCodesQuery, IndicatorSummaryCsvQuery, IndicatorSummaryQuery, PERIODS } from './documents';
import { downloadCsv } from './download';
import { SummaryChart } from './SummaryChart';
import { formatPercent } from './values';

type Measure = 'meanProgress' | 'shareOnTrack';
type SummaryGroup = SummaryData['indicatorSummary']['groups'][number];

/** The minimum group size the API applies for analysts (MIN_GROUP_SIZE of libs/shared/domain geo.ts). */
const MIN_GROUP = 5;

function useGroupLabel(groupBy: SummaryGroupBy) {
  const { t } = useTranslation('indicators');
  return (key: string) => (groupBy === 'CASE_TYPE' ? t(`caseType.${key}`, { defaultValue: key }) : key);
}

function SummaryTable({ groups, groupBy, caption }: { groups: SummaryGroup[]; groupBy: SummaryGroupBy; caption: string }) {
  const { t } = useTranslation('indicators');
  const format = useFormat();
  const label = useGroupLabel(groupBy);
  const number = (v: number | null) => (v === null ? '—' : format.number(v));
  return (
    <ScrollTable minWidth={640} label={caption}>
      <Table verticalSpacing={4} fz="sm">
        <VisuallyHidden component="caption">{caption}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t(`groupBy.${groupBy}`)}</Table.Th>
            <Table.Th scope="col">{t('summary.cases')}</Table.Th>
            <Table.Th scope="col">{t('summary.meanProgress')}</Table.Th>
            <Table.Th scope="col">{t('summary.medianProgress')}</Table.Th>
            <Table.Th scope="col">{t('summary.shareOnTrack')}</Table.Th>
            <Table.Th scope="col">{t('summary.meanLatestValue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Table.Tr key={g.key} data-group={g.key} data-withheld={g.suppressed ? 'true' : undefined}>
              <Table.Th scope="row" fw={500}>
                {label(g.key)}
              </Table.Th>
              {g.suppressed ? (
                <>
                  <Table.Td>{t('summary.fewerThan', { min: MIN_GROUP })}</Table.Td>
                  <Table.Td colSpan={4} fs="italic">
                    {t('summary.withheld', { min: MIN_GROUP })}
                  </Table.Td>
                </>
              ) : (
                <>
                  <Table.Td>{format.number(g.caseCount)}</Table.Td>
                  <Table.Td>{formatPercent(format.number, g.meanProgress)}</Table.Td>
                  <Table.Td>{formatPercent(format.number, g.medianProgress)}</Table.Td>
                  <Table.Td>{formatPercent(format.number, g.shareOnTrack)}</Table.Td>
                  <Table.Td>{number(g.meanLatestValue)}</Table.Td>
                </>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/**
 * `/indicators`: comparable results of one catalogue indicator across cases, by district, case type, lead
 * organisation or period (month or quarter). Analysts see every case, with groups of fewer than five cases withheld
 * by the API; coordinators the cases they may see. A withheld group is said to be withheld in the chart and the
 * table alike, never drawn or written as zero. Only aggregates reach this page: no case, no person.
 */
export function IndicatorSummaryPage() {
  const { t } = useTranslation('indicators');
  const format = useFormat();
  const client = useApolloClient();
  const catalogue = useQuery(IndicatorCatalogueQuery);
  const summarised = useQuery(IndicatorSummaryCodesQuery);
  const [chosen, setCode] = useState('');
  const [groupBy, setGroupBy] = useState<SummaryGroupBy>('DISTRICT');
  const [period, setPeriod] = useState<SummaryPeriod>('QUARTER');
  const [measure, setMeasure] = useState<Measure>('meanProgress');
  const [exporting, setExporting] = useState(false);
  const [exportProblem, setExportProblem] = useState<ApiProblem | null>(null);
  const entries = catalogue.data?.indicatorCatalogue ?? [];
  // Until a choice is made, the first indicator that has cases (an empty summary is a poor first view); once the
  // codes are known (or could not be read), never before, so that the summary is asked for once.
  const withCases = summarised.data ? new Set(summarised.data.indicatorSummaryCodes) : null;
  const codesKnown = withCases !== null || summarised.error !== undefined;
  const code = chosen || (codesKnown ? (entries.find((e) => withCases?.has(e.code))?.code ?? entries[0]?.code ?? '') : '');
  const summary = useQuery(IndicatorSummaryQuery, { variables: { code, groupBy, period }, skip: code === '' });
  const label = useGroupLabel(groupBy);
  usePageTitle(t('summary.title'));
  const problem = problemOf(catalogue.error) ?? problemOf(summary.error);
  const entry = entries.find((e) => e.code === code);
  const data = summary.data?.indicatorSummary;

  const onExport = () => {
    setExporting(true);
    setExportProblem(null);
    client
      .query({ query: IndicatorSummaryCsvQuery, variables: { code, groupBy, period }, fetchPolicy: 'network-only' })
      .then(({ data: csv }) => {
        if (csv) downloadCsv(`${t('summary.filePrefix')}-${code}-${groupBy === 'PERIOD' ? period : groupBy}.csv`.toLowerCase(), csv.indicatorSummaryCsv);
      })
      .catch((error: unknown) => setExportProblem(problemOf(error)))
      .finally(() => setExporting(false));
  };

  const measureText = (g: SummaryGroup) => (g.suppressed ? t('summary.withheld', { min: MIN_GROUP }) : g[measure] === null ? t('summary.noMeasurement') : formatPercent(format.number, g[measure]));

  return (
    <Stack gap="md" data-page="indicator-summary" maw={960}>
      <Title order={1}>{t('summary.title')}</Title>
      <Text size="sm">{t('summary.intro', { min: MIN_GROUP })}</Text>
      <NativeSelect
        label={t('summary.indicator')}
        maw={640}
        data={entries.length === 0 ? [{ value: '', label: t('summary.loadingCatalogue'), disabled: true }] : entries.map((e) => ({ value: e.code, label: withCases && !withCases.has(e.code) ? t('summary.noCasesOption', { name: e.name }) : e.name }))}
        value={code}
        onChange={(e) => setCode(e.currentTarget.value)}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} maw={720}>
        <NativeSelect label={t('summary.groupByLabel')} data={GROUP_BY.map((value) => ({ value, label: t(`groupBy.${value}`) }))} value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value as SummaryGroupBy)} />
        {groupBy === 'PERIOD' && (
          <NativeSelect label={t('summary.period')} data={PERIODS.map((value) => ({ value, label: t(`period.${value}`) }))} value={period} onChange={(e) => setPeriod(e.currentTarget.value as SummaryPeriod)} />
        )}
        <NativeSelect
          label={t('summary.measure')}
          data={[
            { value: 'meanProgress', label: t('summary.meanProgress') },
            { value: 'shareOnTrack', label: t('summary.shareOnTrack') },
          ]}
          value={measure}
          onChange={(e) => setMeasure(e.currentTarget.value as Measure)}
        />
      </SimpleGrid>
      {entry && <Text size="sm">{entry.description}</Text>}
      {problem && <ErrorAlert problem={problem} onRetry={() => void (catalogue.error ? catalogue.refetch() : summary.refetch())} />}
      {!problem && !data && <Loading label={t('summary.loading')} />}
      {data && (
        <Stack gap="md" component="section" aria-labelledby="summary-results">
          <Group justify="space-between" align="flex-end">
            <Title order={2} size="h3" id="summary-results">
              {t('summary.results', { name: entry?.name ?? code, groupBy: t(`groupBy.${groupBy}`) })}
            </Title>
            <Button variant="default" onClick={onExport} loading={exporting}>
              {t('summary.export')}
            </Button>
          </Group>
          {exportProblem && <ErrorAlert problem={exportProblem} />}
          <Text size="sm">{t('summary.total', { count: data.totalCases })}</Text>
          {data.groups.length === 0 ? (
            <Text>{t('summary.none')}</Text>
          ) : (
            <>
              <SummaryChart
                label={t('summary.chartLabel', { measure: t(`summary.${measure}`), groupBy: t(`groupBy.${groupBy}`), count: data.groups.length })}
                caption={t(`summary.chartCaption.${measure}`)}
                bars={data.groups.map((g) => ({ key: g.key, label: label(g.key), value: g.suppressed ? null : g[measure], text: measureText(g), withheld: g.suppressed }))}
              />
              <SummaryTable groups={data.groups} groupBy={groupBy} caption={t('summary.tableLabel', { groupBy: t(`groupBy.${groupBy}`) })} />
            </>
          )}
        </Stack>
      )}
    </Stack>
  );
}
