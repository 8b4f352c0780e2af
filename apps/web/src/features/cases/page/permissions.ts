import { graphql } from '../gql';
import type { CasePermissionsFieldsFragment } from '../gql/graphql';

/**
 * What the viewer may do on a case, as the API decides it (`Case.viewerCan`): a control is shown only when its flag is
 * true, and the operation's refusal is still shown where the person acted. The object has no id, so every document of
 * the case page (header, sections, lifecycle answers) selects the whole set, the same as the case-work sections
 * (`work/viewerCan.ts`): answers then replace one another in the cache without losing a flag another part reads (a
 * phase change changes what may be done: closing only in ASSESSMENT, reopening only when CLOSED, no writes on a closed
 * case).
 */
export const CasePermissionsFields = graphql(`
  fragment CasePermissionsFields on CaseViewerPermissions {
    ...CaseWorkViewerCan
  }
`);

/** The flags the case page's own controls read. */
export type CasePermissions = Pick<CasePermissionsFieldsFragment, 'updateCase' | 'changePhase' | 'escalate' | 'close' | 'reopen' | 'addParticipant' | 'removeParticipant'>;
