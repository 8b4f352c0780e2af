import { Alert, Button, Group, Paper, Radio, Select, Stack, Stepper, Text, Textarea, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@apollo/client/react';
import type { ApolloCache } from '@apollo/client';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { CaseOutcome, CasePhase, Escalation } from '../gql/graphql';
import { problemOf, type ApiProblem } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import type { CaseHeaderData } from './CaseHeader';
import type { CasePermissions } from './permissions';
import { isOnFields, useFieldError } from './problems';

/** SARA order; CLOSED is reached by closing from ASSESSMENT. */
export const SARA: readonly CasePhase[] = ['SCANNING', 'ANALYSIS', 'RESPONSE', 'ASSESSMENT', 'CLOSED'];
const ESCALATIONS: readonly Escalation[] = ['NORMAL', 'ELEVATED', 'CRISIS'];
const OUTCOMES: readonly CaseOutcome[] = ['ELIMINATED', 'REDUCED', 'LESS_SERIOUS', 'BETTER_HANDLED', 'LEAD_TRANSFERRED', 'UNRESOLVED'];

// What every lifecycle change returns: the header's fields, so that the page shows the new state from the answer.
export const ChangeCasePhase = graphql(`
  mutation ChangeCasePhase($input: ChangeCasePhaseInput!) {
    changeCasePhase(input: $input) {
      id
      version
      phase
      escalation
      closedAt
      outcome
      closingAssessment
      viewerCan {
        ...CasePermissionsFields
      }
    }
  }
`);
const EscalateCase = graphql(`
  mutation EscalateCase($input: EscalateCaseInput!) {
    escalateCase(input: $input) {
      id
      version
      phase
      escalation
      viewerCan {
        ...CasePermissionsFields
      }
    }
  }
`);
const CloseCase = graphql(`
  mutation CloseCase($input: CloseCaseInput!) {
    closeCase(input: $input) {
      id
      version
      phase
      escalation
      closedAt
      outcome
      closingAssessment
      viewerCan {
        ...CasePermissionsFields
      }
    }
  }
`);
const ReopenCase = graphql(`
  mutation ReopenCase($input: ReopenCaseInput!) {
    reopenCase(input: $input) {
      id
      version
      phase
      escalation
      closedAt
      outcome
      closingAssessment
      viewerCan {
        ...CasePermissionsFields
      }
    }
  }
`);

/** A phase change posts a PHASE_CHANGE update: the timeline's list of updates is read again from the API. */
function forgetUpdates(cache: ApolloCache, caseId: string) {
  const id = cache.identify({ __typename: 'Case', id: caseId });
  if (!id) return;
  cache.evict({ id, fieldName: 'updates' });
  cache.evict({ id, fieldName: 'updateCount' });
  cache.evict({ id, fieldName: 'lastActivityAt' });
  cache.gc();
}

type Form = 'back' | 'escalate' | 'close' | 'reopen';

interface Props {
  case: CaseHeaderData;
  can: CasePermissions;
  /** Loads the case again (after a CONFLICT: someone else changed it). */
  onReload: () => void;
}

/** The SARA phase as a stepper, and the lifecycle: forward, back with a reason, escalation, closing, reopening. */
export function LifecyclePanel({ case: c, can, onReload }: Props) {
  const { t } = useTranslation('casePage');
  const wide = useMediaQuery('(min-width: 48em)');
  const [form, setForm] = useState<Form | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [changePhase, phaseState] = useMutation(ChangeCasePhase);
  const index = SARA.indexOf(c.phase);
  const next = c.phase === 'ASSESSMENT' || c.phase === 'CLOSED' ? null : SARA[index + 1];

  const open = (which: Form | null) => {
    setForm(which);
    setProblem(null);
    setDone(null);
  };
  const finished = (message: string) => {
    setForm(null);
    setProblem(null);
    setDone(message);
  };

  const forward = async () => {
    if (!next) return;
    setDone(null);
    setProblem(null);
    try {
      await changePhase({ variables: { input: { id: c.id, version: c.version, phase: next } }, update: (cache) => forgetUpdates(cache, c.id) });
      finished(t('lifecycle.moved', { phase: t(`phase.${next}`) }));
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  return (
    <Stack component="section" id="case-lifecycle" aria-labelledby="case-lifecycle-title" gap="md" style={{ scrollMarginTop: 72 }}>
      <Title order={2} id="case-lifecycle-title">
        {t('lifecycle.heading')}
      </Title>
      <Text>{t('lifecycle.current', { phase: t(`phase.${c.phase}`), step: index + 1, steps: SARA.length })}</Text>
      {/* The text above says the same to a screen reader; the stepper's steps are not controls. */}
      <div aria-hidden>
        <Stepper active={c.phase === 'CLOSED' ? SARA.length : index} orientation={wide ? 'horizontal' : 'vertical'} allowNextStepsSelect={false} size="sm" styles={{ stepDescription: { color: 'var(--mantine-color-gray-7)' } }}>
          {SARA.map((phase) => (
            <Stepper.Step key={phase} label={t(`phase.${phase}`)} description={t(`phaseHint.${phase}`)} allowStepSelect={false} />
          ))}
        </Stepper>
      </div>

      {done && (
        <Alert color="green" role="status" withCloseButton onClose={() => setDone(null)} closeButtonLabel={t('actions.dismiss')}>
          {done}
        </Alert>
      )}
      {problem && !form && (
        <ErrorAlert problem={problem}>
          {problem.code === 'CONFLICT' && (
            <Button size="xs" variant="white" color="red" onClick={() => { setProblem(null); onReload(); }}>
              {t('actions.reloadCase')}
            </Button>
          )}
        </ErrorAlert>
      )}

      <Group gap="sm">
        {can.changePhase && next && (
          <Button onClick={() => void forward()} loading={phaseState.loading}>
            {t('lifecycle.forward', { phase: t(`phase.${next}`) })}
          </Button>
        )}
        {can.close && c.phase === 'ASSESSMENT' && (
          <Button onClick={() => open('close')} aria-expanded={form === 'close'}>
            {t('lifecycle.close')}
          </Button>
        )}
        {can.changePhase && index > 0 && c.phase !== 'CLOSED' && (
          <Button variant="default" onClick={() => open('back')} aria-expanded={form === 'back'}>
            {t('lifecycle.back')}
          </Button>
        )}
        {can.escalate && c.phase !== 'CLOSED' && (
          <Button variant="default" onClick={() => open('escalate')} aria-expanded={form === 'escalate'}>
            {t('lifecycle.escalate')}
          </Button>
        )}
        {can.reopen && c.phase === 'CLOSED' && (
          <Button onClick={() => open('reopen')} aria-expanded={form === 'reopen'}>
            {t('lifecycle.reopen')}
          </Button>
        )}
      </Group>

      {form === 'back' && <BackForm case={c} onCancel={() => open(null)} onDone={finished} onReload={onReload} />}
      {form === 'escalate' && <EscalateForm case={c} onCancel={() => open(null)} onDone={finished} onReload={onReload} />}
      {form === 'close' && <CloseForm case={c} onCancel={() => open(null)} onDone={finished} onReload={onReload} />}
      {form === 'reopen' && <ReopenForm case={c} onCancel={() => open(null)} onDone={finished} onReload={onReload} />}
    </Stack>
  );
}

interface FormProps {
  case: CaseHeaderData;
  onCancel: () => void;
  onDone: (message: string) => void;
  onReload: () => void;
}

/** A lifecycle form: its title, its fields, the API's refusal (on the fields when it names them), save and cancel. */
function LifecycleForm({ title, problem, fields, submitLabel, loading, onSubmit, onCancel, onReload, children }: {
  title: string;
  problem: ApiProblem | null;
  fields: readonly string[];
  submitLabel: string;
  loading: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  onReload: () => void;
  children: React.ReactNode;
}) {
  const { t } = useTranslation('casePage');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={title} noValidate>
      <Stack gap="sm">
        <Title order={3}>{title}</Title>
        {problem && !isOnFields(problem, fields) && (
          <ErrorAlert problem={problem}>
            {problem.code === 'CONFLICT' && (
              <Button size="xs" variant="white" color="red" onClick={onReload}>
                {t('actions.reloadCase')}
              </Button>
            )}
          </ErrorAlert>
        )}
        {children}
        <Group gap="sm">
          <Button type="submit" loading={loading}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('actions.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function BackForm({ case: c, onCancel, onDone, onReload }: FormProps) {
  const { t } = useTranslation('casePage');
  const earlier = SARA.slice(0, SARA.indexOf(c.phase));
  const [phase, setPhase] = useState<CasePhase>(earlier[earlier.length - 1] ?? 'SCANNING');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [changePhase, { loading }] = useMutation(ChangeCasePhase);
  const fieldError = useFieldError(problem);

  const submit = async () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setProblem(null);
    try {
      await changePhase({ variables: { input: { id: c.id, version: c.version, phase, reason: reason.trim() } }, update: (cache) => forgetUpdates(cache, c.id) });
      onDone(t('lifecycle.movedBack', { phase: t(`phase.${phase}`) }));
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  return (
    <LifecycleForm title={t('lifecycle.backTitle')} problem={problem} fields={['phase', 'reason']} submitLabel={t('lifecycle.backSubmit')} loading={loading} onSubmit={() => void submit()} onCancel={onCancel} onReload={onReload}>
      <Select
        label={t('lifecycle.backTo')}
        data={earlier.map((p) => ({ value: p, label: t(`phase.${p}`) }))}
        value={phase}
        onChange={(value) => value && setPhase(value as CasePhase)}
        allowDeselect={false}
        error={fieldError('phase')}
      />
      <Textarea
        label={t('lifecycle.reason')}
        description={t('lifecycle.backReasonHint')}
        required
        autosize
        minRows={2}
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          setMissing(false);
        }}
        error={missing ? t('validation.reasonRequired') : fieldError('reason')}
      />
    </LifecycleForm>
  );
}

function EscalateForm({ case: c, onCancel, onDone, onReload }: FormProps) {
  const { t } = useTranslation('casePage');
  const choices = ESCALATIONS.filter((e) => e !== c.escalation);
  const [escalation, setEscalation] = useState<Escalation>(choices[0] ?? 'ELEVATED');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [escalate, { loading }] = useMutation(EscalateCase);
  const fieldError = useFieldError(problem);

  const submit = async () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setProblem(null);
    try {
      await escalate({ variables: { input: { id: c.id, version: c.version, escalation, reason: reason.trim() } } });
      onDone(t('lifecycle.escalated', { escalation: t(`escalation.${escalation}`) }));
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  return (
    <LifecycleForm title={t('lifecycle.escalateTitle')} problem={problem} fields={['escalation', 'reason']} submitLabel={t('lifecycle.escalateSubmit')} loading={loading} onSubmit={() => void submit()} onCancel={onCancel} onReload={onReload}>
      <Radio.Group label={t('lifecycle.escalationTo')} value={escalation} onChange={(value) => setEscalation(value as Escalation)} error={fieldError('escalation')}>
        <Group gap="md" mt={4}>
          {choices.map((e) => (
            <Radio key={e} value={e} label={t(`escalation.${e}`)} />
          ))}
        </Group>
      </Radio.Group>
      <Textarea
        label={t('lifecycle.reason')}
        required
        autosize
        minRows={2}
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          setMissing(false);
        }}
        error={missing ? t('validation.reasonRequired') : fieldError('reason')}
      />
    </LifecycleForm>
  );
}

function CloseForm({ case: c, onCancel, onDone, onReload }: FormProps) {
  const { t } = useTranslation('casePage');
  const [outcome, setOutcome] = useState<CaseOutcome | null>(null);
  const [assessment, setAssessment] = useState('');
  const [waiver, setWaiver] = useState('');
  const [missing, setMissing] = useState<{ outcome: boolean; assessment: boolean }>({ outcome: false, assessment: false });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [close, { loading }] = useMutation(CloseCase);
  const fieldError = useFieldError(problem);
  // The API asks for a waiver only when an indicator has no measurement after its baseline; the field appears then.
  const [needsWaiver, setNeedsWaiver] = useState(false);

  const submit = async () => {
    const lacking = { outcome: !outcome, assessment: !assessment.trim() };
    setMissing(lacking);
    if (!outcome || lacking.assessment) return;
    setProblem(null);
    try {
      await close({
        variables: { input: { id: c.id, version: c.version, outcome, assessment: assessment.trim(), ...(waiver.trim() ? { indicatorWaiverReason: waiver.trim() } : {}) } },
        update: (cache) => forgetUpdates(cache, c.id),
      });
      onDone(t('lifecycle.closed'));
    } catch (error) {
      const answer = problemOf(error);
      if (answer?.extensions.field === 'indicatorWaiverReason' || (answer && 'indicatorWaiverReason' in answer.fields)) setNeedsWaiver(true);
      setProblem(answer);
    }
  };

  return (
    <LifecycleForm title={t('lifecycle.closeTitle')} problem={problem} fields={['outcome', 'assessment', 'indicatorWaiverReason']} submitLabel={t('lifecycle.closeSubmit')} loading={loading} onSubmit={() => void submit()} onCancel={onCancel} onReload={onReload}>
      <Select
        label={t('lifecycle.outcome')}
        description={t('lifecycle.outcomeHint')}
        required
        data={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
        value={outcome}
        onChange={(value) => {
          setOutcome(value as CaseOutcome | null);
          setMissing((m) => ({ ...m, outcome: false }));
        }}
        error={missing.outcome ? t('validation.outcomeRequired') : fieldError('outcome')}
      />
      <Textarea
        label={t('lifecycle.assessment')}
        description={t('lifecycle.assessmentHint')}
        required
        autosize
        minRows={3}
        value={assessment}
        onChange={(event) => {
          setAssessment(event.currentTarget.value);
          setMissing((m) => ({ ...m, assessment: false }));
        }}
        error={missing.assessment ? t('validation.assessmentRequired') : fieldError('assessment')}
      />
      {needsWaiver && (
        <Textarea
          label={t('lifecycle.waiver')}
          description={t('lifecycle.waiverHint')}
          autosize
          minRows={2}
          value={waiver}
          onChange={(event) => setWaiver(event.currentTarget.value)}
          error={fieldError('indicatorWaiverReason')}
        />
      )}
    </LifecycleForm>
  );
}

function ReopenForm({ case: c, onCancel, onDone, onReload }: FormProps) {
  const { t } = useTranslation('casePage');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [reopen, { loading }] = useMutation(ReopenCase);
  const fieldError = useFieldError(problem);

  const submit = async () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setProblem(null);
    try {
      await reopen({ variables: { input: { id: c.id, version: c.version, reason: reason.trim() } }, update: (cache) => forgetUpdates(cache, c.id) });
      onDone(t('lifecycle.reopened'));
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  return (
    <LifecycleForm title={t('lifecycle.reopenTitle')} problem={problem} fields={['reason']} submitLabel={t('lifecycle.reopenSubmit')} loading={loading} onSubmit={() => void submit()} onCancel={onCancel} onReload={onReload}>
      <Text size="sm">{t('lifecycle.reopenHint')}</Text>
      <Textarea
        label={t('lifecycle.reason')}
        required
        autosize
        minRows={2}
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          setMissing(false);
        }}
        error={missing ? t('validation.reasonRequired') : fieldError('reason')}
      />
    </LifecycleForm>
  );
}
