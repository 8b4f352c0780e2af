import { Anchor, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from './gql';
import type { MarkUnavailableMutation as Marked, UnavailabilityReason } from './gql/graphql';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { AssignTaskForm } from '../tasks';

export const MarkUnavailableMutation = graphql(`
  mutation MarkUnavailable($input: MarkUnavailableInput!) {
    markUnavailable(input: $input) {
      id
      title
      caseReference
      dueDate
      effortPoints
      status
      version
      needsReassignment
      organisation {
        id
      }
      assignee {
        id
        displayName
      }
      viewerCan {
        assign
        overrideCapacity
      }
    }
  }
`);

const REASONS: UnavailabilityReason[] = ['LEAVE', 'SICK_LEAVE', 'TRAINING', 'OTHER'];

function fieldOf(problem: ApiProblem | null, field: string): string | undefined {
  if (!problem) return undefined;
  return problem.fields[field]?.length || problem.extensions.field === field ? problem.message : undefined;
}

/**
 * A coordinator records a colleague's period away; the API flags that person's open tasks due from its first day,
 * and they are listed here to reassign (with the workload guard on each assignment).
 */
export function MarkUnavailableForm({ people, today, onChanged }: { people: readonly { id: string; name: string }[]; today: string; onChanged: () => void }) {
  const { t } = useTranslation('workload');
  const format = useFormat();
  const [userId, setUserId] = useState(people[0]?.id ?? '');
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState(today);
  const [reason, setReason] = useState<UnavailabilityReason>('LEAVE');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [flagged, setFlagged] = useState<{ name: string; tasks: Marked['markUnavailable'] } | null>(null);
  const [assigned, setAssigned] = useState<string[]>([]);
  const [mark, { loading }] = useMutation(MarkUnavailableMutation);

  async function send() {
    try {
      const result = await mark({ variables: { input: { userId, startsOn, endsOn, reason } } });
      setProblem(null);
      setAssigned([]);
      setFlagged({ name: people.find((p) => p.id === userId)?.name ?? '', tasks: result.data?.markUnavailable ?? [] });
      onChanged();
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  const onField = ['userId', 'startsOn', 'endsOn', 'reason'].some((f) => fieldOf(problem, f));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="mark-unavailable">
      <Stack gap="sm">
        <Title order={2} id="mark-unavailable">
          {t('away.title')}
        </Title>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <NativeSelect label={t('away.person')} value={userId} onChange={(e) => setUserId(e.currentTarget.value)} data={people.map((p) => ({ value: p.id, label: p.name }))} required error={fieldOf(problem, 'userId')} />
            <TextInput type="date" label={t('away.from')} value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} required error={fieldOf(problem, 'startsOn')} />
            <TextInput type="date" label={t('away.to')} value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} required error={fieldOf(problem, 'endsOn')} />
            <NativeSelect label={t('away.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value as UnavailabilityReason)} data={REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))} error={fieldOf(problem, 'reason')} />
            <Button type="submit" loading={loading} disabled={!userId}>
              {t('away.submit')}
            </Button>
          </Group>
        </form>
        {problem && !onField && <ErrorAlert problem={problem} />}
        {flagged && (
          <Stack gap="sm" aria-live="polite" data-testid="flagged">
            <Text fw={600}>{flagged.tasks.length === 0 ? t('away.noneFlagged', { name: flagged.name }) : t('away.flagged', { name: flagged.name, count: flagged.tasks.length })}</Text>
            {flagged.tasks.length > 0 && (
              <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
                {flagged.tasks.map((task) => (
                  <Paper key={task.id} withBorder p="sm" component="li">
                    <Anchor component={Link} to={`/tasks/${task.id}`} fw={600}>
                      {task.title}
                    </Anchor>
                    <Text size="sm">
                      {t('away.taskLine', { reference: task.caseReference, due: format.date(task.dueDate), points: task.effortPoints })}
                    </Text>
                    {assigned.includes(task.id) ? (
                      <Text size="sm" c="teal.9" fw={600}>
                        {t('away.reassigned')}
                      </Text>
                    ) : task.viewerCan.assign ? (
                      <AssignTaskForm
                        task={task}
                        onAssigned={() => {
                          setAssigned((ids) => [...ids, task.id]);
                          onChanged();
                        }}
                      />
                    ) : (
                      <Text size="sm">{t('away.cannotAssign')}</Text>
                    )}
                  </Paper>
                ))}
              </Stack>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
