import { Table, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BAND_BACKGROUND, SCALE, bandOf, countByCell } from './riskMatrix';
import { ScrollTable } from '../../../ui/ScrollTable';

/**
 * The 5 × 5 matrix: impact down the rows (5 at the top), likelihood across the columns, each cell the number of
 * risks in it, coloured by score. A real table with row and column headers, and each cell's label says everything
 * the colour says, so that a screen reader (or someone who cannot tell the colours apart) reads the same matrix.
 */
export function RiskMatrix({ risks }: { risks: readonly { likelihood: number; impact: number }[] }) {
  const { t } = useTranslation('caseWork');
  const counts = countByCell(risks);
  return (
    <ScrollTable minWidth={320} label={t('risks.matrix.caption')}>
      <Table withTableBorder withColumnBorders style={{ textAlign: 'center', tableLayout: 'fixed', maxWidth: 520 }} data-testid="risk-matrix">
        <Table.Caption>{t('risks.matrix.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">
              <span aria-hidden>{t('risks.matrix.corner')}</span>
              <VisuallyHidden>{t('risks.matrix.cornerLong')}</VisuallyHidden>
            </Table.Th>
            {SCALE.map((likelihood) => (
              <Table.Th key={likelihood} scope="col" style={{ textAlign: 'center' }}>
                <VisuallyHidden>{t('risks.field.likelihood')} </VisuallyHidden>
                {likelihood}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...SCALE].reverse().map((impact) => (
            <Table.Tr key={impact}>
              <Table.Th scope="row" style={{ textAlign: 'center' }}>
                <VisuallyHidden>{t('risks.field.impact')} </VisuallyHidden>
                {impact}
              </Table.Th>
              {SCALE.map((likelihood) => {
                const score = likelihood * impact;
                const band = bandOf(score);
                const count = counts.get(`${likelihood}:${impact}`) ?? 0;
                return (
                  <Table.Td
                    key={likelihood}
                    data-cell={`${likelihood}:${impact}`}
                    data-band={band}
                    style={{ background: BAND_BACKGROUND[band], color: 'var(--mantine-color-black)', fontWeight: count > 0 ? 700 : 400 }}
                  >
                    <span aria-hidden>{count > 0 ? count : ''}</span>
                    <VisuallyHidden>{t('risks.matrix.cell', { count, score, band: t(`risks.band.${band}`) })}</VisuallyHidden>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
