import { Stack, Title } from '@mantine/core';
import { useId, type CSSProperties, type ReactNode } from 'react';
import type { ApiProblem } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { Loading } from '../../../ui/Loading';

/**
 * Mantine's "dimmed" grey (gray.6) is 3.3:1 on white, below WCAG AA for small text: inside the sections (captions,
 * descriptions, times) the darker gray.7 is used instead.
 */
const READABLE_DIMMED = { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' } as CSSProperties;

/**
 * One section of the case page: a titled landmark (h2 under the page's h1), its loading state and the refusal of
 * its query, whatever the code (a case the reader may not see is the page's business; here it is just shown).
 */
export function WorkSection({
  name,
  title,
  loading,
  problem,
  onRetry,
  children,
}: {
  name: string;
  title: string;
  loading: boolean;
  problem: ApiProblem | null;
  onRetry: () => void;
  children?: ReactNode;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} data-section={name} style={READABLE_DIMMED}>
      <Stack gap="sm">
        <Title order={2} id={headingId} size="h3">
          {title}
        </Title>
        {problem ? <ErrorAlert problem={problem} onRetry={onRetry} /> : loading ? <Loading label={title} size="sm" /> : children}
      </Stack>
    </section>
  );
}
