import { Button, Group, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskStatus } from '../gql/graphql';
import { problemOf } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { fieldProblem, onlyFieldProblems } from './problems';
import { SCALE } from './riskMatrix';
import { AssessTrustRiskMutation, RISK_STATUSES, RisksQuery, UpdateTrustRiskMutation } from './risks';

const FIELDS = ['title', 'description', 'likelihood', 'impact', 'mitigation'];

/** Assessing a new risk to trust: what it is, how likely, how bad, and what is done about it. */
export function AssessRiskForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation('caseWork');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [likelihood, setLikelihood] = useState('');
  const [impact, setImpact] = useState('');
  const [mitigation, setMitigation] = useState('');
  const [assess, { loading, error, reset }] = useMutation(AssessTrustRiskMutation, {
    update(cache, { data }) {
      const risk = data?.assessTrustRisk;
      if (!risk) return;
      cache.updateQuery({ query: RisksQuery, variables: { id: caseId } }, (current) =>
        !current || current.case.risks.some((r) => r.id === risk.id)
          ? current
          : { ...current, case: { ...current.case, risks: [...current.case.risks, risk].sort((a, b) => b.score - a.score) } },
      );
    },
  });
  const problem = problemOf(error);
  const invalid = t('form.invalid');
  const scale = [{ value: '', label: t('form.choose'), disabled: true }, ...SCALE.map((n) => ({ value: String(n), label: t('risks.scale', { n }) }))];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!likelihood || !impact) return;
    reset();
    assess({ variables: { input: { caseId, title: title.trim(), description, likelihood: Number(likelihood), impact: Number(impact), mitigation } } })
      .then(({ data }) => {
        if (data) onDone();
      })
      .catch(() => undefined);
  };

  return (
    <form onSubmit={onSubmit} aria-label={t('risks.assess.title')}>
      <Stack gap="sm">
        {problem && !onlyFieldProblems(problem, FIELDS) && <ErrorAlert problem={problem} />}
        <TextInput label={t('risks.field.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={fieldProblem(problem, 'title', invalid)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect label={t('risks.field.likelihood')} data={scale} value={likelihood} onChange={(e) => setLikelihood(e.currentTarget.value)} required error={fieldProblem(problem, 'likelihood', invalid)} />
          <NativeSelect label={t('risks.field.impact')} data={scale} value={impact} onChange={(e) => setImpact(e.currentTarget.value)} required error={fieldProblem(problem, 'impact', invalid)} />
        </SimpleGrid>
        <Textarea label={t('risks.field.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} error={fieldProblem(problem, 'description', invalid)} />
        <Textarea label={t('risks.field.mitigation')} value={mitigation} onChange={(e) => setMitigation(e.currentTarget.value)} autosize minRows={2} error={fieldProblem(problem, 'mitigation', invalid)} />
        <Group>
          <Button type="submit" loading={loading} disabled={title.trim() === '' || !likelihood || !impact}>
            {t('risks.assess.submit')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('actions.cancel', { ns: 'common' })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A risk's status, changed in place (the version read goes with it: a stale one is refused as a conflict). */
export function RiskStatusControl({ id, version, status, title }: { id: string; version: number; status: RiskStatus; title: string }) {
  const { t } = useTranslation('caseWork');
  const [update, { loading, error, reset }] = useMutation(UpdateTrustRiskMutation);
  const problem = problemOf(error);
  return (
    <Stack gap={4}>
      <NativeSelect
        label={t('risks.field.status')}
        aria-label={t('risks.statusFor', { title })}
        size="xs"
        data={RISK_STATUSES.map((value) => ({ value, label: t(`riskStatus.${value}`) }))}
        value={status}
        disabled={loading}
        onChange={(e) => {
          const value = e.currentTarget.value;
          if (!value || value === status) return;
          reset();
          update({ variables: { input: { id, version, status: value as RiskStatus } } }).catch(() => undefined);
        }}
        w={170}
      />
      {problem && <ErrorAlert problem={problem} />}
    </Stack>
  );
}
