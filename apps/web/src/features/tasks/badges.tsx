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

export function TaskStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('tasks');
  return (
    <Badge color={STATUS_COLOUR[status] ?? 'gray'} variant="filled">
      {t(`status.${status}`)}
    </Badge>
  );
}

// Shades chosen for contrast with the text Mantine puts on them (autoContrast: white on dark, black on light).

/** Overdue stands out by its word, not only by colour. */
export function OverdueBadge() {
  const { t } = useTranslation('tasks');
  return (
    <Badge color="red.9" variant="filled">
      {t('overdue')}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation('tasks');
  return (
    <Badge color={priority === 'URGENT' ? 'red.9' : priority === 'HIGH' ? 'yellow.5' : 'gray'} variant="filled">
      {t(`priority.${priority}`)}
    </Badge>
  );
}
