import { ActionIcon, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../ui/format';

export interface AwayPeriod {
  personId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  reason: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (year: number, month: number, day: number) => `${year}-${pad(month + 1)}-${pad(day)}`;

/**
 * Who is away, as a month grid (a table: weeks by rows, weekdays by columns, Monday first), with the month's periods
 * as a list beneath for reading in order. Today is marked for assistive technology too.
 */
export function AwayCalendar({ periods, today, headingOrder = 2 }: { periods: readonly AwayPeriod[]; today: string; headingOrder?: 2 | 3 }) {
  const { t } = useTranslation('workload');
  const format = useFormat();
  const [year0, month0] = today.split('-').map(Number) as [number, number];
  const [shown, setShown] = useState({ year: year0, month: month0 - 1 });
  const monthName = new Intl.DateTimeFormat(format.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(shown.year, shown.month, 15)));
  const weekdays = useMemo(
    () => Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(format.locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i)))),
    [format.locale],
  );
  const weekdaysLong = useMemo(
    () => Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(format.locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i)))),
    [format.locale],
  );
  const daysInMonth = new Date(Date.UTC(shown.year, shown.month + 1, 0)).getUTCDate();
  const offset = (new Date(Date.UTC(shown.year, shown.month, 1)).getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [...Array.from({ length: offset }, () => null), ...Array.from({ length: daysInMonth }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const first = dayOf(shown.year, shown.month, 1);
  const last = dayOf(shown.year, shown.month, daysInMonth);
  const inMonth = periods.filter((p) => p.startsOn <= last && p.endsOn >= first);
  const move = (delta: number) => setShown(({ year, month }) => ({ year: year + Math.floor((month + delta) / 12), month: (((month + delta) % 12) + 12) % 12 }));
  const sub = (headingOrder + 1) as 3 | 4;

  return (
    <Stack gap="sm" component="section" aria-labelledby="away-calendar">
      <Group justify="space-between" wrap="nowrap">
        <Title order={headingOrder} id="away-calendar">
          {t('calendar.title')}
        </Title>
        <Group gap="xs" wrap="nowrap">
          <ActionIcon variant="default" size="lg" onClick={() => move(-1)} aria-label={t('calendar.previous')}>
            ‹
          </ActionIcon>
          <Text fw={600} aria-live="polite" miw={140} ta="center">
            {monthName}
          </Text>
          <ActionIcon variant="default" size="lg" onClick={() => move(1)} aria-label={t('calendar.next')}>
            ›
          </ActionIcon>
        </Group>
      </Group>
      <div style={{ overflowX: 'auto' }}>
        <Table withTableBorder withColumnBorders layout="fixed" miw={560} aria-label={t('calendar.grid', { month: monthName })}>
          <Table.Thead>
            <Table.Tr>
              {weekdays.map((day, i) => (
                <Table.Th key={day} scope="col" ta="center">
                  <abbr title={weekdaysLong[i]} style={{ textDecoration: 'none' }}>
                    {day}
                  </abbr>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weeks.map((week, w) => (
              <Table.Tr key={w}>
                {week.map((day, i) => {
                  if (day === null) return <Table.Td key={i} />;
                  const date = dayOf(shown.year, shown.month, day);
                  const away = periods.filter((p) => p.startsOn <= date && p.endsOn >= date);
                  return (
                    <Table.Td key={i} valign="top" aria-current={date === today ? 'date' : undefined} bg={date === today ? 'blue.0' : undefined} data-date={date}>
                      <Text size="xs" fw={date === today ? 700 : 400}>
                        {day}
                      </Text>
                      {away.map((p) => (
                        <Text key={p.personId} size="xs" c="red.9" fw={600} lh={1.2}>
                          {p.name}
                        </Text>
                      ))}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Title order={sub} size="h5">
        {t('calendar.list', { month: monthName })}
      </Title>
      {inMonth.length === 0 ? (
        <Text size="sm">{t('calendar.none')}</Text>
      ) : (
        <ul data-testid="away-list">
          {inMonth.map((p) => (
            <li key={p.personId}>
              <Text size="sm">{t('calendar.entry', { name: p.name, from: format.date(p.startsOn), to: format.date(p.endsOn), reason: t(`reason.${p.reason}`) })}</Text>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
