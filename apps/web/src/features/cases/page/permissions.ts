import { graphql } from '../gql';
import type { CasePermissionsFieldsFragment } from '../gql/graphql';

/**
 * What the viewer may do on a case, as the API decides it (`Case.viewerCan`): a control is shown only when its flag is
 * true, and the operation's refusal is still shown where the person acted. Every document of the case page asks for
 * the same fields, so that the answers of the header, the sections and the lifecycle mutations replace one another in
 * the cache without losing any (a phase change changes what may be done: closing only in ASSESSMENT, reopening only
 * when CLOSED, no writes on a closed case).
 */
export const CasePermissionsFields = graphql(`
  fragment CasePermissionsFields on CaseViewerPermissions {
    updateCase
    changePhase
    escalate
    close
    reopen
    addParticipant
    removeParticipant
  }
`);

export type CasePermissions = Omit<CasePermissionsFieldsFragment, '__typename'>;
