import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { NotFound } from '../../ui/NotFound';
import { usePageTitle } from '../../ui/usePageTitle';
import { AgreementsSection } from './AgreementsSection';
import { TemplatesSection } from './TemplatesSection';
import { OrganisationsSection } from './OrganisationsSection';
import { UsersSection } from './UsersSection';
import { WebhooksSection } from './WebhooksSection';

const SECTIONS = ['organisations', 'users', 'agreements', 'webhooks', 'templates'] as const;

/**
 * `/administration/<section>`: one page per administrative list. Not `/admin`: the API keeps `/admin/*` for the queue
 * dashboard (API_PREFIXES in apps/api/src/app/web-app.ts), so a deep link there would never reach the web app. Each
 * section shows what the API lets the viewer read (administrators everything, coordinators their organisation) and
 * explains a refusal from its code.
 */
export function AdminPage() {
  const { t } = useTranslation('admin');
  usePageTitle(t('title'));
  return (
    <Stack gap="lg" data-page="admin">
      <Title order={1}>{t('title')}</Title>
      <Text>{t('intro')}</Text>
      <nav aria-label={t('sections')}>
        <Group gap="xs" wrap="wrap">
          {SECTIONS.map((section) => (
            <NavLink key={section} to={`/administration/${section}`} style={{ textDecoration: 'none' }}>
              {({ isActive }) => (
                <Button component="span" variant={isActive ? 'filled' : 'default'} size="sm">
                  {t(`${section}.nav`)}
                </Button>
              )}
            </NavLink>
          ))}
        </Group>
      </nav>
      <Routes>
        <Route index element={<Navigate to="organisations" replace />} />
        <Route path="organisations" element={<OrganisationsSection />} />
        <Route path="users" element={<UsersSection />} />
        <Route path="agreements" element={<AgreementsSection />} />
        <Route path="webhooks" element={<WebhooksSection />} />
        <Route path="templates" element={<TemplatesSection />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Stack>
  );
}
