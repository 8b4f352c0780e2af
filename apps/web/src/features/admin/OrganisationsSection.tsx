import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from './gql';
import type { AdminOrganisationsQuery, OrganisationKind } from './gql/graphql';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { OrganisationsQuery } from './documents';
import { fieldError, isFieldProblem } from './problems';
import { Refused } from './Refused';

export const CreateOrganisationMutation = graphql(`
  mutation AdminCreateOrganisation($input: CreateOrganisationInput!) {
    createOrganisation(input: $input) {
      id
      name
      code
      kind
      area
      active
      parentId
      version
    }
  }
`);

export const KINDS: OrganisationKind[] = ['POLICE_UNIT', 'MUNICIPALITY', 'MUNICIPAL_GUARD', 'SOCIAL_SERVICES', 'SCHOOL', 'HOUSING', 'NGO', 'OTHER'];

type Org = AdminOrganisationsQuery['organisations']['edges'][number]['node'];

/** Children by parent id; an organisation whose parent is not visible is shown as a root. */
export function treeOf(orgs: readonly Org[]): { roots: Org[]; children: Map<string, Org[]> } {
  const ids = new Set(orgs.map((o) => o.id));
  const children = new Map<string, Org[]>();
  const roots: Org[] = [];
  const byName = [...orgs].sort((a, b) => a.name.localeCompare(b.name));
  for (const org of byName) {
    if (org.parentId && ids.has(org.parentId)) children.set(org.parentId, [...(children.get(org.parentId) ?? []), org]);
    else roots.push(org);
  }
  return { roots, children };
}

function Branch({ orgs, children, level }: { orgs: readonly Org[]; children: Map<string, Org[]>; level: number }) {
  const { t } = useTranslation('admin');
  return (
    <ul style={{ listStyle: 'none', margin: 0, paddingLeft: level === 0 ? 0 : 24 }} data-testid={level === 0 ? 'org-tree' : undefined}>
      {orgs.map((org) => (
        <li key={org.id} data-testid="org" data-org={org.name} data-level={level}>
          <Paper withBorder p="xs" my={4}>
            <Group gap="xs" wrap="wrap">
              <Text fw={600}>{org.name}</Text>
              <Text size="sm">({org.code})</Text>
              <Badge variant="light" color="gray">{t(`kind.${org.kind}`)}</Badge>
              {!org.active && <Badge color="red" variant="outline">{t('organisations.inactive')}</Badge>}
            </Group>
            <Text size="sm">{org.area ? t('organisations.area', { area: org.area }) : t('organisations.noArea')}</Text>
          </Paper>
          {children.get(org.id) && <Branch orgs={children.get(org.id)!} children={children} level={level + 1} />}
        </li>
      ))}
    </ul>
  );
}

const FIELDS = ['name', 'code', 'kind', 'parentId', 'area'] as const;

function CreateOrganisationForm({ orgs, onCreated }: { orgs: readonly Org[]; onCreated: () => void }) {
  const { t } = useTranslation('admin');
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<OrganisationKind>('NGO');
  const [parentId, setParentId] = useState('');
  const [area, setArea] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [create, { loading }] = useMutation(CreateOrganisationMutation);

  async function send() {
    try {
      const result = await create({ variables: { input: { name: name.trim(), code: code.trim(), kind, ...(parentId ? { parentId } : {}), ...(area.trim() ? { area: area.trim() } : {}) } } });
      setProblem(null);
      setDone(result.data?.createOrganisation.name ?? name);
      setName('');
      setCode('');
      setArea('');
      onCreated();
    } catch (error) {
      setDone(null);
      setProblem(problemOf(error));
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="create-org">
      <Title order={3} id="create-org" mb="sm">
        {t('organisations.create')}
      </Title>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput label={t('organisations.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldError(problem, 'name')} />
          <TextInput label={t('organisations.code')} description={t('organisations.codeHelp')} value={code} onChange={(e) => setCode(e.currentTarget.value.toUpperCase())} required error={fieldError(problem, 'code')} />
          <NativeSelect label={t('organisations.kind')} value={kind} onChange={(e) => setKind(e.currentTarget.value as OrganisationKind)} data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} error={fieldError(problem, 'kind')} />
          <NativeSelect label={t('organisations.parent')} value={parentId} onChange={(e) => setParentId(e.currentTarget.value)} data={[{ value: '', label: t('organisations.noParent') }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]} error={fieldError(problem, 'parentId')} />
          <TextInput label={t('organisations.areaLabel')} value={area} onChange={(e) => setArea(e.currentTarget.value)} error={fieldError(problem, 'area')} />
          <Button type="submit" loading={loading}>
            {t('organisations.submit')}
          </Button>
        </Group>
      </form>
      {problem && !isFieldProblem(problem, FIELDS) && <ErrorAlert problem={problem} />}
      {done && (
        <Text role="status" mt="sm" c="teal.9" fw={600}>
          {t('organisations.created', { name: done })}
        </Text>
      )}
    </Paper>
  );
}

/** `/admin/organisations`: the partnership as a tree (parent → children), with kind and area. */
export function OrganisationsSection() {
  const { t } = useTranslation('admin');
  const { data, error, refetch } = useQuery(OrganisationsQuery);
  const orgs = data?.organisations.edges.map((e) => e.node) ?? [];
  const { roots, children } = treeOf(orgs);
  return (
    <Stack gap="md" component="section" aria-labelledby="orgs-title">
      <Title order={2} id="orgs-title">
        {t('organisations.title')}
      </Title>
      {!data ? (
        <Refused problem={problemOf(error)} onRetry={() => void refetch()} />
      ) : (
        <>
          <Text size="sm">{t('organisations.count', { count: data.organisations.totalCount })}</Text>
          <Branch orgs={roots} children={children} level={0} />
          <CreateOrganisationForm orgs={orgs} onCreated={() => void refetch()} />
        </>
      )}
    </Stack>
  );
}
