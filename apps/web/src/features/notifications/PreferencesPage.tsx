import { Anchor, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from './gql';
import type { NotificationMode } from './gql/graphql';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/usePageTitle';

export const PreferencesQuery = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      eventType
      mode
      locked
    }
  }
`);

export const SetPreferenceMutation = graphql(`
  mutation SetNotificationPreference($input: SetNotificationPreferenceInput!) {
    setNotificationPreference(input: $input) {
      eventType
      mode
      locked
    }
  }
`);

const MODES: readonly NotificationMode[] = ['IMMEDIATE', 'DIGEST', 'OFF'];
const GROUPS = ['task', 'case', 'other'] as const;
type GroupName = (typeof GROUPS)[number];

function groupOf(eventType: string): GroupName {
  const prefix = eventType.split('.')[0];
  return prefix === 'task' || prefix === 'case' ? prefix : 'other';
}

interface Preference {
  eventType: string;
  mode: NotificationMode;
  locked: boolean;
}

function PreferenceRow({ preference }: { preference: Preference }) {
  const { t } = useTranslation('notifications');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  /** The choice being saved, shown at once; the API's answer replaces it (or the refusal undoes it). */
  const [pending, setPending] = useState<NotificationMode | null>(null);
  const [save] = useMutation(SetPreferenceMutation);
  /** Choices are saved one after the other, in the order made (arrow keys move through them quickly). */
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const latest = useRef(0);
  const name = t(`eventTypes.${preference.eventType}`, { defaultValue: preference.eventType });

  const choose = (value: string) => {
    const mode = value as NotificationMode;
    // The API fixes a locked type at IMMEDIATE: no other choice is offered, nor sent.
    if (preference.locked && mode !== 'IMMEDIATE') return;
    if (mode === (pending ?? preference.mode)) return;
    setProblem(null);
    setPending(mode);
    const turn = ++latest.current;
    queue.current = queue.current.then(() =>
      save({
        variables: { input: { eventType: preference.eventType, mode } },
        update: (cache, { data }) => {
          const saved = data?.setNotificationPreference;
          if (!saved) return;
          cache.updateQuery({ query: PreferencesQuery }, (current) =>
            current
              ? { ...current, notificationPreferences: current.notificationPreferences.map((p) => (p.eventType === saved.eventType ? { ...p, mode: saved.mode, locked: saved.locked } : p)) }
              : current,
          );
        },
      })
        .catch((error: unknown) => setProblem(problemOf(error)))
        .finally(() => {
          if (turn === latest.current) setPending(null);
        }),
    );
  };

  // A refusal about the choice itself (e.g. a locked type) sits on the choice; anything else beneath it.
  const onField = problem && problem.code === 'BAD_USER_INPUT' ? (problem.fields['mode'] ?? problem.fields['eventType'] ?? null) : null;
  return (
    <Paper withBorder p="sm" data-event-type={preference.eventType}>
      <Radio.Group
        label={name}
        value={pending ?? preference.mode}
        onChange={choose}
        description={
          preference.locked ? (
            <Text span size="xs" c="gray.7">
              {t('preferences.lockedWhy')}
            </Text>
          ) : undefined
        }
        error={onField ? (onField[0] ?? problem?.message) : undefined}
      >
        <Group mt="xs" gap="lg" wrap="wrap">
          {MODES.map((mode) => (
            <Radio key={mode} value={mode} label={t(`modes.${mode}`)} disabled={preference.locked && mode !== 'IMMEDIATE'} />
          ))}
          {preference.locked && (
            <Text size="sm" fw={600}>
              {t('preferences.locked')}
            </Text>
          )}
        </Group>
      </Radio.Group>
      {problem && !onField && (
        <Stack mt="xs">
          <ErrorAlert problem={problem} />
        </Stack>
      )}
    </Paper>
  );
}

/** Per event type: an e-mail at once, in the daily digest, or nothing; escalations always at once (locked). */
export function PreferencesPage() {
  const { t } = useTranslation('notifications');
  usePageTitle(t('preferences.title'));
  const { data, error, loading, refetch } = useQuery(PreferencesQuery);

  let body: React.ReactNode;
  if (!data && loading) body = <Loading label={t('loading')} size="sm" />;
  else if (!data) {
    const problem = problemOf(error);
    body = problem ? <ErrorAlert problem={problem} onRetry={() => void refetch()} /> : null;
  } else {
    body = GROUPS.map((group) => {
      const preferences = data.notificationPreferences.filter((p) => groupOf(p.eventType) === group);
      if (preferences.length === 0) return null;
      return (
        <Stack key={group} gap="xs" component="section" aria-labelledby={`preferences-${group}`}>
          <Title order={2} size="h3" id={`preferences-${group}`}>
            {t(`preferences.groups.${group}`)}
          </Title>
          {preferences.map((preference) => (
            <PreferenceRow key={preference.eventType} preference={preference} />
          ))}
        </Stack>
      );
    });
  }

  return (
    <Stack gap="md" maw={860}>
      <Stack gap={4}>
        <Title order={1}>{t('preferences.title')}</Title>
        <Text>{t('preferences.intro')}</Text>
        <Text size="sm" c="gray.7">
          {t('preferences.modesExplained')}
        </Text>
        <Anchor component={Link} to="/notifications" size="sm">
          {t('preferences.back')}
        </Anchor>
      </Stack>
      {body}
    </Stack>
  );
}
