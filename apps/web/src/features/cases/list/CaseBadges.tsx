import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CasePhase, Escalation } from '../gql/graphql';

/** A badge's label is never cut to an ellipsis: a narrow table column grows to fit it instead. */
export const WHOLE_LABEL = { label: { overflow: 'visible' } } as const;

const PHASE_COLOUR: Record<CasePhase, string> = {
  SCANNING: 'gray',
  ANALYSIS: 'indigo',
  RESPONSE: 'blue',
  ASSESSMENT: 'teal.9',
  CLOSED: 'dark',
};

const ESCALATION_COLOUR: Record<Escalation, string> = {
  NORMAL: 'gray',
  ELEVATED: 'yellow.5',
  CRISIS: 'red',
};

export function PhaseBadge({ phase }: { phase: CasePhase }) {
  const { t } = useTranslation('cases');
  return (
    <Badge styles={WHOLE_LABEL} color={PHASE_COLOUR[phase]} variant="filled" title={t('fields.phase')}>
      {t(`phase.${phase}`)}
    </Badge>
  );
}

export function EscalationBadge({ escalation }: { escalation: Escalation }) {
  const { t } = useTranslation('cases');
  return (
    <Badge styles={WHOLE_LABEL} color={ESCALATION_COLOUR[escalation]} variant={escalation === 'NORMAL' ? 'outline' : 'filled'} title={t('fields.escalation')}>
      {t(`escalation.${escalation}`)}
    </Badge>
  );
}
