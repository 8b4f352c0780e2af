import { Anchor, Badge, Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from './gql';
import type { Locale } from './gql/graphql';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { usePageTitle } from '../../ui/usePageTitle';
import { ChangePasswordForm } from './ChangePasswordForm';

export const ProfileQuery = graphql(`
  query MyProfile {
    me {
      id
      displayName
      email
      locale
      roles
      weeklyCapacity
      version
      organisation {
        id
        name
      }
    }
  }
`);

export const UpdateMyProfileMutation = graphql(`
  mutation UpdateMyProfile($input: UpdateMyProfileInput!) {
    updateMyProfile(input: $input) {
      id
      locale
      version
    }
  }
`);

const LOCALES: Locale[] = ['pl', 'en'];

/**
 * The language saved on the profile (e-mails and notifications use it too). The answer updates `me` in the cache,
 * and the shell follows the profile's language from there.
 */
function LanguageForm({ locale, version }: { locale: Locale; version: number }) {
  const { t } = useTranslation('profile');
  const [value, setValue] = useState<Locale>(locale);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [save, { loading }] = useMutation(UpdateMyProfileMutation);

  async function send() {
    try {
      await save({ variables: { input: { locale: value, version } } });
      setProblem(null);
      setSaved(true);
    } catch (error) {
      setSaved(false);
      setProblem(problemOf(error));
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="language-title">
      <Title order={2} id="language-title" mb="sm">
        {t('language.title')}
      </Title>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <Stack gap="sm">
          <Radio.Group label={t('language.label')} description={t('language.help')} value={value} onChange={(v) => { setValue(v as Locale); setSaved(false); }}>
            <Group gap="md" mt={4}>
              {LOCALES.map((l) => (
                <Radio key={l} value={l} label={t(`language.${l}`)} />
              ))}
            </Group>
          </Radio.Group>
          <Group>
            <Button type="submit" loading={loading} disabled={value === locale}>
              {t('language.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      {problem && <ErrorAlert problem={problem} />}
      {saved && (
        <Text role="status" mt="sm" c="teal.9" fw={600}>
          {t('language.saved')}
        </Text>
      )}
    </Paper>
  );
}

/** `/profile`: who I am, my language, my password, my notification preferences, my weekly capacity. */
export function ProfilePage() {
  const { t } = useTranslation('profile');
  const format = useFormat();
  usePageTitle(t('title'));
  const { data, error, refetch } = useQuery(ProfileQuery);
  const problem = problemOf(error);
  if (!data) {
    return (
      <Stack gap="md" data-page="profile">
        <Title order={1}>{t('title')}</Title>
        {problem ? <ErrorAlert problem={problem} onRetry={() => void refetch()} /> : <Text>{t('loading', { ns: 'common' })}</Text>}
      </Stack>
    );
  }
  const me = data.me;
  return (
    <Stack gap="lg" data-page="profile">
      <Title order={1}>{t('title')}</Title>
      <Paper withBorder p="md" component="section" aria-labelledby="me-title">
        <Title order={2} id="me-title" mb="sm">
          {me.displayName}
        </Title>
        <Text>{me.email}</Text>
        <Text>{me.organisation.name}</Text>
        <Group gap="xs" mt="xs">
          {me.roles.map((role) => (
            <Badge key={role} variant="light">
              {t(`role.${role}`)}
            </Badge>
          ))}
        </Group>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="capacity-title">
        <Title order={2} id="capacity-title" mb="sm">
          {t('capacity.title')}
        </Title>
        <Text data-testid="my-capacity">{t('capacity.value', { points: format.number(me.weeklyCapacity) })}</Text>
        <Text size="sm">{t('capacity.help')}</Text>
      </Paper>
      <LanguageForm locale={me.locale} version={me.version} />
      <ChangePasswordForm />
      <Paper withBorder p="md" component="section" aria-labelledby="notifications-title">
        <Title order={2} id="notifications-title" mb="sm">
          {t('notifications.title')}
        </Title>
        <Text size="sm" mb="xs">{t('notifications.help')}</Text>
        <Anchor component={Link} to="/notifications/preferences">
          {t('notifications.link')}
        </Anchor>
      </Paper>
    </Stack>
  );
}
