import { Stack, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { ActionsSection } from './sections/ActionsSection';
import { DiagnosisSection } from './sections/DiagnosisSection';
import { ParticipantsSection } from './sections/ParticipantsSection';
import { PartnerInputSection } from './sections/PartnerInputSection';
import { RisksSection } from './sections/RisksSection';
import { StakeholdersSection } from './sections/StakeholdersSection';
import { TimelineSection } from './sections/TimelineSection';

/** One case, one section per SARA step and per kind of shared work. */
export function CasePage() {
  const { id = '' } = useParams();
  return (
    <Stack>
      <Title order={1}>{id}</Title>
      <DiagnosisSection caseId={id} />
      <StakeholdersSection caseId={id} />
      <RisksSection caseId={id} />
      <ActionsSection caseId={id} />
      <TimelineSection caseId={id} />
      <PartnerInputSection caseId={id} />
      <ParticipantsSection caseId={id} />
    </Stack>
  );
}
