import { Button, Group, Table, Text } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemOf } from '../../../lib';
import { AddStakeholderForm } from '../work/AddStakeholderForm';
import { StakeholderContacts } from '../work/StakeholderContacts';
import { StakeholdersQuery } from '../work/stakeholders';
import { WorkSection } from '../work/WorkSection';
import { ScrollTable } from '../../../ui/ScrollTable';

/**
 * The people, groups and places of the problem triangle. Everyone who may read the case sees name and role; contact
 * details are read one stakeholder at a time, on purpose, because the API logs every reading.
 */
export function StakeholdersSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation('caseWork');
  const { data, loading, error, refetch } = useQuery(StakeholdersQuery, { variables: { id: caseId } });
  const [adding, setAdding] = useState(false);
  const stakeholders = data?.case.stakeholders ?? [];
  const can = data?.case.viewerCan;

  return (
    <WorkSection name="Stakeholders" title={t('stakeholders.title')} loading={loading && !data} problem={data ? null : problemOf(error)} onRetry={() => void refetch()}>
      <Text size="sm" c="dimmed">
        {can?.readStakeholderContacts ? t('stakeholders.contacts.logged') : t('stakeholders.contacts.notShared')}
      </Text>
      {stakeholders.length === 0 ? (
        <Text>{t('stakeholders.empty')}</Text>
      ) : (
        <ScrollTable minWidth={560} label={t('stakeholders.title')}>
          <Table verticalSpacing="xs">
            <Table.Caption>{t('stakeholders.caption', { count: stakeholders.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('stakeholders.field.name')}</Table.Th>
                <Table.Th scope="col">{t('stakeholders.field.triangleRole')}</Table.Th>
                <Table.Th scope="col">{t('stakeholders.field.influence')}</Table.Th>
                <Table.Th scope="col">{t('stakeholders.field.attitude')}</Table.Th>
                <Table.Th scope="col">{t('stakeholders.field.contactDetails')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stakeholders.map((s) => (
                <Table.Tr key={s.id} data-stakeholder-id={s.id}>
                  <Table.Th scope="row" fw={500}>
                    {s.name}
                  </Table.Th>
                  <Table.Td>{t(`triangleRole.${s.triangleRole}`)}</Table.Td>
                  <Table.Td>{s.influence ? t(`level.${s.influence}`) : '—'}</Table.Td>
                  <Table.Td>{s.attitude ? t(`attitude.${s.attitude}`) : '—'}</Table.Td>
                  <Table.Td>{can?.readStakeholderContacts ? <StakeholderContacts stakeholderId={s.id} name={s.name} /> : t('stakeholders.contacts.notSharedShort')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {can?.addStakeholder &&
        (adding ? (
          <AddStakeholderForm caseId={caseId} onDone={() => setAdding(false)} />
        ) : (
          <Group>
            <Button variant="default" onClick={() => setAdding(true)}>
              {t('stakeholders.add.open')}
            </Button>
          </Group>
        ))}
    </WorkSection>
  );
}
