import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemOf } from '../../../lib';
import { AssessRiskForm, RiskStatusControl } from '../work/RiskForms';
import { RiskMatrix } from '../work/RiskMatrix';
import { BAND_BACKGROUND, bandOf } from '../work/riskMatrix';
import { RisksQuery } from '../work/risks';
import { WorkSection } from '../work/WorkSection';

/** Risks to social trust: the 5 × 5 matrix of the ones still open, and every risk by score, highest first. */
export function RisksSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation('caseWork');
  const { data, loading, error, refetch } = useQuery(RisksQuery, { variables: { id: caseId } });
  const [assessing, setAssessing] = useState(false);
  const risks = data?.case.risks ?? [];
  const live = risks.filter((risk) => risk.status !== 'CLOSED');
  // The API has no separate flag for changing a risk: those who may assess risks may update them (updateTrustRisk
  // still decides, and its refusal is shown).
  const canManage = data?.case.viewerCan.assessRisk ?? false;

  return (
    <WorkSection name="Risks" title={t('risks.title')} loading={loading && !data} problem={data ? null : problemOf(error)} onRetry={() => void refetch()}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <RiskMatrix risks={live} />
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('risks.list')}
          </Title>
          {risks.length === 0 ? (
            <Text>{t('risks.empty')}</Text>
          ) : (
            <Stack component="ol" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('risks.list')}>
              {risks.map((risk) => {
                const band = bandOf(risk.score);
                return (
                  <Paper component="li" withBorder p="xs" key={risk.id} data-risk-id={risk.id}>
                    <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                      <Stack gap={2} style={{ flex: '1 1 200px' }}>
                        <Group gap="xs">
                          <Badge style={{ background: BAND_BACKGROUND[band], color: 'var(--mantine-color-black)' }} data-score={risk.score}>
                            {t('risks.score', { score: risk.score, band: t(`risks.band.${band}`) })}
                          </Badge>
                          <Text fw={600}>{risk.title}</Text>
                        </Group>
                        <Text size="sm">{t('risks.position', { likelihood: risk.likelihood, impact: risk.impact })}</Text>
                        {risk.mitigation && (
                          <Text size="sm">
                            {t('risks.field.mitigation')}: {risk.mitigation}
                          </Text>
                        )}
                      </Stack>
                      {canManage ? (
                        <RiskStatusControl id={risk.id} version={risk.version} status={risk.status} title={risk.title} />
                      ) : (
                        <Badge variant="outline" color="dark">
                          {t(`riskStatus.${risk.status}`)}
                        </Badge>
                      )}
                    </Group>
                  </Paper>
                );
              })}
            </Stack>
          )}
        </Stack>
      </SimpleGrid>
      {canManage &&
        (assessing ? (
          <AssessRiskForm caseId={caseId} onDone={() => setAssessing(false)} />
        ) : (
          <Group>
            <Button variant="default" onClick={() => setAssessing(true)}>
              {t('risks.assess.open')}
            </Button>
          </Group>
        ))}
    </WorkSection>
  );
}
