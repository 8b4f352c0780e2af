import { Button, Checkbox, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { DataCategory } from '../gql/graphql';
import { problemOf, type ApiProblem } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { DATA_CATEGORIES } from './AddParticipantForm';
import { isOnFields, useFieldError } from './problems';

const OVERRIDE_REASON_MIN = 10;

export const RebaseCaseParticipant = graphql(`
  mutation RebaseCaseParticipant($input: RebaseCaseParticipantInput!) {
    rebaseCaseParticipant(input: $input) {
      id
      participants {
        ...ParticipantFields
      }
    }
  }
`);

interface Props {
  caseId: string;
  organisationId: string;
  organisationName: string;
  initialCategories: readonly DataCategory[];
  onCancel: () => void;
  onDone: () => void;
}

/** Records the coordinator's override as the basis of a participation (e.g. one suspended because its agreement ended). */
export function RebaseParticipantForm({ caseId, organisationId, organisationName, initialCategories, onCancel, onDone }: Props) {
  const { t } = useTranslation('casePage');
  const [reason, setReason] = useState('');
  const [categories, setCategories] = useState<DataCategory[]>(initialCategories.length > 0 ? [...initialCategories] : ['CASE_CONTENT']);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [rebase, { loading }] = useMutation(RebaseCaseParticipant);
  const fieldError = useFieldError(problem);
  const title = t('participants.rebaseTitle', { name: organisationName });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lacking: Record<string, string> = {};
    if (reason.trim().length < OVERRIDE_REASON_MIN) lacking.overrideReason = t('validation.overrideReasonRequired', { min: OVERRIDE_REASON_MIN });
    if (categories.length === 0) lacking.grantedCategories = t('validation.categoriesRequired');
    setMissing(lacking);
    if (Object.keys(lacking).length > 0) return;
    setProblem(null);
    try {
      await rebase({ variables: { input: { caseId, organisationId, overrideReason: reason.trim(), grantedCategories: categories } } });
      onDone();
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  return (
    <Paper withBorder p="sm" component="form" onSubmit={(event) => void submit(event)} aria-label={title} noValidate>
      <Stack gap="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        {problem && !isOnFields(problem, ['overrideReason', 'grantedCategories']) && <ErrorAlert problem={problem} />}
        <Textarea
          label={t('participants.overrideReasonLabel')}
          description={t('participants.overrideReasonHint', { min: OVERRIDE_REASON_MIN })}
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={missing.overrideReason ?? fieldError('overrideReason')}
        />
        <Checkbox.Group
          label={t('participants.grantedCategories')}
          required
          value={categories}
          onChange={(value) => setCategories(value as DataCategory[])}
          error={missing.grantedCategories ?? fieldError('grantedCategories')}
        >
          <Stack gap={6} mt={6}>
            {DATA_CATEGORIES.map((c) => (
              <Checkbox key={c} value={c} label={t(`category.${c}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group gap="sm">
          <Button type="submit" loading={loading}>
            {t('participants.rebaseSubmit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('actions.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
