import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../ui';

export function HomePage() {
  const { t } = useTranslation('home');
  usePageTitle(t('title'));
  return <Title order={1}>{t('title')}</Title>;
}
