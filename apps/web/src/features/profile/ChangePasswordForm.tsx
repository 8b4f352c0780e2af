import { Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from './gql';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';

export const ChangeMyPasswordMutation = graphql(`
  mutation ChangeMyPassword($input: ChangeMyPasswordInput!) {
    changeMyPassword(input: $input) {
      id
      version
    }
  }
`);

function fieldError(problem: ApiProblem | null, field: string): string | undefined {
  if (!problem) return undefined;
  if (problem.fields[field]?.length) return problem.message;
  return problem.extensions.field === field ? problem.message : undefined;
}

/** The current password and a new one; the API's refusals (wrong current, too short, too common) on their fields. */
export function ChangePasswordForm() {
  const { t } = useTranslation('profile');
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [changed, setChanged] = useState(false);
  const [change, { loading }] = useMutation(ChangeMyPasswordMutation);

  async function send() {
    if (newPassword !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    try {
      await change({ variables: { input: { currentPassword, newPassword } } });
      setProblem(null);
      setChanged(true);
      setCurrent('');
      setNew('');
      setRepeat('');
    } catch (error) {
      setChanged(false);
      setProblem(problemOf(error));
    }
  }

  const onField = fieldError(problem, 'currentPassword') || fieldError(problem, 'newPassword');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="password-title">
      <Title order={2} id="password-title" mb="sm">
        {t('password.title')}
      </Title>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <Stack gap="sm" maw={420}>
          <PasswordInput label={t('password.current')} value={currentPassword} onChange={(e) => setCurrent(e.currentTarget.value)} required autoComplete="current-password" error={fieldError(problem, 'currentPassword')} />
          <PasswordInput label={t('password.new')} description={t('password.newHelp')} value={newPassword} onChange={(e) => setNew(e.currentTarget.value)} required autoComplete="new-password" error={fieldError(problem, 'newPassword')} />
          <PasswordInput label={t('password.repeat')} value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} required autoComplete="new-password" error={mismatch ? t('password.mismatch') : undefined} />
          <Group>
            <Button type="submit" loading={loading} disabled={!currentPassword || !newPassword}>
              {t('password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      {problem && !onField && <ErrorAlert problem={problem} />}
      {changed && (
        <Text role="status" mt="sm" c="teal.9" fw={600}>
          {t('password.changed')}
        </Text>
      )}
    </Paper>
  );
}
