import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@apollo/client/react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../gql';

export const LikelyDuplicatesQuery = graphql(`
  query LikelyDuplicates($input: LikelyDuplicatesInput!) {
    likelyDuplicates(input: $input) {
      similarity
      sameAddress
      case {
        id
        reference
        title
        district
      }
    }
  }
`);

export interface DuplicateProbe {
  title: string;
  district: string;
  address: string;
  diagnosis: string;
}

/**
 * Likely duplicates of the case being opened, as the coordinator types (debounced): the API looks among the cases
 * they may see, same district or address and a similar title or diagnosis. Shown only once there is something to
 * compare (a title of three characters and a district). Its own component: the open-case form only passes what was typed.
 */
export function LikelyDuplicates({ probe }: { probe: DuplicateProbe }) {
  const { t } = useTranslation('caseLinks');
  const headingId = useId();
  const [debounced] = useDebouncedValue(probe, 400);
  const ready = debounced.title.trim().length >= 3 && debounced.district.trim().length > 0;
  const { data, previousData } = useQuery(LikelyDuplicatesQuery, {
    variables: { input: { title: debounced.title, district: debounced.district, address: debounced.address, diagnosis: debounced.diagnosis.slice(0, 4000), first: 5 } },
    skip: !ready,
  });
  const found = (data ?? previousData)?.likelyDuplicates ?? [];
  if (!ready) return null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-section="LikelyDuplicates">
      <Stack gap="xs">
        <Title order={2} size="h4" id={headingId}>
          {t('duplicates.title')}
        </Title>
        {found.length === 0 ? (
          <Text size="sm">{t('duplicates.none')}</Text>
        ) : (
          <>
            <Text size="sm">{t('duplicates.intro')}</Text>
            <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-live="polite">
              {found.map((candidate) => (
                <Group component="li" key={candidate.case.id} gap="xs" data-duplicate-id={candidate.case.id}>
                  <Anchor component={Link} to={`/cases/${candidate.case.id}`} target="_blank" title={t('duplicates.open', { reference: candidate.case.reference })}>
                    {candidate.case.reference} {candidate.case.title}
                  </Anchor>
                  <Text size="sm">
                    {candidate.case.district} · {t('duplicates.similarity', { percent: Math.round(candidate.similarity * 100) })}
                  </Text>
                  {candidate.sameAddress && (
                    <Badge variant="light" color="orange">
                      {t('duplicates.sameAddress')}
                    </Badge>
                  )}
                </Group>
              ))}
            </Stack>
          </>
        )}
      </Stack>
    </Paper>
  );
}
