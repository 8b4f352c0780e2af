import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const STATUS_COLOUR: Record<string, string> = {
  PROPOSED: 'gray',
  ACCEPTED: 'blue',
  IN_PROGRESS: 'indigo',
  BLOCKED: 'orange',
  DONE: 'green',
  DECLINED: 'red',
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

/** Overdue stands out by its word, not only by colour. */
export function OverdueBadge() {
  const { t } = useTranslation('tasks');
  return (
    <Badge color="red" variant="filled">
      {t('overdue')}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation('tasks');
  return (
    <Badge color={priority === 'URGENT' ? 'red' : priority === 'HIGH' ? 'orange' : 'gray'} variant="filled">
      {t(`priority.${priority}`)}
    </Badge>
  );
}
