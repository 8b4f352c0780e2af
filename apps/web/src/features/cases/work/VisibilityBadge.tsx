import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { Visibility } from '../gql/graphql';

const COLOUR: Record<Visibility, string> = { PARTNERS: 'teal', AGENCIES: 'indigo', LEAD: 'grape' };

/** Who can read an update: the badge says it in words (its title says who exactly), colour only repeats it. */
export function VisibilityBadge({ visibility, t }: { visibility: Visibility; t: TFunction<'caseWork'> }) {
  return (
    <Badge variant="filled" color={COLOUR[visibility]} title={t(`visibility.${visibility}.description`)} data-visibility={visibility}>
      {t('timeline.seenBy', { who: t(`visibility.${visibility}.label`) })}
    </Badge>
  );
}
