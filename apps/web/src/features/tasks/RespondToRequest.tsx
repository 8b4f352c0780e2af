import { Button, Group, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { CapacityExceeded } from './CapacityExceeded';
import { AssignablePeopleQuery, RespondToTaskMutation } from './documents';
import { fieldError, isFieldProblem } from './problems';

export interface RequestToAnswer {
  id: string;
  version: number;
  organisation: { id: string; name: string };
  assignee: { id: string; displayName: string } | null;
  viewerCan: { respond: boolean; assign: boolean; overrideCapacity: boolean };
}

/**
 * A request to the reader's organisation: accept (naming who does it, where the API lets the reader assign) or
 * decline with a reason, which the requester sees on the task. Shown only where `viewerCan.respond` says so.
 */
export function RespondToRequest({
  task,
  headingOrder = 2,
  bare = false,
  onAnswered,
  onReload,
}: {
  task: RequestToAnswer;
  headingOrder?: 2 | 3 | 4;
  /** Inside a request's own card: no frame and no heading of its own. */
  bare?: boolean;
  onAnswered?: () => void;
  onReload?: () => void;
}) {
  const { t } = useTranslation('tasks');
  const [mode, setMode] = useState<'idle' | 'decline'>('idle');
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [assigneeId, setAssigneeId] = useState(task.assignee?.id ?? '');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [overrideProblem, setOverrideProblem] = useState<ApiProblem | null>(null);
  const [respond, { loading }] = useMutation(RespondToTaskMutation);
  const people = useQuery(AssignablePeopleQuery, { variables: { organisationId: task.organisation.id }, skip: !task.viewerCan.assign });
  const options = (people.data?.users.edges ?? []).map(({ node }) => ({ value: node.id, label: node.displayName }));

  async function send(input: { accept: boolean; reason?: string; assigneeId?: string; capacityOverrideReason?: string }) {
    try {
      await respond({ variables: { input: { id: task.id, version: task.version, ...input } } });
      setProblem(null);
      setOverrideProblem(null);
      onAnswered?.();
    } catch (error) {
      const found = problemOf(error);
      if (input.capacityOverrideReason && found?.code !== 'CAPACITY_EXCEEDED') setOverrideProblem(found);
      else setProblem(found);
    }
  }

  const accept = (capacityOverrideReason?: string) => void send({ accept: true, ...(assigneeId ? { assigneeId } : {}), ...(capacityOverrideReason ? { capacityOverrideReason } : {}) });
  const overCapacity = problem?.code === 'CAPACITY_EXCEEDED';

  return (
    <Paper withBorder={!bare} p={bare ? 0 : 'md'} component="section" {...(bare ? { 'aria-label': t('respond.title') } : { 'aria-labelledby': `respond-${task.id}` })}>
      <Stack gap="sm">
        {!bare && (
          <>
            <Title order={headingOrder} size="h4" id={`respond-${task.id}`}>
              {t('respond.title')}
            </Title>
            <Text size="sm">{t('respond.body', { organisation: task.organisation.name })}</Text>
          </>
        )}
        {mode === 'idle' && (
          <Group align="flex-end" gap="sm" wrap="wrap">
            {task.viewerCan.assign && (
              <NativeSelect
                label={t('respond.assignee')}
                value={assigneeId}
                onChange={(event) => {
                  setAssigneeId(event.currentTarget.value);
                  setProblem(null);
                }}
                data={[{ value: '', label: t('respond.noAssignee') }, ...options]}
                error={fieldError(problem, 'assigneeId')}
                style={{ minWidth: 220 }}
              />
            )}
            <Button onClick={() => accept()} loading={loading && mode === 'idle' && !overCapacity} color="green">
              {t('respond.accept')}
            </Button>
            <Button variant="default" onClick={() => setMode('decline')}>
              {t('respond.decline')}
            </Button>
          </Group>
        )}
        {mode === 'decline' && (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (!reason.trim()) {
                setReasonMissing(true);
                return;
              }
              void send({ accept: false, reason: reason.trim() });
            }}
          >
            <Stack gap="xs">
              <Textarea
                label={t('respond.reason')}
                description={t('respond.reasonHelp')}
                value={reason}
                onChange={(event) => {
                  setReason(event.currentTarget.value);
                  setReasonMissing(false);
                  setProblem(null);
                }}
                required
                autosize
                minRows={2}
                error={reasonMissing ? t('respond.reasonRequired') : fieldError(problem, 'reason')}
              />
              <Group gap="sm">
                <Button type="submit" color="red.9" loading={loading}>
                  {t('respond.confirmDecline')}
                </Button>
                <Button variant="default" onClick={() => setMode('idle')}>
                  {t('actions.cancel', { ns: 'common' })}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {overCapacity && problem && (
          <CapacityExceeded
            problem={problem}
            personName={options.find((o) => o.value === assigneeId)?.label}
            canOverride={task.viewerCan.overrideCapacity}
            busy={loading}
            overrideProblem={overrideProblem}
            onOverride={(capacityOverrideReason) => accept(capacityOverrideReason)}
          />
        )}
        {overrideProblem && !isFieldProblem(overrideProblem, ['capacityOverrideReason']) && <ErrorAlert problem={overrideProblem} />}
        {problem && !overCapacity && !isFieldProblem(problem, ['reason', 'assigneeId']) && (
          <ErrorAlert problem={problem}>{problem.code === 'CONFLICT' && onReload && <Button size="xs" variant="white" color="red" onClick={onReload}>{t('reload')}</Button>}</ErrorAlert>
        )}
      </Stack>
    </Paper>
  );
}
