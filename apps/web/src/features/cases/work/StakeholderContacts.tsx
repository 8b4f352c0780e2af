import { Button, Stack, Text } from '@mantine/core';
import { useLazyQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemOf } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { StakeholderContactsQuery } from './stakeholders';

/**
 * The deliberate reading of one stakeholder's contact details: nothing is asked for until the button is pressed, and
 * then only this stakeholder (`stakeholder(id)`), so that the API logs one reading; it decides what comes back (null:
 * not shared with the reader's organisation).
 */
export function StakeholderContacts({ stakeholderId, name }: { stakeholderId: string; name: string }) {
  const { t } = useTranslation('caseWork');
  const [shown, setShown] = useState(false);
  const [read, { data, loading, error }] = useLazyQuery(StakeholderContactsQuery, { fetchPolicy: 'no-cache' });
  const problem = problemOf(error);

  if (!shown) {
    return (
      <Button
        size="xs"
        variant="default"
        aria-label={t('stakeholders.contacts.showFor', { name })}
        onClick={() => {
          setShown(true);
          read({ variables: { id: stakeholderId } }).catch(() => undefined);
        }}
      >
        {t('stakeholders.contacts.show')}
      </Button>
    );
  }

  const hide = (
    <Button size="xs" variant="subtle" onClick={() => setShown(false)} aria-label={t('stakeholders.contacts.hideFor', { name })}>
      {t('stakeholders.contacts.hide')}
    </Button>
  );
  if (problem) {
    return (
      <Stack gap={4}>
        <ErrorAlert problem={problem} onRetry={() => void read({ variables: { id: stakeholderId } }).catch(() => undefined)} />
        {hide}
      </Stack>
    );
  }
  if (loading || !data) return <Text size="sm">{t('common:loading')}</Text>;

  const found = data.stakeholder;
  if (found.contactDetails === null) {
    return (
      <Stack gap={4} data-testid="contacts-withheld">
        <Text size="sm" role="status">
          {t('stakeholders.contacts.withheld')}
        </Text>
        {hide}
      </Stack>
    );
  }
  return (
    <Stack gap={4} data-testid="contacts">
      <dl style={{ margin: 0 }}>
        <Text component="dt" size="sm" fw={600}>
          {t('stakeholders.field.contactDetails')}
        </Text>
        <Text component="dd" size="sm" ml={0} style={{ whiteSpace: 'pre-wrap' }}>
          {found.contactDetails || t('stakeholders.contacts.none')}
        </Text>
        <Text component="dt" size="sm" fw={600}>
          {t('stakeholders.field.notes')}
        </Text>
        <Text component="dd" size="sm" ml={0} style={{ whiteSpace: 'pre-wrap' }}>
          {found.notes || t('stakeholders.contacts.none')}
        </Text>
        {found.interests !== null && (
          <>
            <Text component="dt" size="sm" fw={600}>
              {t('stakeholders.field.interests')}
            </Text>
            <Text component="dd" size="sm" ml={0} style={{ whiteSpace: 'pre-wrap' }}>
              {found.interests || t('stakeholders.contacts.none')}
            </Text>
          </>
        )}
      </dl>
      {hide}
    </Stack>
  );
}
