import { Anchor, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { problemOf } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { useFormat } from '../../../ui/format';

export interface WorkItem {
  key: string;
  to: string;
  label: ReactNode;
  detail?: ReactNode;
}

export interface WorkSectionProps {
  id: string;
  title: string;
  empty: string;
  /** How many wait in all (the list shows the first few). */
  count: number | undefined;
  items: WorkItem[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  /** Where the whole list is, when it has its own page. */
  all?: { to: string; label: string };
}

/**
 * One kind of work that waits for the viewer: a count, the first few as links, a message when nothing waits. A
 * refusal hides the section: the API says this viewer cannot have such work (the browser does not guess it).
 */
export function WorkSection({ id, title, empty, count, items, loading, error, onRetry, all }: WorkSectionProps) {
  const { t } = useTranslation('home');
  const { number } = useFormat();
  const problem = problemOf(error);
  if (problem && (problem.code === 'FORBIDDEN' || problem.code === 'NOT_FOUND')) return null;
  const headingId = `home-${id}`;
  return (
    <Card component="section" withBorder padding="md" aria-labelledby={headingId} data-section={id}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          {count !== undefined && (
            <Badge size="lg" style={{ flexShrink: 0 }} styles={{ label: { overflow: 'visible' } }} variant={count > 0 ? 'filled' : 'outline'} color={count > 0 ? 'blue' : 'gray'} aria-label={t('count', { n: number(count) })}>
              {number(count)}
            </Badge>
          )}
        </Group>
        {problem && <ErrorAlert problem={problem} onRetry={onRetry} />}
        {!problem && items === undefined && loading && (
          <Group gap="xs" role="status">
            <Loader size="xs" aria-hidden />
            <Text size="sm">{t('loading')}</Text>
          </Group>
        )}
        {items && items.length === 0 && (
          <Text size="sm" c="gray.7">
            {empty}
          </Text>
        )}
        {items && items.length > 0 && (
          <Stack component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
            {items.map((item) => (
              <li key={item.key}>
                <Anchor component={Link} to={item.to} fw={500}>
                  {item.label}
                </Anchor>
                {item.detail && (
                  <Text size="xs" c="gray.7">
                    {item.detail}
                  </Text>
                )}
              </li>
            ))}
          </Stack>
        )}
        {all && count !== undefined && items && count > items.length && (
          <Anchor component={Link} to={all.to} size="sm">
            {all.label}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}
