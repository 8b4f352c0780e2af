import { Badge, Button, Checkbox, Group, Modal, NativeSelect, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from './gql';
import type { AdminUsersQuery, Locale, Role } from './gql/graphql';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { OrganisationsQuery } from './documents';
import { fieldError, isFieldProblem } from './problems';
import { Refused } from './Refused';

export const UsersQuery = graphql(`
  query AdminUsers {
    users(first: 100) {
      totalCount
      edges {
        node {
          ...AdminUserFields
        }
      }
    }
  }
  fragment AdminUserFields on User {
    id
    displayName
    email
    locale
    roles
    weeklyCapacity
    active
    version
    organisation {
      id
      name
    }
  }
`);

export const CreateUserMutation = graphql(`
  mutation AdminCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      ...AdminUserFields
    }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation AdminUpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      ...AdminUserFields
    }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation AdminDeactivateUser($input: DeactivateUserInput!) {
    deactivateUser(input: $input) {
      ...AdminUserFields
    }
  }
`);

export const ReactivateUserMutation = graphql(`
  mutation AdminReactivateUser($input: ReactivateUserInput!) {
    reactivateUser(input: $input) {
      ...AdminUserFields
    }
  }
`);

export const ROLES: Role[] = ['ADMIN', 'COORDINATOR', 'STAFF', 'PARTNER', 'ANALYST', 'AUDITOR'];
const LOCALES: Locale[] = ['pl', 'en'];
type User = AdminUsersQuery['users']['edges'][number]['node'];

function RolesField({ value, onChange, error, label }: { value: string[]; onChange: (roles: string[]) => void; error?: string; label: string }) {
  const { t } = useTranslation('admin');
  return (
    <Checkbox.Group label={label} value={value} onChange={onChange} error={error}>
      <Group gap="sm" mt={4} wrap="wrap">
        {ROLES.map((role) => (
          <Checkbox key={role} value={role} label={t(`role.${role}`)} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/** A number typed in a field, or undefined when empty (the API then keeps its default). */
function intOf(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

const CREATE_FIELDS = ['displayName', 'email', 'organisationId', 'password', 'roles', 'locale', 'weeklyCapacity'] as const;

export function CreateUserForm({ organisations, onCreated }: { organisations: readonly { id: string; name: string }[]; onCreated: () => void }) {
  const { t } = useTranslation('admin');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [organisationId, setOrganisationId] = useState(organisations[0]?.id ?? '');
  const [roles, setRoles] = useState<string[]>(['STAFF']);
  const [locale, setLocale] = useState<Locale>('pl');
  const [capacity, setCapacity] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [create, { loading }] = useMutation(CreateUserMutation);

  async function send() {
    const weeklyCapacity = intOf(capacity);
    try {
      const result = await create({
        variables: { input: { displayName: displayName.trim(), email: email.trim(), organisationId, roles: roles as Role[], locale, password, ...(weeklyCapacity === undefined ? {} : { weeklyCapacity }) } },
      });
      setProblem(null);
      setCreated(result.data?.createUser.displayName ?? displayName);
      setDisplayName('');
      setEmail('');
      setPassword('');
      setCapacity('');
      onCreated();
    } catch (error) {
      setCreated(null);
      setProblem(problemOf(error));
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="create-user">
      <Title order={3} id="create-user" mb="sm">
        {t('users.create')}
      </Title>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <Stack gap="sm">
          <Group align="flex-start" gap="sm" wrap="wrap" grow>
            <TextInput label={t('users.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} required error={fieldError(problem, 'displayName')} />
            <TextInput type="email" label={t('users.email')} value={email} onChange={(e) => setEmail(e.currentTarget.value)} required error={fieldError(problem, 'email')} />
          </Group>
          <Group align="flex-start" gap="sm" wrap="wrap" grow>
            <NativeSelect label={t('users.organisation')} value={organisationId} onChange={(e) => setOrganisationId(e.currentTarget.value)} data={organisations.map((o) => ({ value: o.id, label: o.name }))} required error={fieldError(problem, 'organisationId')} />
            <NativeSelect label={t('users.locale')} value={locale} onChange={(e) => setLocale(e.currentTarget.value as Locale)} data={LOCALES.map((l) => ({ value: l, label: t(`locale.${l}`) }))} error={fieldError(problem, 'locale')} />
            <TextInput type="number" min={0} label={t('users.capacity')} description={t('users.capacityHelp')} value={capacity} onChange={(e) => setCapacity(e.currentTarget.value)} error={fieldError(problem, 'weeklyCapacity')} />
          </Group>
          <RolesField label={t('users.roles')} value={roles} onChange={setRoles} error={fieldError(problem, 'roles')} />
          <PasswordInput label={t('users.password')} description={t('users.passwordHelp')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required error={fieldError(problem, 'password')} autoComplete="new-password" />
          <Group>
            <Button type="submit" loading={loading} disabled={!organisationId}>
              {t('users.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      {problem && !isFieldProblem(problem, CREATE_FIELDS) && <ErrorAlert problem={problem} />}
      {created && (
        <Text role="status" mt="sm" c="teal.9" fw={600}>
          {t('users.created', { name: created })}
        </Text>
      )}
    </Paper>
  );
}

const EDIT_FIELDS = ['weeklyCapacity', 'roles', 'locale', 'displayName'] as const;

/** Capacity, roles and language; only the fields changed are sent, with the version read (a stale one is CONFLICT). */
function EditUserForm({ user, onDone, onReload }: { user: User; onDone: () => void; onReload: () => void }) {
  const { t } = useTranslation('admin');
  const [capacity, setCapacity] = useState(String(user.weeklyCapacity));
  const [roles, setRoles] = useState<string[]>([...user.roles]);
  const [locale, setLocale] = useState<Locale>(user.locale);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [update, { loading }] = useMutation(UpdateUserMutation);

  async function send() {
    const weeklyCapacity = intOf(capacity);
    const rolesChanged = [...roles].sort().join() !== [...user.roles].sort().join();
    const input = {
      id: user.id,
      version: user.version,
      ...(weeklyCapacity !== undefined && weeklyCapacity !== user.weeklyCapacity ? { weeklyCapacity } : {}),
      ...(rolesChanged ? { roles: roles as Role[] } : {}),
      ...(locale !== user.locale ? { locale } : {}),
    };
    if (Object.keys(input).length === 2) return onDone();
    try {
      await update({ variables: { input } });
      setProblem(null);
      onDone();
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }} aria-label={t('users.editOf', { name: user.displayName })}>
      <Stack gap="sm" mt="sm">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput type="number" min={0} label={t('users.capacity')} value={capacity} onChange={(e) => setCapacity(e.currentTarget.value)} error={fieldError(problem, 'weeklyCapacity')} />
          <NativeSelect label={t('users.locale')} value={locale} onChange={(e) => setLocale(e.currentTarget.value as Locale)} data={LOCALES.map((l) => ({ value: l, label: t(`locale.${l}`) }))} error={fieldError(problem, 'locale')} />
        </Group>
        <RolesField label={t('users.roles')} value={roles} onChange={setRoles} error={fieldError(problem, 'roles')} />
        <Group gap="sm">
          <Button type="submit" loading={loading}>
            {t('actions.save', { ns: 'common' })}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('actions.cancel', { ns: 'common' })}
          </Button>
        </Group>
        {problem && !isFieldProblem(problem, EDIT_FIELDS) && (
          <ErrorAlert problem={problem}>
            {problem.code === 'CONFLICT' && (
              <Button size="xs" variant="white" color="red" onClick={onReload}>
                {t('actions.reload', { ns: 'common' })}
              </Button>
            )}
          </ErrorAlert>
        )}
      </Stack>
    </form>
  );
}

function UserCard({ user, onReload }: { user: User; onReload: () => void }) {
  const { t } = useTranslation('admin');
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [deactivate, { loading: deactivating }] = useMutation(DeactivateUserMutation);
  const [reactivate, { loading: reactivating }] = useMutation(ReactivateUserMutation);

  async function run(action: 'deactivate' | 'reactivate') {
    try {
      const variables = { input: { id: user.id, version: user.version } };
      if (action === 'deactivate') await deactivate({ variables });
      else await reactivate({ variables });
      setProblem(null);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setConfirming(false);
    }
  }

  return (
    <Paper withBorder p="sm" component="li" data-testid="user" data-user={user.displayName}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div>
          <Group gap="xs">
            <Text fw={600}>{user.displayName}</Text>
            {user.active ? <Badge color="green" variant="light">{t('users.active')}</Badge> : <Badge color="red" variant="outline">{t('users.inactive')}</Badge>}
          </Group>
          <Text size="sm">{user.email} · {user.organisation.name}</Text>
          <Text size="sm">
            {t('users.summary', { roles: user.roles.map((r) => t(`role.${r}`)).join(', '), capacity: user.weeklyCapacity, locale: t(`locale.${user.locale}`) })}
          </Text>
        </div>
        <Group gap="xs">
          {!editing && (
            <Button size="xs" variant="default" onClick={() => setEditing(true)} aria-label={t('users.editOf', { name: user.displayName })}>
              {t('actions.edit', { ns: 'common' })}
            </Button>
          )}
          {user.active ? (
            <Button size="xs" color="red" variant="outline" onClick={() => setConfirming(true)} aria-label={t('users.deactivateOf', { name: user.displayName })}>
              {t('users.deactivate')}
            </Button>
          ) : (
            <Button size="xs" variant="outline" loading={reactivating} onClick={() => void run('reactivate')} aria-label={t('users.reactivateOf', { name: user.displayName })}>
              {t('users.reactivate')}
            </Button>
          )}
        </Group>
      </Group>
      {editing && <EditUserForm user={user} onDone={() => setEditing(false)} onReload={onReload} />}
      {problem && (
        <ErrorAlert problem={problem}>
          {problem.code === 'CONFLICT' && (
            <Button size="xs" variant="white" color="red" onClick={onReload}>
              {t('actions.reload', { ns: 'common' })}
            </Button>
          )}
        </ErrorAlert>
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('users.confirmTitle', { name: user.displayName })}
        closeButtonProps={{ 'aria-label': t('actions.close', { ns: 'common' }) }}
      >
        <Stack gap="sm">
          <Text>{t('users.confirmBody')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('actions.cancel', { ns: 'common' })}
            </Button>
            <Button color="red" loading={deactivating} onClick={() => void run('deactivate')}>
              {t('users.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/** `/admin/users`: the people the API lets the viewer see; create, edit, deactivate, reactivate. */
export function UsersSection() {
  const { t } = useTranslation('admin');
  const { data, error, refetch } = useQuery(UsersQuery);
  const organisations = useQuery(OrganisationsQuery);
  const orgs = (organisations.data?.organisations.edges.map((e) => e.node) ?? []).filter((o) => o.active);
  return (
    <Stack gap="md" component="section" aria-labelledby="users-title">
      <Title order={2} id="users-title">
        {t('users.title')}
      </Title>
      {!data ? (
        <Refused problem={problemOf(error)} onRetry={() => void refetch()} />
      ) : (
        <>
          <Text size="sm">{t('users.count', { count: data.users.totalCount })}</Text>
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {data.users.edges.map(({ node }) => (
              <UserCard key={node.id} user={node} onReload={() => void refetch()} />
            ))}
          </Stack>
        </>
      )}
      {orgs.length > 0 && <CreateUserForm organisations={orgs} onCreated={() => void refetch()} />}
    </Stack>
  );
}
