import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const STATUS_COLOUR: Record<string, string> = {
  PROPOSED: 'gray',
  ACCEPTED: 'blue.8',
  IN_PROGRESS: 'indigo.8',
  BLOCKED: 'yellow.5',
  DONE: 'teal.9',
  DECLINED: 'red.9',
  CANCELLED: 'dark',
};

/**
 * Badges keep their whole word: Mantine's badge otherwise shrinks with a narrow table column and cuts the word to
 * "ACCEP…", and a status one cannot read is no status (the column widens instead; phones show cards).
 */
const WHOLE = { root: { maxWidth: 'none', flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } } as const;

export function TaskStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('tasks');
  return (
    <Badge color={STATUS_COLOUR[status] ?? 'gray'} variant="filled" styles={WHOLE}>
      {t(`status.${status}`)}
    </Badge>
  );
}

// Shades chosen for contrast with the text Mantine puts on them (autoContrast: white on dark, black on light).

/** Overdue stands out by its word, not only by colour. */
export function OverdueBadge() {
  const { t } = useTranslation('tasks');
  return (
    <Badge color="red.9" variant="filled" styles={WHOLE}>
      {t('overdue')}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation('tasks');
  return (
    <Badge color={priority === 'URGENT' ? 'red.9' : priority === 'HIGH' ? 'yellow.5' : 'gray'} variant="filled" styles={WHOLE}>
      {t(`priority.${priority}`)}
    </Badge>
  );
}
