import { Button, Group, NativeSelect, NumberInput, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { graphql } from './gql';
import type { CasePriority } from './gql/graphql';
import { problemOf, useViewer, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { CapacityExceeded } from './CapacityExceeded';
import { AssignablePeopleQuery } from './documents';
import { fieldError, isFieldProblem } from './problems';
import { warsawDay } from './TasksPage';

export const CreateTaskMutation = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      ...TaskDetailFields
    }
  }
`);

const PRIORITIES: CasePriority[] = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
const FIELDS = ['title', 'description', 'organisationId', 'dueDate', 'effortPoints', 'priority', 'assigneeId', 'actionId'];

export interface TaskTarget {
  id: string;
  name: string;
}

/**
 * A new task on a case: for my organisation (optionally naming who does it) or, for another participant, a request
 * it accepts or declines. The API decides; its refusals sit on their fields.
 */
export function CreateTaskForm({
  caseId,
  organisations,
  actions,
  defaultActionId,
  onCreated,
  onClose,
}: {
  caseId: string;
  organisations: readonly TaskTarget[];
  actions: readonly { id: string; title: string }[];
  defaultActionId?: string;
  onCreated?: (taskId: string) => void;
  onClose?: () => void;
}) {
  const { t } = useTranslation('tasks');
  const viewer = useViewer();
  const navigate = useNavigate();
  const own = viewer?.organisation.id ?? '';
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [organisationId, setOrganisationId] = useState(organisations.some((o) => o.id === own) ? own : (organisations[0]?.id ?? ''));
  const [actionId, setActionId] = useState(defaultActionId ?? '');
  const [dueDate, setDueDate] = useState(warsawDay(7));
  const [priority, setPriority] = useState<CasePriority>('MEDIUM');
  const [effortPoints, setEffortPoints] = useState<number>(1);
  const [assigneeId, setAssigneeId] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [create, { loading }] = useMutation(CreateTaskMutation);
  const isRequest = organisationId !== own;
  const people = useQuery(AssignablePeopleQuery, { variables: { organisationId: own }, skip: !own || isRequest });

  async function send(withAssignee: boolean) {
    try {
      const result = await create({
        variables: {
          input: {
            caseId,
            title: title.trim(),
            description: description.trim(),
            organisationId,
            dueDate,
            priority,
            effortPoints,
            ...(actionId ? { actionId } : {}),
            ...(withAssignee && assigneeId && !isRequest ? { assigneeId } : {}),
          },
        },
      });
      setProblem(null);
      const id = result.data?.createTask.id;
      if (id) {
        if (withAssignee) onCreated?.(id);
        // Created without the person the guard refused: the task page offers the assignment (and the override, to those the API allows).
        else void navigate(`/tasks/${id}`);
      }
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  const fe = (field: string) => fieldError(problem, field);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`new-task-${caseId}`}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void send(true);
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h4" id={`new-task-${caseId}`}>
            {t('create.title')}
          </Title>
          <TextInput label={t('field.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={fe('title')} />
          <Textarea label={t('field.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} error={fe('description')} />
          <Group grow align="flex-start" wrap="wrap">
            <NativeSelect
              label={t('create.organisation')}
              description={isRequest ? t('create.requestHelp') : t('create.ownHelp')}
              value={organisationId}
              onChange={(e) => {
                setOrganisationId(e.currentTarget.value);
                setAssigneeId('');
              }}
              data={organisations.map((o) => ({ value: o.id, label: o.id === own ? t('create.ownOrganisation', { name: o.name }) : o.name }))}
              error={fe('organisationId')}
              required
            />
            {!isRequest && (
              <NativeSelect
                label={t('field.assignee')}
                value={assigneeId}
                onChange={(e) => setAssigneeId(e.currentTarget.value)}
                data={[{ value: '', label: t('create.noAssignee') }, ...(people.data?.users.edges ?? []).map(({ node }) => ({ value: node.id, label: node.displayName }))]}
                error={fe('assigneeId')}
              />
            )}
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput type="date" label={t('field.due')} value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} required error={fe('dueDate')} />
            <NativeSelect label={t('field.priority')} value={priority} onChange={(e) => setPriority(e.currentTarget.value as CasePriority)} data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} error={fe('priority')} />
            <NumberInput label={t('field.effort')} description={t('create.effortHelp')} value={effortPoints} onChange={(v) => setEffortPoints(typeof v === 'number' ? v : Number(v) || 1)} min={1} max={40} allowDecimal={false} error={fe('effortPoints')} />
          </Group>
          {actions.length > 0 && (
            <NativeSelect label={t('create.action')} value={actionId} onChange={(e) => setActionId(e.currentTarget.value)} data={[{ value: '', label: t('create.noAction') }, ...actions.map((a) => ({ value: a.id, label: a.title }))]} error={fe('actionId')} />
          )}
          {isRequest && <Text size="sm">{t('create.requestNote')}</Text>}
          <Group gap="sm">
            <Button type="submit" loading={loading}>
              {isRequest ? t('create.submitRequest') : t('create.submit')}
            </Button>
            {onClose && (
              <Button variant="default" onClick={onClose}>
                {t('actions.cancel', { ns: 'common' })}
              </Button>
            )}
          </Group>
          {problem?.code === 'CAPACITY_EXCEEDED' && (
            <CapacityExceeded problem={problem} canOverride={false} note={t('create.unassignedNote')}>
              <Button variant="white" color="orange" onClick={() => void send(false)} loading={loading}>
                {t('create.unassigned')}
              </Button>
            </CapacityExceeded>
          )}
          {problem && problem.code !== 'CAPACITY_EXCEEDED' && !isFieldProblem(problem, FIELDS) && <ErrorAlert problem={problem} />}
        </Stack>
      </form>
    </Paper>
  );
}
