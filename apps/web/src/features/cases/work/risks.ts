import { graphql } from '../gql';
import type { RiskStatus } from '../gql/graphql';

export const RISK_STATUSES: readonly RiskStatus[] = ['OPEN', 'MITIGATING', 'ACCEPTED', 'CLOSED'];

export const TrustRiskFields = graphql(`
  fragment TrustRiskFields on TrustRisk {
    id
    caseId
    title
    description
    likelihood
    impact
    score
    mitigation
    status
    version
  }
`);

/** Highest score first (the API's order). */
export const RisksQuery = graphql(`
  query CaseRisks($id: ID!) {
    case(id: $id) {
      id
      viewerCan {
        ...CaseWorkViewerCan
      }
      risks {
        ...TrustRiskFields
      }
    }
  }
`);

export const AssessTrustRiskMutation = graphql(`
  mutation AssessTrustRisk($input: AssessTrustRiskInput!) {
    assessTrustRisk(input: $input) {
      ...TrustRiskFields
    }
  }
`);

export const UpdateTrustRiskMutation = graphql(`
  mutation UpdateTrustRisk($input: UpdateTrustRiskInput!) {
    updateTrustRisk(input: $input) {
      ...TrustRiskFields
    }
  }
`);
