import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CasePhase, Escalation } from '../../../gql/graphql';

const PHASE_COLOUR: Record<CasePhase, string> = {
  SCANNING: 'gray',
  ANALYSIS: 'indigo',
  RESPONSE: 'blue',
  ASSESSMENT: 'teal',
  CLOSED: 'dark',
};

const ESCALATION_COLOUR: Record<Escalation, string> = {
  NORMAL: 'gray',
  ELEVATED: 'orange',
  CRISIS: 'red',
};

export function PhaseBadge({ phase }: { phase: CasePhase }) {
  const { t } = useTranslation('cases');
  return (
    <Badge color={PHASE_COLOUR[phase]} variant="filled" style={{ overflow: 'visible' }} title={t('fields.phase')}>
      {t(`phase.${phase}`)}
    </Badge>
  );
}

export function EscalationBadge({ escalation }: { escalation: Escalation }) {
  const { t } = useTranslation('cases');
  return (
    <Badge color={ESCALATION_COLOUR[escalation]} variant={escalation === 'NORMAL' ? 'outline' : 'filled'} title={t('fields.escalation')}>
      {t(`escalation.${escalation}`)}
    </Badge>
  );
}
