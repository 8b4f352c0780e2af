import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';

/** A list the API would not give: FORBIDDEN/NOT_FOUND explained in words, anything else with a retry. */
export function Refused({ problem, onRetry, forbidden = 'forbidden' }: { problem: ApiProblem | null; onRetry: () => void; forbidden?: string }) {
  const { t } = useTranslation('admin');
  if (!problem) return <Text>{t('loading', { ns: 'common' })}</Text>;
  if (problem.code === 'FORBIDDEN' || problem.code === 'NOT_FOUND') return <Text data-testid="refused">{t(forbidden)}</Text>;
  return <ErrorAlert problem={problem} onRetry={onRetry} />;
}
