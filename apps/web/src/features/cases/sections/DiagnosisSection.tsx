import { Alert, Button, Center, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { CaseDiagnosisQuery } from '../gql/graphql';
import { problemOf, type ApiProblem } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { Loading } from '../../../ui/Loading';
import { ScrollTable } from '../../../ui/ScrollTable';
import { isOnFields, useFieldError } from '../page/problems';

export const CaseDiagnosis = graphql(`
  query CaseDiagnosis($id: ID!) {
    case(id: $id) {
      id
      version
      phase
      goal
      diagnosis {
        what
        where
        when
        who
        sources
      }
      viewerCan {
        ...CasePermissionsFields
      }
    }
  }
`);

export const UpdateCaseDiagnosis = graphql(`
  mutation UpdateCaseDiagnosis($input: UpdateCaseInput!) {
    updateCase(input: $input) {
      id
      version
      goal
      diagnosis {
        what
        where
        when
        who
        sources
      }
    }
  }
`);

/** The fields edited here, in the order shown; the API's input paths are `diagnosis.<name>` and `goal`. */
const FIELDS = ['what', 'where', 'when', 'who', 'sources', 'goal'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;
const inputPath = (field: Field) => (field === 'goal' ? 'goal' : `diagnosis.${field}`);

function valuesOf(c: CaseDiagnosisQuery['case']): Values {
  return {
    what: c.diagnosis?.what ?? '',
    where: c.diagnosis?.where ?? '',
    when: c.diagnosis?.when ?? '',
    who: c.diagnosis?.who ?? '',
    sources: c.diagnosis?.sources ?? '',
    goal: c.goal ?? '',
  };
}

/** An edit in progress: the person's values and the version (and values) they started from. */
interface Draft {
  values: Values;
  base: Values;
  version: number;
}

/**
 * The problem diagnosis (what, where, when, who, sources) and the goal, edited in place. A save carries the version
 * read; when someone else saved in between, the API answers CONFLICT: the section loads the current case, shows the
 * person's edit next to what is saved now, and offers to reload and reapply the edit onto the current version.
 */
export function DiagnosisSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation('casePage');
  const { data, error, refetch } = useQuery(CaseDiagnosis, { variables: { id: caseId } });
  const [save, { loading: saving }] = useMutation(UpdateCaseDiagnosis);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [conflict, setConflict] = useState<{ current: Values; version: number } | null>(null);
  const [notice, setNotice] = useState<'saved' | 'reapplied' | null>(null);
  const [reloading, setReloading] = useState(false);
  const fieldError = useFieldError(problem);

  const heading = (
    <Title order={2} id="case-diagnosis-title">
      {t('diagnosis.heading')}
    </Title>
  );
  if (!data?.case) {
    const loadProblem = problemOf(error);
    return (
      <Stack component="section" aria-labelledby="case-diagnosis-title">
        {heading}
        {loadProblem ? <ErrorAlert problem={loadProblem} onRetry={() => void refetch()} /> : <Center><Loading label={t('loading')} /></Center>}
      </Stack>
    );
  }
  const c = data.case;
  const shared = c.diagnosis !== null;
  const saved = valuesOf(c);
  const editable = shared && c.viewerCan.updateCase;

  const startEditing = () => {
    setDraft({ values: saved, base: saved, version: c.version });
    setProblem(null);
    setConflict(null);
    setNotice(null);
  };
  const stopEditing = () => {
    setDraft(null);
    setProblem(null);
    setConflict(null);
  };

  /** Loads the case as it is now (network, not cache); null when that fails (the problem is shown). */
  const loadCurrent = async () => {
    try {
      const fresh = await refetch();
      if (fresh.data?.case) return fresh.data.case;
      setProblem(problemOf(fresh.error));
    } catch (failure) {
      setProblem(problemOf(failure));
    }
    return null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setProblem(null);
    setNotice(null);
    const v = draft.values;
    try {
      await save({
        variables: {
          input: { id: c.id, version: draft.version, goal: v.goal, diagnosis: { what: v.what, where: v.where, when: v.when, who: v.who, sources: v.sources } },
        },
      });
      setDraft(null);
      setConflict(null);
      setNotice('saved');
    } catch (failure) {
      const answer = problemOf(failure);
      if (answer?.code === 'CONFLICT') {
        setReloading(true);
        const current = await loadCurrent();
        setReloading(false);
        if (current) setConflict({ current: valuesOf(current), version: current.version });
        return;
      }
      setProblem(answer);
    }
  };

  /** Loads the current version and puts the person's edit back on top of it, ready to save again. */
  const reapply = async () => {
    if (!draft) return;
    setReloading(true);
    const current = await loadCurrent();
    setReloading(false);
    if (!current) return;
    // The fields the person edited are put back; the others take what is saved now (the other person's changes stay).
    const now = valuesOf(current);
    const values = Object.fromEntries(FIELDS.map((field) => [field, draft.values[field] !== draft.base[field] ? draft.values[field] : now[field]])) as Values;
    setDraft({ values, base: now, version: current.version });
    setConflict(null);
    setNotice('reapplied');
  };

  const setValue = (field: Field, value: string) => setDraft((d) => (d ? { ...d, values: { ...d.values, [field]: value } } : d));

  return (
    <Stack component="section" aria-labelledby="case-diagnosis-title" gap="md">
      <Group justify="space-between" align="center">
        {heading}
        {editable && !draft && (
          <Button variant="default" onClick={startEditing}>
            {t('diagnosis.edit')}
          </Button>
        )}
      </Group>

      {notice === 'saved' && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('actions.dismiss')} onClose={() => setNotice(null)}>
          {t('diagnosis.saved')}
        </Alert>
      )}

      {!shared && <Text c="gray.7">{t('diagnosis.notShared')}</Text>}

      {shared && !draft && (
        <Stack component="dl" gap="sm" m={0}>
          {FIELDS.map((field) => (
            <div key={field}>
              <Text component="dt" fw={600} size="sm">
                {t(`diagnosis.fields.${field}`)}
              </Text>
              <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }} c={saved[field] ? undefined : 'gray.7'}>
                {saved[field] || t('diagnosis.empty')}
              </Text>
            </div>
          ))}
        </Stack>
      )}

      {draft && conflict && (
        <Alert color="orange" role="alert" title={t('conflict.title')}>
          <Stack gap="sm">
            <Text size="sm">{t('conflict.body')}</Text>
            <ConflictTable mine={draft.values} base={draft.base} current={conflict.current} />
            <Group gap="sm">
              <Button onClick={() => void reapply()} loading={reloading}>
                {t('conflict.reapply')}
              </Button>
              <Button variant="default" onClick={stopEditing}>
                {t('conflict.discard')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}

      {/* During a conflict the choice is above (the table holds the person's edit); the form returns on reapplying. */}
      {draft && !conflict && (
        <Paper withBorder p="md" component="form" onSubmit={(event) => void submit(event)} aria-label={t('diagnosis.formLabel')} noValidate>
          <Stack gap="sm">
            {notice === 'reapplied' && (
              <Alert color="blue" role="status">
                {t('conflict.reapplied')}
              </Alert>
            )}
            {problem && !isOnFields(problem, FIELDS.map(inputPath).concat(['diagnosis'])) && <ErrorAlert problem={problem} />}
            {FIELDS.map((field) => (
              <Textarea
                key={field}
                label={t(`diagnosis.fields.${field}`)}
                description={t(`diagnosis.hints.${field}`)}
                required={field === 'what'}
                autosize
                minRows={field === 'what' || field === 'goal' ? 3 : 2}
                value={draft.values[field]}
                onChange={(event) => setValue(field, event.currentTarget.value)}
                error={fieldError(inputPath(field))}
              />
            ))}
            <Group gap="sm">
              <Button type="submit" loading={saving || reloading}>
                {t('diagnosis.save')}
              </Button>
              <Button variant="default" onClick={stopEditing}>
                {t('actions.cancel')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

/** The person's edit next to what the API holds now, for each field where they differ. */
function ConflictTable({ mine, base, current }: { mine: Values; base: Values; current: Values }) {
  const { t } = useTranslation('casePage');
  const rows = FIELDS.filter((field) => mine[field] !== current[field] || base[field] !== current[field]);
  if (rows.length === 0) return <Text size="sm">{t('conflict.noDifference')}</Text>;
  return (
    <ScrollTable minWidth={480} label={t('conflict.caption')}>
      <Table withTableBorder verticalSpacing="xs" captionSide="top">
        <Table.Caption>{t('conflict.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('conflict.field')}</Table.Th>
            <Table.Th scope="col">{t('conflict.yours')}</Table.Th>
            <Table.Th scope="col">{t('conflict.current')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((field) => (
            <Table.Tr key={field}>
              <Table.Th scope="row">
                {t(`diagnosis.fields.${field}`)}
                {base[field] !== current[field] && (
                  <Text size="xs" c="gray.7" fw={400}>
                    {t('conflict.changedByOther')}
                  </Text>
                )}
              </Table.Th>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>
                {mine[field] === base[field] ? (
                  <Text span size="sm" c="gray.7">
                    {t('conflict.notChangedByYou')}
                  </Text>
                ) : (
                  mine[field] || t('diagnosis.empty')
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{current[field] || t('diagnosis.empty')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
