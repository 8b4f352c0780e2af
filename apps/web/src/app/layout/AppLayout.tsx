import { Anchor, AppShell, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { NotificationBell } from '../../features/notifications';
import type { Language } from '../../i18n';
import { useSession, useViewer } from '../../lib';
import { NAVIGATION } from '../navigation';
import { LanguageSwitch } from './LanguageSwitch';


/** The signed-in frame: header with the bell, the language and the account; navigation; the page. */
export function AppLayout({ onLanguage }: { onLanguage: (language: Language) => void }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession();
  const viewer = useViewer();
  const location = useLocation();

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <Anchor href="#main" className="cg-skip-link">
        {t('skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} aria-expanded={opened} />
            <Text component="span" fw={700} size="lg">
              {t('appName')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationBell />
            <LanguageSwitch onChange={onLanguage} />
            <Text size="sm" fw={500} visibleFrom="sm" data-testid="viewer-name" title={viewer?.organisation.name}>
              {viewer?.displayName}
            </Text>
            <Button size="compact-sm" variant="default" visibleFrom="sm" onClick={() => void session.signOut()}>
              {t('user.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.main')}>
        {NAVIGATION.filter((item) => !item.roles || item.roles.some((role) => viewer?.roles.includes(role))).map((item) => (
          <NavLink
            key={item.to}
            variant="filled"
            component={RouterNavLink}
            to={item.to}
            end={item.end}
            label={t(item.label)}
            onClick={close}
            active={item.end ? location.pathname === item.to : location.pathname.startsWith(item.to)}
          />
        ))}
        <Stack hiddenFrom="sm" gap="xs" mt="md" pt="md" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <Text size="sm" fw={500}>
            {viewer?.displayName}
          </Text>
          <Button size="compact-sm" variant="default" onClick={() => void session.signOut()}>
            {t('user.signOut')}
          </Button>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<Text>{t('loading')}</Text>}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
