import { Alert, Button, Group, Input, List, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ImportSurveyMutation } from './documents';
import { readText } from './download';
import { lineProblems } from './problems';

export const SURVEY_HEADER = 'indicator_code,area,positive_percent,sample_size,measured_on';

/**
 * Survey results as CSV (chosen as a file or pasted) into the case's survey indicators. The API checks every row
 * first: one bad row and nothing is imported, and each bad row comes back with its line, listed here under the
 * file so that it can be corrected and sent again.
 */
export function ImportSurveyForm({ caseId, onImported, onCancel }: { caseId: string; onImported: (count: number) => void; onCancel: () => void }) {
  const { t } = useTranslation('indicators');
  const fileId = useId();
  const [csv, setCsv] = useState('');
  const [sourceNote, setSourceNote] = useState('');
  const [importSurvey, { loading, error, reset }] = useMutation(ImportSurveyMutation);
  const problem = problemOf(error);
  const lines = lineProblems(problem);

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    reset();
    readText(file)
      .then(setCsv)
      .catch(() => undefined);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (csv.trim() === '') return;
    reset();
    importSurvey({ variables: { input: { caseId, csv, sourceNote: sourceNote.trim() } } })
      .then(({ data }) => {
        if (data) onImported(data.importSurveyResults.imported);
      })
      .catch(() => undefined);
  };

  return (
    <form onSubmit={onSubmit} aria-label={t('import.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('import.intro')}</Text>
        <Text size="sm" ff="monospace">
          {SURVEY_HEADER}
        </Text>
        <Input.Wrapper label={t('import.file')} labelProps={{ htmlFor: fileId }}>
          <input id={fileId} type="file" accept=".csv,text/csv,text/plain" onChange={onFile} style={{ display: 'block', marginTop: 4 }} />
        </Input.Wrapper>
        <Textarea label={t('import.csv')} description={t('import.csvHint')} value={csv} onChange={(e) => setCsv(e.currentTarget.value)} autosize minRows={4} maxRows={14} styles={{ input: { fontFamily: 'monospace' } }} required />
        <TextInput label={t('import.sourceNote')} description={t('import.sourceNoteHint')} value={sourceNote} onChange={(e) => setSourceNote(e.currentTarget.value)} maxLength={1000} />
        {problem &&
          (lines.length > 0 ? (
            <Alert color="red" role="alert" title={t('import.refusedTitle')} data-testid="import-errors">
              <Text size="sm">{t('import.nothingImported', { count: lines.length })}</Text>
              <List size="sm" mt="xs" aria-label={t('import.badRows')}>
                {lines.map((line) => (
                  // The API's message names the line already ("Line 3: …"), in the reader's language.
                  <List.Item key={`${line.line}-${line.message}`} data-line={line.line}>
                    {line.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : (
            <ErrorAlert problem={problem} />
          ))}
        <Group>
          <Button type="submit" loading={loading} disabled={csv.trim() === ''}>
            {t('import.submit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('actions.cancel', { ns: 'common' })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
