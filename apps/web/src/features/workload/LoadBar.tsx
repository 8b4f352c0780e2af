import { Badge, Box, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../ui/format';

/**
 * A person's load against capacity. Over capacity stands out three ways: the part beyond capacity is red and
 * hatched past a capacity mark, and a badge says by how much (so it does not rest on colour).
 */
export function LoadBar({ name, load, capacity, overCapacity }: { name: string; load: number; capacity: number; overCapacity: boolean }) {
  const { t } = useTranslation('workload');
  const format = useFormat();
  const scale = Math.max(capacity, load, 1);
  const within = (Math.min(load, capacity) / scale) * 100;
  const over = overCapacity ? ((load - capacity) / scale) * 100 : 0;
  const mark = (capacity / scale) * 100;
  const percent = capacity > 0 ? Math.round((load / capacity) * 100) : load > 0 ? null : 0;
  return (
    <div data-testid="load-bar" data-over-capacity={overCapacity ? 'true' : 'false'}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={500}>
          {t('bar.figures', { load: format.number(load), capacity: format.number(capacity) })}
          {percent !== null && ` (${format.number(percent)} %)`}
        </Text>
        {overCapacity && (
          <Badge color="red.9" variant="filled" data-testid="over-capacity">
            {t('bar.over', { name, points: format.number(load - capacity) })}
          </Badge>
        )}
      </Group>
      <Box aria-hidden pos="relative" h={14} mt={4} bg="gray.2" style={{ borderRadius: 4, overflow: 'hidden' }}>
        <Box pos="absolute" left={0} top={0} bottom={0} w={`${within}%`} bg={overCapacity ? 'red.8' : 'blue.8'} />
        {over > 0 && (
          <Box
            pos="absolute"
            left={`${mark}%`}
            top={0}
            bottom={0}
            w={`${over}%`}
            style={{ backgroundImage: 'repeating-linear-gradient(45deg, var(--mantine-color-red-9) 0 4px, var(--mantine-color-red-4) 4px 8px)' }}
          />
        )}
        {overCapacity && <Box pos="absolute" left={`calc(${mark}% - 1px)`} top={0} bottom={0} w={2} bg="dark.9" />}
      </Box>
    </div>
  );
}
