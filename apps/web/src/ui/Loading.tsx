import { Group, Loader, VisuallyHidden, type MantineSize } from '@mantine/core';

/** A spinner that screen readers announce by name (a Loader alone is a span with no role, which cannot carry a label). */
export function Loading({ label, size = 'sm' }: { label: string; size?: MantineSize }) {
  return (
    <Group role="status" gap="xs">
      <Loader size={size} aria-hidden />
      <VisuallyHidden>{label}</VisuallyHidden>
    </Group>
  );
}
