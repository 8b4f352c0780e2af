import { Center, Stack } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useParams } from 'react-router';
import { graphql } from './gql';
import { isAbsent, problemOf } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { NotFound } from '../../ui/NotFound';
import { usePageTitle } from '../../ui/usePageTitle';
import { LinkedCasesSection } from './links/LinkedCasesSection';
import { CaseHeader } from './page/CaseHeader';
import { LifecyclePanel } from './page/LifecyclePanel';
import { CASE_SECTIONS, SectionNav } from './page/SectionNav';
import { ActionsSection } from './sections/ActionsSection';
import { DiagnosisSection } from './sections/DiagnosisSection';
import { ParticipantsSection } from './sections/ParticipantsSection';
import { PartnerInputSection } from './sections/PartnerInputSection';
import { RisksSection } from './sections/RisksSection';
import { StakeholdersSection } from './sections/StakeholdersSection';
import { TimelineSection } from './sections/TimelineSection';

export const casePageQuery = graphql(`
  query CasePage($id: ID!) {
    case(id: $id) {
      id
      reference
      title
      phase
      escalation
      priority
      type
      version
      reviewDate
      closedAt
      outcome
      closingAssessment
      area {
        district
        address
      }
      leadOrganisation {
        id
        name
      }
      coordinator {
        id
        displayName
      }
      viewerCan {
        ...CasePermissionsFields
      }
    }
  }
`);

/** A section reached by its anchor lands below the fixed header, not under it. */
const SECTION_STYLE = { scrollMarginTop: 72 } as const;

const SECTIONS = {
  diagnosis: DiagnosisSection,
  stakeholders: StakeholdersSection,
  risks: RisksSection,
  actions: ActionsSection,
  timeline: TimelineSection,
  partnerInput: PartnerInputSection,
  participants: ParticipantsSection,
  links: LinkedCasesSection,
} as const;

/**
 * One case: its header, the SARA phase and its lifecycle, and one section per SARA step and per kind of shared work.
 * An unknown case and a case the viewer may not see are the same "not found" page (the API answers NOT_FOUND for
 * both; an address that is no case id at all is refused as bad input on `id`).
 */
export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('casePage');
  const { hash } = useLocation();
  const { data, error, refetch } = useQuery(casePageQuery, { variables: { id } });
  usePageTitle(data?.case ? `${data.case.reference} ${data.case.title}` : null);

  const problem = problemOf(error);
  if (!data?.case && isAbsent(problem)) return <NotFound />;
  if (!data?.case) {
    if (problem) return <ErrorAlert problem={problem} onRetry={() => void refetch()} />;
    return (
      <Center h="40vh">
        <Loading label={t('loading')} />
      </Center>
    );
  }
  const current = data.case;
  // A case merged into another answers the survivor: its old address leads to the survivor's.
  if (current.id !== id) return <Navigate to={`/cases/${current.id}${hash}`} replace />;

  return (
    <Stack gap="xl">
      <CaseHeader case={current} />
      <SectionNav />
      <LifecyclePanel case={current} can={current.viewerCan} onReload={() => void refetch()} />
      {CASE_SECTIONS.map((name) => {
        const Section = SECTIONS[name];
        return (
          <div key={name} id={`case-${name}`} style={SECTION_STYLE}>
            <Section caseId={current.id} />
          </div>
        );
      })}
    </Stack>
  );
}
