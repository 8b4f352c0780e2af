import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type ApiProblem, isAbsent, problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { NotFound } from '../../ui/NotFound';
import { usePageTitle } from '../../ui/usePageTitle';
import { CaseIndicatorsCsvQuery, CaseIndicatorsQuery } from './documents';
import { DefineIndicatorForm } from './DefineIndicatorForm';
import { downloadCsv } from './download';
import { ImportSurveyForm } from './ImportSurveyForm';
import { IndicatorCard } from './IndicatorCard';

/** A file name from the case's reference (`LEG/2026/0007` → `wskazniki-LEG-2026-0007.csv`). */
export function csvFileName(prefix: string, reference: string): string {
  return `${prefix}-${reference.replace(/[^A-Za-z0-9_-]+/g, '-')}.csv`;
}

/** Downloads the case's indicators and measurements as the API writes them (CSV). */
function ExportButton({ caseId, reference }: { caseId: string; reference: string }) {
  const { t } = useTranslation('indicators');
  const client = useApolloClient();
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const onExport = () => {
    setLoading(true);
    setProblem(null);
    client
      .query({ query: CaseIndicatorsCsvQuery, variables: { id: caseId }, fetchPolicy: 'network-only' })
      .then(({ data }) => {
        if (data) downloadCsv(csvFileName(t('page.filePrefix'), reference), data.caseIndicatorsCsv);
      })
      .catch((error: unknown) => setProblem(problemOf(error)))
      .finally(() => setLoading(false));
  };
  return (
    <>
      <Button variant="default" onClick={onExport} loading={loading}>
        {t('page.export')}
      </Button>
      {problem && <ErrorAlert problem={problem} />}
    </>
  );
}

/**
 * `/cases/<id>/indicators`: each indicator of the case with baseline, target, the latest value and the series (chart
 * and table); adding one, recording a measurement or a correction and importing a survey where the API allows it
 * (`viewerCan`); exporting everything as CSV. An unknown case and one the reader may not see are the same "not found".
 */
export function CaseIndicatorsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('indicators');
  const { data, error, refetch } = useQuery(CaseIndicatorsQuery, { variables: { id } });
  const [open, setOpen] = useState<'define' | 'import' | null>(null);
  const [imported, setImported] = useState<number | null>(null);
  const c = data?.case;
  const title = c ? t('page.title', { reference: c.reference }) : t('page.titleLoading');
  usePageTitle(title);
  const problem = problemOf(error);
  if (!c && isAbsent(problem)) return <NotFound />;
  if (!c) {
    if (problem) return <ErrorAlert problem={problem} onRetry={() => void refetch()} />;
    return <Loading label={t('page.loading')} />;
  }
  const can = c.viewerCan;
  return (
    <Stack gap="md" data-page="case-indicators" maw={960}>
      <Anchor component={Link} to={`/cases/${c.id}`} size="sm">
        {t('page.back')}
      </Anchor>
      <div>
        {/* A reference has no spaces to break at: on a narrow screen it wraps anywhere rather than overflow. */}
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {title}
        </Title>
        <Text size="sm">{c.title}</Text>
      </div>
      {c.phase === 'CLOSED' && <Text size="sm">{t('page.closed')}</Text>}
      <Group gap="sm">
        <ExportButton caseId={c.id} reference={c.reference} />
        {can.defineIndicator && (
          <Button variant={open === 'define' ? 'filled' : 'light'} onClick={() => setOpen(open === 'define' ? null : 'define')} aria-expanded={open === 'define'}>
            {t('define.button')}
          </Button>
        )}
        {can.importSurvey && (
          <Button
            variant={open === 'import' ? 'filled' : 'light'}
            onClick={() => {
              setImported(null);
              setOpen(open === 'import' ? null : 'import');
            }}
            aria-expanded={open === 'import'}
          >
            {t('import.button')}
          </Button>
        )}
      </Group>
      {imported !== null && (
        <Alert color="green" role="status" title={t('import.doneTitle')} withCloseButton onClose={() => setImported(null)} closeButtonLabel={t('import.dismiss')}>
          {t('import.done', { count: imported })}
        </Alert>
      )}
      {open === 'define' && can.defineIndicator && (
        <Paper withBorder p="md" component="section" aria-labelledby="define-indicator">
          <Title order={2} size="h4" id="define-indicator" mb="sm">
            {t('define.title')}
          </Title>
          <DefineIndicatorForm caseId={c.id} onDone={() => setOpen(null)} />
        </Paper>
      )}
      {open === 'import' && can.importSurvey && (
        <Paper withBorder p="md" component="section" aria-labelledby="import-survey">
          <Title order={2} size="h4" id="import-survey" mb="sm">
            {t('import.title')}
          </Title>
          <ImportSurveyForm
            caseId={c.id}
            onImported={(count) => {
              setImported(count);
              setOpen(null);
            }}
            onCancel={() => setOpen(null)}
          />
        </Paper>
      )}
      {c.indicators.length === 0 ? (
        <Text>{t('page.none')}</Text>
      ) : (
        c.indicators.map((indicator) => <IndicatorCard key={indicator.id} indicator={indicator} canRecord={can.recordMeasurement} />)
      )}
    </Stack>
  );
}

/** The address of a case's indicators, for a link on the case page. */
export function caseIndicatorsPath(caseId: string): string {
  return `/cases/${caseId}/indicators`;
}
