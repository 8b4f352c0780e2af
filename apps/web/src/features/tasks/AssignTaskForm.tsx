import { Button, Group, NativeSelect, Stack } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { CapacityExceeded } from './CapacityExceeded';
import { AssignablePeopleQuery, AssignTaskMutation } from './documents';
import { fieldError, isFieldProblem } from './problems';

export interface AssignableTask {
  id: string;
  version: number;
  organisation: { id: string };
  assignee: { id: string; displayName: string } | null;
  viewerCan: { overrideCapacity: boolean };
}

/**
 * Names who does a task. The workload guard answers CAPACITY_EXCEEDED with the figures; a reader the API lets
 * override gives a reason and assigns anyway. Shown only where `viewerCan.assign` says so (by the caller).
 */
export function AssignTaskForm({ task, onAssigned, onReload }: { task: AssignableTask; onAssigned?: () => void; onReload?: () => void }) {
  const { t } = useTranslation('tasks');
  const people = useQuery(AssignablePeopleQuery, { variables: { organisationId: task.organisation.id } });
  const [assigneeId, setAssigneeId] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [overrideProblem, setOverrideProblem] = useState<ApiProblem | null>(null);
  const [assign, { loading }] = useMutation(AssignTaskMutation);

  const options = (people.data?.users.edges ?? []).map(({ node }) => ({ value: node.id, label: node.displayName })).filter((o) => o.value !== task.assignee?.id);
  const chosen = options.find((o) => o.value === assigneeId);

  async function send(reason?: string) {
    try {
      await assign({ variables: { input: { id: task.id, version: task.version, assigneeId, ...(reason ? { capacityOverrideReason: reason } : {}) } } });
      setProblem(null);
      setOverrideProblem(null);
      setAssigneeId('');
      onAssigned?.();
    } catch (error) {
      const found = problemOf(error);
      if (reason && found?.code !== 'CAPACITY_EXCEEDED') setOverrideProblem(found);
      else setProblem(found);
    }
  }

  const overCapacity = problem?.code === 'CAPACITY_EXCEEDED';
  return (
    <Stack gap="sm">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!assigneeId) return;
          setProblem(null);
          setOverrideProblem(null);
          void send();
        }}
      >
        <Group align="flex-end" gap="sm" wrap="wrap">
          <NativeSelect
            label={task.assignee ? t('assign.reassignLabel') : t('assign.label')}
            value={assigneeId}
            onChange={(event) => {
              setAssigneeId(event.currentTarget.value);
              setProblem(null);
              setOverrideProblem(null);
            }}
            data={[{ value: '', label: t('assign.choose') }, ...options]}
            error={fieldError(problem, 'assigneeId')}
            required
            style={{ minWidth: 220 }}
          />
          <Button type="submit" loading={loading && !overCapacity} disabled={!assigneeId}>
            {t('assign.submit')}
          </Button>
        </Group>
      </form>
      {people.error && <ErrorAlert problem={problemOf(people.error)!} onRetry={() => void people.refetch()} />}
      {overCapacity && problem && (
        <CapacityExceeded problem={problem} personName={chosen?.label} canOverride={task.viewerCan.overrideCapacity} busy={loading} overrideProblem={overrideProblem} onOverride={(reason) => void send(reason)} />
      )}
      {overrideProblem && !isFieldProblem(overrideProblem, ['capacityOverrideReason']) && <ErrorAlert problem={overrideProblem} />}
      {problem && !overCapacity && !isFieldProblem(problem, ['assigneeId']) && (
        <ErrorAlert problem={problem}>{problem.code === 'CONFLICT' && onReload && <Button size="xs" variant="white" color="red" onClick={onReload}>{t('reload')}</Button>}</ErrorAlert>
      )}
    </Stack>
  );
}
