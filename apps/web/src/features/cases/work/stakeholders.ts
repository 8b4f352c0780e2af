import { graphql } from '../gql';
import type { Attitude, Level, TriangleRole } from '../gql/graphql';

export const TRIANGLE_ROLES: readonly TriangleRole[] = ['OFFENDER', 'VICTIM', 'PLACE', 'HANDLER', 'GUARDIAN', 'MANAGER', 'COMMUNITY'];
export const LEVELS: readonly Level[] = ['LOW', 'MEDIUM', 'HIGH'];
export const ATTITUDES: readonly Attitude[] = ['SUPPORTIVE', 'NEUTRAL', 'OPPOSED', 'UNKNOWN'];

/** The list: name and role for everyone (and influence and attitude where the API gives them); no personal data. */
export const StakeholdersQuery = graphql(`
  query CaseStakeholders($id: ID!) {
    case(id: $id) {
      id
      viewerCan {
        ...CaseWorkViewerCan
      }
      stakeholders {
        id
        caseId
        name
        triangleRole
        influence
        attitude
        version
      }
    }
  }
`);

/**
 * Contact details and notes, asked for only when a person chooses to read them (the API writes each reading to the
 * audit trail). Never cached: the personal data lives in the component that shows it, and goes with it.
 */
export const StakeholderContactsQuery = graphql(`
  query CaseStakeholderContacts($id: ID!) {
    case(id: $id) {
      id
      stakeholders {
        id
        interests
        contactDetails
        notes
      }
    }
  }
`);

export const AddStakeholderMutation = graphql(`
  mutation AddStakeholder($input: AddStakeholderInput!) {
    addStakeholder(input: $input) {
      id
      caseId
      name
      triangleRole
      influence
      attitude
      version
    }
  }
`);
