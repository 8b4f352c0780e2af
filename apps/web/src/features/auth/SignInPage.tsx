import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { problemOf, useSession, useSessionStatus, type ApiProblem } from '../../lib';
import { useFormat } from '../../ui/format';
import { usePageTitle } from '../../ui/usePageTitle';

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Sign-in with e-mail and password; lock-out and rate limits say when to try again. */
export function SignInPage({ languageSwitch }: { languageSwitch?: React.ReactNode }) {
  const { t } = useTranslation('auth');
  const format = useFormat();
  const session = useSession();
  const status = useSessionStatus();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('title'));

  if (status === 'signedIn' && !busy) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!email.trim() || !password) return;
    setBusy(true);
    setProblem(null);
    try {
      await session.signIn(email.trim(), password);
      await navigate(next, { replace: true });
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const message = (p: ApiProblem): string => {
    if (p.code === 'RATE_LIMITED' && p.retryAfterSeconds) {
      return p.retryAfterSeconds >= 60
        ? t('errors.lockedUntil', { time: format.time(new Date(Date.now() + p.retryAfterSeconds * 1000)) })
        : t('errors.retryIn', { seconds: p.retryAfterSeconds });
    }
    if (p.code === 'SERVICE_UNAVAILABLE') return t('errors.unavailable');
    if (p.code === 'NETWORK') return t('errors.network');
    return t('errors.invalid');
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="signin-title">
          <Stack gap="md">
            <Stack gap={4}>
              <Title order={1} id="signin-title">
                {t('title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('intro')}
              </Text>
            </Stack>
            {languageSwitch}
            {session.endedElsewhere && !problem && (
              <Alert color="yellow" role="status" data-testid="session-ended">
                {t('sessionEnded')}
              </Alert>
            )}
            {problem && (
              <Alert color="red" role="alert" data-error-code={problem.code}>
                {message(problem)}
              </Alert>
            )}
            <TextInput
              label={t('email')}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={touched && !email.trim() ? t('errors.required') : undefined}
            />
            <PasswordInput
              label={t('password')}
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={touched && !password ? t('errors.required') : undefined}
            />
            <Button type="submit" loading={busy} fullWidth>
              {t('submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
