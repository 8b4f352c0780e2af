import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ScrollTable } from '../../ui/ScrollTable';

/** A value as the trail stored it: text as is, nothing as a dash, anything else as JSON. */
export function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

/** `changes` of an audit event, `{ field: { before, after } }`, as a table of before → after. */
export function ChangesTable({ changes, label }: { changes: unknown; label: string }) {
  const { t } = useTranslation('audit');
  const entries = changes && typeof changes === 'object' && !Array.isArray(changes) ? Object.entries(changes as Record<string, unknown>) : [];
  if (entries.length === 0) {
    return <Text size="sm">{t('event.noChanges')}</Text>;
  }
  return (
    <ScrollTable minWidth={420} label={label}>
      <Table aria-label={label} withTableBorder fz="sm" data-testid="changes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('event.field')}</Table.Th>
            <Table.Th scope="col">{t('event.before')}</Table.Th>
            <Table.Th scope="col" aria-hidden="true" w={24} />
            <Table.Th scope="col">{t('event.after')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map(([field, change]) => {
            const pair = change && typeof change === 'object' && ('before' in change || 'after' in change) ? (change as { before?: unknown; after?: unknown }) : { before: undefined, after: change };
            return (
              <Table.Tr key={field} data-field={field}>
                <Table.Th scope="row" fw={500}>
                  {field}
                </Table.Th>
                <Table.Td data-testid="before" style={{ wordBreak: 'break-word' }}>
                  {shown(pair.before)}
                </Table.Td>
                <Table.Td aria-hidden="true">→</Table.Td>
                <Table.Td data-testid="after" style={{ wordBreak: 'break-word' }}>
                  {shown(pair.after)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
