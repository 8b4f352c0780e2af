import { Button, Group, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attitude, Level, TriangleRole } from '../gql/graphql';
import { problemOf } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { fieldProblem, onlyFieldProblems } from './problems';
import { ATTITUDES, AddStakeholderMutation, LEVELS, StakeholdersQuery, TRIANGLE_ROLES } from './stakeholders';

const FIELDS = ['name', 'triangleRole', 'interests', 'influence', 'attitude', 'contactDetails', 'notes'];

/** Recording a stakeholder: who, their role in the problem triangle, and (personal data) how to reach them. */
export function AddStakeholderForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation('caseWork');
  const [name, setName] = useState('');
  const [triangleRole, setRole] = useState<TriangleRole | null>(null);
  const [influence, setInfluence] = useState<Level>('MEDIUM');
  const [attitude, setAttitude] = useState<Attitude>('UNKNOWN');
  const [interests, setInterests] = useState('');
  const [contactDetails, setContactDetails] = useState('');
  const [notes, setNotes] = useState('');
  const [add, { loading, error, reset }] = useMutation(AddStakeholderMutation, {
    update(cache, { data }) {
      const added = data?.addStakeholder;
      if (!added) return;
      cache.updateQuery({ query: StakeholdersQuery, variables: { id: caseId } }, (current) =>
        !current || current.case.stakeholders.some((s) => s.id === added.id)
          ? current
          : { ...current, case: { ...current.case, stakeholders: [...current.case.stakeholders, added].sort((a, b) => a.name.localeCompare(b.name)) } },
      );
    },
  });
  const problem = problemOf(error);
  const invalid = t('form.invalid');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!triangleRole) return;
    reset();
    add({ variables: { input: { caseId, name: name.trim(), triangleRole, influence, attitude, interests, contactDetails, notes } } })
      .then(({ data }) => {
        if (data) onDone();
      })
      .catch(() => undefined);
  };

  return (
    <form onSubmit={onSubmit} aria-label={t('stakeholders.add.title')}>
      <Stack gap="sm">
        {problem && !onlyFieldProblems(problem, FIELDS) && <ErrorAlert problem={problem} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('stakeholders.field.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldProblem(problem, 'name', invalid)} />
          <NativeSelect
            label={t('stakeholders.field.triangleRole')}
            data={[{ value: '', label: t('form.choose'), disabled: true }, ...TRIANGLE_ROLES.map((value) => ({ value, label: t(`triangleRole.${value}`) }))]}
            value={triangleRole ?? ''}
            onChange={(e) => setRole((e.currentTarget.value || null) as TriangleRole | null)}
            required
            error={fieldProblem(problem, 'triangleRole', invalid)}
          />
          <NativeSelect
            label={t('stakeholders.field.influence')}
            data={LEVELS.map((value) => ({ value, label: t(`level.${value}`) }))}
            value={influence}
            onChange={(e) => setInfluence(e.currentTarget.value as Level)}
            error={fieldProblem(problem, 'influence', invalid)}
          />
          <NativeSelect
            label={t('stakeholders.field.attitude')}
            data={ATTITUDES.map((value) => ({ value, label: t(`attitude.${value}`) }))}
            value={attitude}
            onChange={(e) => setAttitude(e.currentTarget.value as Attitude)}
            error={fieldProblem(problem, 'attitude', invalid)}
          />
        </SimpleGrid>
        <Textarea label={t('stakeholders.field.interests')} value={interests} onChange={(e) => setInterests(e.currentTarget.value)} autosize minRows={2} error={fieldProblem(problem, 'interests', invalid)} />
        <Textarea
          label={t('stakeholders.field.contactDetails')}
          description={t('stakeholders.add.personalHint')}
          value={contactDetails}
          onChange={(e) => setContactDetails(e.currentTarget.value)}
          autosize
          minRows={2}
          error={fieldProblem(problem, 'contactDetails', invalid)}
        />
        <Textarea label={t('stakeholders.field.notes')} description={t('stakeholders.add.personalHint')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} error={fieldProblem(problem, 'notes', invalid)} />
        <Group>
          <Button type="submit" loading={loading} disabled={name.trim() === '' || !triangleRole}>
            {t('stakeholders.add.submit')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('actions.cancel', { ns: 'common' })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
