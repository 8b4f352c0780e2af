import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ChangeTaskStatusMutation } from './documents';
import { fieldError, isFieldProblem } from './problems';
import type { TaskStatus } from './gql/graphql';

/**
 * The status moves the API offers the reader (`viewerCan.moveTo`), and cancelling where it says `cancel`. Blocking
 * asks for a reason; so may cancelling. Every refusal is shown (a stale version with a reload).
 */
export function StatusControls({ task, onReload }: { task: { id: string; version: number; status: string; viewerCan: { moveTo: readonly TaskStatus[]; cancel: boolean } }; onReload?: () => void }) {
  const { t } = useTranslation('tasks');
  const [pending, setPending] = useState<TaskStatus | null>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [change, { loading }] = useMutation(ChangeTaskStatusMutation);
  const moves: TaskStatus[] = [...task.viewerCan.moveTo, ...(task.viewerCan.cancel ? (['CANCELLED'] as TaskStatus[]) : [])];
  if (moves.length === 0) return null;

  async function send(status: TaskStatus, why?: string) {
    try {
      await change({ variables: { input: { id: task.id, version: task.version, status, ...(why ? { reason: why } : {}) } } });
      setPending(null);
      setReason('');
      setProblem(null);
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  const label = (status: TaskStatus) => (task.status === 'BLOCKED' && status !== 'CANCELLED' ? t('move.unblock', { status: t(`status.${status}`) }) : t(`move.${status}`));
  const needsReason = (status: TaskStatus) => status === 'BLOCKED' || status === 'CANCELLED';

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap" role="group" aria-label={t('move.group')}>
        {moves.map((status) => (
          <Button
            key={status}
            variant={status === 'CANCELLED' || status === 'BLOCKED' ? 'default' : 'filled'}
            loading={loading && pending === status}
            aria-pressed={pending === status && needsReason(status) ? true : undefined}
            onClick={() => {
              setProblem(null);
              if (needsReason(status)) {
                setPending(status);
                setMissing(false);
              } else {
                setPending(status);
                void send(status);
              }
            }}
          >
            {label(status)}
          </Button>
        ))}
      </Group>
      {pending && needsReason(pending) && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (pending === 'BLOCKED' && !reason.trim()) {
              setMissing(true);
              return;
            }
            void send(pending, reason.trim() || undefined);
          }}
        >
          <Stack gap="xs">
            <Textarea
              label={pending === 'BLOCKED' ? t('move.blockReason') : t('move.cancelReason')}
              value={reason}
              onChange={(event) => {
                setReason(event.currentTarget.value);
                setMissing(false);
              }}
              required={pending === 'BLOCKED'}
              autosize
              minRows={2}
              error={missing ? t('respond.reasonRequired') : fieldError(problem, 'reason')}
            />
            <Group gap="sm">
              <Button type="submit" loading={loading} color={pending === 'CANCELLED' ? 'red.9' : 'yellow.5'}>
                {pending === 'BLOCKED' ? t('move.confirmBlock') : t('move.confirmCancel')}
              </Button>
              <Button variant="default" onClick={() => setPending(null)}>
                {t('actions.cancel', { ns: 'common' })}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {problem && !isFieldProblem(problem, ['reason']) && (
        <ErrorAlert problem={problem}>{problem.code === 'CONFLICT' && onReload && <Button size="xs" variant="white" color="red" onClick={onReload}>{t('reload')}</Button>}</ErrorAlert>
      )}
    </Stack>
  );
}
