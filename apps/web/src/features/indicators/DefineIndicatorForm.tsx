import { Button, Group, NativeSelect, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cadence, IndicatorDirection, IndicatorSource, IndicatorUnit } from './gql/graphql';
import { problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { CADENCES, CaseIndicatorsQuery, DIRECTIONS, DefineIndicatorMutation, IndicatorCatalogueQuery, SOURCES, UNITS } from './documents';
import { parseNumber, todayInWarsaw } from './download';
import { fieldProblem, onlyFieldProblems } from './problems';

const FIELDS = ['catalogueCode', 'name', 'unit', 'direction', 'source', 'cadence', 'baselineValue', 'baselineDate', 'targetValue', 'targetDate'];

/**
 * A new indicator on the case: a standard one from the shared catalogue (comparable across cases; its unit,
 * direction and source come with it) or a custom one; either way with a baseline and a target, each with its day.
 */
export function DefineIndicatorForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation('indicators');
  const catalogue = useQuery(IndicatorCatalogueQuery);
  const [mode, setMode] = useState<'catalogue' | 'custom'>('catalogue');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [unit, setUnit] = useState<IndicatorUnit>('COUNT');
  const [direction, setDirection] = useState<IndicatorDirection>('DECREASE');
  const [source, setSource] = useState<IndicatorSource>('POLICE_RECORDS');
  const [cadence, setCadence] = useState<Cadence>('MONTHLY');
  const [baselineValue, setBaselineValue] = useState('');
  const [baselineDate, setBaselineDate] = useState(todayInWarsaw());
  const [targetValue, setTargetValue] = useState('');
  const [targetDate, setTargetDate] = useState('');
  const [define, { loading, error, reset }] = useMutation(DefineIndicatorMutation, {
    update(cache, { data }) {
      const added = data?.defineIndicator;
      if (!added) return;
      cache.updateQuery({ query: CaseIndicatorsQuery, variables: { id: caseId } }, (current) =>
        !current || current.case.indicators.some((i) => i.id === added.id) ? current : { ...current, case: { ...current.case, indicators: [...current.case.indicators, added] } },
      );
    },
  });
  const problem = problemOf(error);
  const catalogueProblem = problemOf(catalogue.error);
  const invalid = t('form.invalid');
  const entries = catalogue.data?.indicatorCatalogue ?? [];
  const entry = entries.find((e) => e.code === code);
  const baseline = parseNumber(baselineValue);
  const target = parseNumber(targetValue);
  const complete = baseline !== null && target !== null && baselineDate !== '' && targetDate !== '' && (mode === 'catalogue' ? code !== '' : name.trim().length >= 3);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!complete || baseline === null || target === null) return;
    reset();
    const what = mode === 'catalogue' ? { catalogueCode: code } : { name: name.trim(), unit, direction, source, cadence };
    define({ variables: { input: { caseId, ...what, baselineValue: baseline, baselineDate, targetValue: target, targetDate } } })
      .then(({ data }) => {
        if (data) onDone();
      })
      .catch(() => undefined);
  };

  const numberError = (text: string, parsed: number | null, field: string) => (text.trim() !== '' && parsed === null ? t('form.notANumber') : fieldProblem(problem, field, invalid));

  return (
    <form onSubmit={onSubmit} aria-label={t('define.title')}>
      <Stack gap="sm">
        {problem && !onlyFieldProblems(problem, FIELDS) && <ErrorAlert problem={problem} />}
        <Radio.Group label={t('define.kind')} value={mode} onChange={(value) => setMode(value as 'catalogue' | 'custom')}>
          <Group mt={4}>
            <Radio value="catalogue" label={t('define.fromCatalogue')} />
            <Radio value="custom" label={t('define.custom')} />
          </Group>
        </Radio.Group>
        {mode === 'catalogue' ? (
          <>
            {catalogueProblem && <ErrorAlert problem={catalogueProblem} onRetry={() => void catalogue.refetch()} />}
            <NativeSelect
              label={t('define.catalogueCode')}
              data={[{ value: '', label: t('form.choose'), disabled: true }, ...entries.map((e) => ({ value: e.code, label: `${e.name} (${e.code})` }))]}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              required
              error={fieldProblem(problem, 'catalogueCode', invalid)}
            />
            {entry && (
              <Text size="sm" data-testid="catalogue-entry">
                {entry.description}{' '}
                {t('card.meta', { unit: t(`unit.${entry.unit}`), direction: t(`direction.${entry.direction}`), source: t(`source.${entry.source}`), cadence: t(`cadence.${entry.cadence}`) })}
              </Text>
            )}
          </>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('define.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required minLength={3} maxLength={200} error={fieldProblem(problem, 'name', invalid)} />
            <NativeSelect label={t('define.unit')} data={UNITS.map((value) => ({ value, label: t(`unit.${value}`) }))} value={unit} onChange={(e) => setUnit(e.currentTarget.value as IndicatorUnit)} error={fieldProblem(problem, 'unit', invalid)} />
            <NativeSelect
              label={t('define.direction')}
              data={DIRECTIONS.map((value) => ({ value, label: t(`direction.${value}`) }))}
              value={direction}
              onChange={(e) => setDirection(e.currentTarget.value as IndicatorDirection)}
              error={fieldProblem(problem, 'direction', invalid)}
            />
            <NativeSelect label={t('define.source')} data={SOURCES.map((value) => ({ value, label: t(`source.${value}`) }))} value={source} onChange={(e) => setSource(e.currentTarget.value as IndicatorSource)} error={fieldProblem(problem, 'source', invalid)} />
            <NativeSelect label={t('define.cadence')} data={CADENCES.map((value) => ({ value, label: t(`cadence.${value}`) }))} value={cadence} onChange={(e) => setCadence(e.currentTarget.value as Cadence)} error={fieldProblem(problem, 'cadence', invalid)} />
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('define.baselineValue')} inputMode="decimal" value={baselineValue} onChange={(e) => setBaselineValue(e.currentTarget.value)} required error={numberError(baselineValue, baseline, 'baselineValue')} />
          <TextInput type="date" label={t('define.baselineDate')} value={baselineDate} onChange={(e) => setBaselineDate(e.currentTarget.value)} required error={fieldProblem(problem, 'baselineDate', invalid)} />
          <TextInput label={t('define.targetValue')} inputMode="decimal" value={targetValue} onChange={(e) => setTargetValue(e.currentTarget.value)} required error={numberError(targetValue, target, 'targetValue')} />
          <TextInput
            type="date"
            label={t('define.targetDate')}
            description={t('define.targetDateHint')}
            value={targetDate}
            onChange={(e) => setTargetDate(e.currentTarget.value)}
            required
            error={fieldProblem(problem, 'targetDate', invalid)}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={loading} disabled={!complete}>
            {t('define.submit')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('actions.cancel', { ns: 'common' })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
