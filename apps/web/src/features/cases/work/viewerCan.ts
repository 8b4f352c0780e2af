import { graphql } from '../gql';

/**
 * What the API lets the reader do on the case (`Case.viewerCan`). Every case-work query selects the whole set: the
 * object has no id, so the cache keeps one copy per case, and queries that each selected a different part of it
 * would keep replacing each other's (and fetch again). The booleans cost the API nothing (computed from the
 * reader's ability, no SQL).
 */
export const CaseWorkViewerCan = graphql(`
  fragment CaseWorkViewerCan on CaseViewerPermissions {
    addParticipant
    addStakeholder
    assessRisk
    changePhase
    close
    createTask
    escalate
    planAction
    postIncidentVisibilities
    postUpdate
    postUpdateVisibilities
    readStakeholderContacts
    removeParticipant
    reopen
    reviewPartnerInput
    submitPartnerInput
    updateCase
  }
`);
