import { Button, Group, NativeSelect, Radio, Stack, Textarea } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { PartnerInputKind, ReviewDecision } from '../gql/graphql';
import { problemOf } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { fieldProblem, onlyFieldProblems } from './problems';

export const INPUT_KINDS: readonly PartnerInputKind[] = ['OBSERVATION', 'PROPOSAL', 'COMMUNITY_FEEDBACK', 'CONCERN'];
export const DECISIONS: readonly ReviewDecision[] = ['ACKNOWLEDGE', 'ACCEPT', 'DECLINE'];

export const PartnerInputFields = graphql(`
  fragment PartnerInputFields on PartnerInput {
    id
    caseId
    kind
    body
    status
    response
    reviewedAt
    createdAt
    waitingHours
    version
    organisation {
      id
      name
    }
    author {
      id
      displayName
      organisationId
    }
    attachments {
      ...AttachmentItem
    }
  }
`);

export const PartnerInputsQuery = graphql(`
  query CasePartnerInputs($id: ID!) {
    case(id: $id) {
      id
      viewerCan {
        ...CaseWorkViewerCan
      }
      partnerInputs {
        ...PartnerInputFields
      }
    }
  }
`);

export const SubmitPartnerInputMutation = graphql(`
  mutation SubmitPartnerInput($input: SubmitPartnerInputInput!) {
    submitPartnerInput(input: $input) {
      ...PartnerInputFields
    }
  }
`);

export const ReviewPartnerInputMutation = graphql(`
  mutation ReviewPartnerInput($input: ReviewPartnerInputInput!) {
    reviewPartnerInput(input: $input) {
      ...PartnerInputFields
    }
  }
`);

/** A partner's submission: what kind of input, and the text the coordinators will review. */
export function SubmitInputForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation('caseWork');
  const [kind, setKind] = useState<PartnerInputKind>('OBSERVATION');
  const [body, setBody] = useState('');
  const [done, setDone] = useState(false);
  const [submit, { loading, error, reset }] = useMutation(SubmitPartnerInputMutation, {
    update(cache, { data }) {
      const submitted = data?.submitPartnerInput;
      if (!submitted) return;
      cache.updateQuery({ query: PartnerInputsQuery, variables: { id: caseId } }, (current) =>
        !current || current.case.partnerInputs.some((input) => input.id === submitted.id)
          ? current
          : { ...current, case: { ...current.case, partnerInputs: [submitted, ...current.case.partnerInputs] } },
      );
    },
  });
  const problem = problemOf(error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    reset();
    setDone(false);
    submit({ variables: { input: { caseId, kind, body: body.trim() } } })
      .then(({ data }) => {
        if (!data) return;
        setBody('');
        setDone(true);
      })
      .catch(() => undefined);
  };

  return (
    <form onSubmit={onSubmit} aria-label={t('input.submit.title')}>
      <Stack gap="sm">
        {problem && !onlyFieldProblems(problem, ['kind', 'body']) && <ErrorAlert problem={problem} />}
        <NativeSelect
          label={t('input.submit.kind')}
          data={INPUT_KINDS.map((value) => ({ value, label: t(`inputKind.${value}`) }))}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as PartnerInputKind)}
          error={fieldProblem(problem, 'kind', t('form.invalid'))}
          w={{ base: '100%', sm: 280 }}
        />
        <Textarea
          label={t('input.submit.body')}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          required
          autosize
          minRows={3}
          error={fieldProblem(problem, 'body', t('form.invalid'))}
        />
        <Group>
          <Button type="submit" loading={loading} disabled={body.trim() === ''}>
            {t('input.submit.submit')}
          </Button>
          {done && (
            <span role="status" aria-live="polite">
              {t('input.submit.done')}
            </span>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** A coordinator's review: the decision and the response the partner will read (always required). */
export function ReviewInputForm({ id, version, onDone }: { id: string; version: number; onDone: () => void }) {
  const { t } = useTranslation('caseWork');
  const [decision, setDecision] = useState<ReviewDecision>('ACKNOWLEDGE');
  const [response, setResponse] = useState('');
  const [review, { loading, error, reset }] = useMutation(ReviewPartnerInputMutation);
  const problem = problemOf(error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    reset();
    review({ variables: { input: { id, version, decision, response: response.trim() } } })
      .then(({ data }) => {
        if (data) onDone();
      })
      .catch(() => undefined);
  };

  return (
    <form onSubmit={onSubmit} aria-label={t('input.review.title')}>
      <Stack gap="sm">
        {problem && !onlyFieldProblems(problem, ['decision', 'response']) && <ErrorAlert problem={problem} />}
        <Radio.Group label={t('input.review.decision')} value={decision} onChange={(value) => setDecision(value as ReviewDecision)} error={fieldProblem(problem, 'decision', t('form.invalid'))}>
          <Group gap="md" mt={6}>
            {DECISIONS.map((value) => (
              <Radio key={value} value={value} label={t(`decision.${value}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label={t('input.review.response')}
          description={t('input.review.responseHint')}
          value={response}
          onChange={(event) => setResponse(event.currentTarget.value)}
          required
          autosize
          minRows={2}
          error={fieldProblem(problem, 'response', t('form.invalid'))}
        />
        <Group>
          <Button type="submit" loading={loading} disabled={response.trim() === ''}>
            {t('input.review.submit')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('actions.cancel', { ns: 'common' })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
