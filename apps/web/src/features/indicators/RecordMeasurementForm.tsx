import { Button, Group, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorFieldsFragment } from './gql/graphql';
import { problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { RecordMeasurementMutation } from './documents';
import { parseNumber, todayInWarsaw } from './download';
import { fieldProblem, onlyFieldProblems } from './problems';
import { formatValue } from './values';

const FIELDS = ['value', 'measuredOn', 'sampleSize', 'sourceNote', 'supersedesId'];

/**
 * A new value of an indicator, or a correction of one already recorded: the correction supersedes it (the API keeps
 * both; the series then shows the correction). The answer is the indicator itself, which the cache takes in place.
 */
export function RecordMeasurementForm({ indicator, onDone }: { indicator: IndicatorFieldsFragment; onDone: () => void }) {
  const { t } = useTranslation('indicators');
  const format = useFormat();
  const [value, setValue] = useState('');
  const [measuredOn, setMeasuredOn] = useState(todayInWarsaw());
  const [sampleSize, setSampleSize] = useState('');
  const [sourceNote, setSourceNote] = useState('');
  const [supersedesId, setSupersedesId] = useState('');
  const [record, { loading, error, reset }] = useMutation(RecordMeasurementMutation);
  const problem = problemOf(error);
  const invalid = t('form.invalid');
  const number = parseNumber(value);
  const sample = sampleSize.trim() === '' ? null : parseNumber(sampleSize);
  const sampleValid = sample === null || (Number.isInteger(sample) && sample >= 1);

  const correct = (id: string) => {
    setSupersedesId(id);
    const corrected = indicator.series.find((m) => m.id === id);
    // A correction is of the same day's measurement, as a rule: start from its day.
    if (corrected) setMeasuredOn(corrected.measuredOn);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (number === null || !sampleValid) return;
    reset();
    record({
      variables: {
        input: {
          indicatorId: indicator.id,
          value: number,
          measuredOn,
          sourceNote: sourceNote.trim(),
          ...(sample !== null ? { sampleSize: sample } : {}),
          ...(supersedesId ? { supersedesId } : {}),
        },
      },
    })
      .then(({ data }) => {
        if (data) onDone();
      })
      .catch(() => undefined);
  };

  return (
    <form onSubmit={onSubmit} aria-label={t('record.title', { name: indicator.name })}>
      <Stack gap="sm">
        {problem && !onlyFieldProblems(problem, FIELDS) && <ErrorAlert problem={problem} />}
        {indicator.series.length > 0 && (
          <NativeSelect
            label={t('record.kind')}
            data={[
              { value: '', label: t('record.newMeasurement') },
              ...indicator.series.map((m) => ({ value: m.id, label: t('record.correctionOf', { date: format.date(m.measuredOn), value: formatValue(format.number, indicator.unit, m.value) }) })),
            ]}
            value={supersedesId}
            onChange={(e) => correct(e.currentTarget.value)}
            error={fieldProblem(problem, 'supersedesId', invalid)}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('record.value')}
            description={t(`unitHint.${indicator.unit}`)}
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            required
            error={value.trim() !== '' && number === null ? t('form.notANumber') : fieldProblem(problem, 'value', invalid)}
          />
          <TextInput type="date" label={t('record.measuredOn')} value={measuredOn} max={todayInWarsaw()} onChange={(e) => setMeasuredOn(e.currentTarget.value)} required error={fieldProblem(problem, 'measuredOn', invalid)} />
          <TextInput
            label={t('record.sampleSize')}
            description={t('record.sampleSizeHint')}
            inputMode="numeric"
            value={sampleSize}
            onChange={(e) => setSampleSize(e.currentTarget.value)}
            error={!sampleValid ? t('form.notAWholeNumber') : fieldProblem(problem, 'sampleSize', invalid)}
          />
        </SimpleGrid>
        <Textarea label={t('record.sourceNote')} value={sourceNote} onChange={(e) => setSourceNote(e.currentTarget.value)} autosize minRows={2} maxLength={1000} error={fieldProblem(problem, 'sourceNote', invalid)} />
        <Group>
          <Button type="submit" loading={loading} disabled={number === null || !sampleValid || measuredOn === ''}>
            {supersedesId ? t('record.submitCorrection') : t('record.submit')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('actions.cancel', { ns: 'common' })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
