import { Alert, Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../lib/errors';

/** What went wrong, in the reader's language, with what to do; the API's own message beneath when it says more. */
export function ErrorAlert({ problem, onRetry, children }: { problem: ApiProblem; onRetry?: () => void; children?: ReactNode }) {
  const { t } = useTranslation('errors');
  const code = problem.code;
  // Bad input that names no field (a closed case, a refused transition): the API's own message says what is wrong;
  // "correct the marked fields" would point at nothing. (`problem.reason` names the refusal, CASE_CLOSED and the like,
  // should a web-side text ever be wanted; the API's message is in the reader's language already.)
  const fieldless = code === 'BAD_USER_INPUT' && Object.keys(problem.fields).length === 0 && problem.message.length > 0;
  const text = fieldless
    ? problem.message
    : code === 'RATE_LIMITED'
      ? problem.retryAfterSeconds
        ? t('RATE_LIMITED', { seconds: problem.retryAfterSeconds })
        : t('RATE_LIMITED_SOON')
      : code === 'INTERNAL_SERVER_ERROR'
        ? t('INTERNAL_SERVER_ERROR', { errorId: problem.errorId ?? '—' })
        : t(code, { defaultValue: t('UNKNOWN') });
  const detail = problem.message && problem.message !== text && code !== 'INTERNAL_SERVER_ERROR' && code !== 'NETWORK' ? problem.message : null;
  return (
    <Alert color="red" title={t('title')} role="alert" data-error-code={code}>
      <Text size="sm">{text}</Text>
      {detail && (
        <Text size="sm" mt={4}>
          {detail}
        </Text>
      )}
      {(onRetry || children) && (
        <Group mt="sm" gap="sm">
          {children}
          {onRetry && (
            <Button size="xs" variant="white" color="red" onClick={onRetry}>
              {t('actions.retry', { ns: 'common' })}
            </Button>
          )}
        </Group>
      )}
    </Alert>
  );
}
