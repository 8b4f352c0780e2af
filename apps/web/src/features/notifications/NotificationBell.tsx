import { ActionIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotificationBell() {
  const { t } = useTranslation('notifications');
  return (
    <ActionIcon component={Link} to="/notifications" variant="subtle" aria-label={t('bell', { count: 0 })}>
      🔔
    </ActionIcon>
  );
}
