import { Button, Group, NativeSelect, Radio, Stack, Textarea } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { UpdateKind, Visibility } from '../gql/graphql';
import { problemOf } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { fieldProblem, onlyFieldProblems } from './problems';
import { TIMELINE_PAGE, TimelineQuery } from './timeline';

/** PHASE_CHANGE entries are written by the phase stepper, never posted by hand. */
export const POSTABLE_KINDS: readonly UpdateKind[] = ['NOTE', 'MEETING', 'INCIDENT', 'DECISION'];

export const PostCaseUpdateMutation = graphql(`
  mutation PostCaseUpdate($input: PostCaseUpdateInput!) {
    postCaseUpdate(input: $input) {
      id
      caseId
      kind
      body
      visibility
      createdAt
      author {
        id
        displayName
        organisationId
      }
      attachments {
        ...AttachmentItem
      }
    }
  }
`);

/**
 * Posting an update: its kind, its text and who may read it, chosen here and shown on the entry. The kinds and
 * visibilities offered are those the API allows the reader (`viewerCan`: incidents may be narrower); the API still
 * refuses any other, and that refusal is shown on the field.
 */
export function PostUpdateForm({
  caseId,
  visibilities,
  incidentVisibilities,
}: {
  caseId: string;
  visibilities: readonly Visibility[];
  incidentVisibilities: readonly Visibility[];
}) {
  const { t } = useTranslation('caseWork');
  const allowed = (of: UpdateKind) => (of === 'INCIDENT' ? incidentVisibilities : visibilities);
  const kinds = POSTABLE_KINDS.filter((of) => allowed(of).length > 0);
  const [kind, setKind] = useState<UpdateKind>(kinds[0] ?? 'NOTE');
  const [body, setBody] = useState('');
  const [chosen, setVisibility] = useState<Visibility | null>(null);
  const offered = allowed(kind);
  // A kind with fewer choices keeps the one chosen only if it is still allowed.
  const visibility = chosen && offered.includes(chosen) ? chosen : (offered[0] ?? 'PARTNERS');
  const [post, { loading, error, reset }] = useMutation(PostCaseUpdateMutation, {
    update(cache, { data }) {
      const posted = data?.postCaseUpdate;
      if (!posted) return;
      // The case's count of readable updates, wherever another section shows it.
      cache.modify({ id: cache.identify({ __typename: 'Case', id: caseId }), fields: { updateCount: (count: number) => count + 1 } });
      cache.updateQuery({ query: TimelineQuery, variables: { id: caseId, first: TIMELINE_PAGE } }, (current) => {
        if (!current || current.case.updates.edges.some((edge) => edge.node.id === posted.id)) return current;
        const updates = current.case.updates;
        return {
          ...current,
          case: {
            ...current.case,
            updates: { ...updates, totalCount: updates.totalCount + 1, edges: [{ __typename: 'CaseUpdateEdge' as const, cursor: '', node: posted }, ...updates.edges] },
          },
        };
      });
    },
  });
  const problem = problemOf(error);
  const invalid = t('form.invalid');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset();
    post({ variables: { input: { caseId, kind, body: body.trim(), visibility } } })
      .then(({ data }) => {
        if (data) setBody('');
      })
      .catch(() => undefined);
  };

  return (
    <form onSubmit={submit} aria-label={t('timeline.post.title')}>
      <Stack gap="sm">
        {problem && !onlyFieldProblems(problem, ['kind', 'body', 'visibility']) && <ErrorAlert problem={problem} />}
        <NativeSelect
          label={t('timeline.post.kind')}
          data={kinds.map((value) => ({ value, label: t(`updateKind.${value}`) }))}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as UpdateKind)}
          error={fieldProblem(problem, 'kind', invalid)}
          w={{ base: '100%', sm: 240 }}
        />
        <Textarea
          label={t('timeline.post.body')}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          required
          autosize
          minRows={3}
          error={fieldProblem(problem, 'body', invalid)}
        />
        <Radio.Group
          label={t('timeline.post.visibility')}
          description={t('timeline.post.visibilityHint')}
          value={visibility}
          onChange={(value) => setVisibility(value as Visibility)}
          error={fieldProblem(problem, 'visibility', invalid)}
        >
          <Stack gap={6} mt={6}>
            {offered.map((value) => (
              <Radio key={value} value={value} label={t(`visibility.${value}.label`)} description={t(`visibility.${value}.description`)} />
            ))}
          </Stack>
        </Radio.Group>
        <Group>
          <Button type="submit" loading={loading} disabled={body.trim() === ''}>
            {t('timeline.post.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
