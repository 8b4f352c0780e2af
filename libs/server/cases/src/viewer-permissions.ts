import { ALL_DATA_CATEGORIES, CasePhase, SHARED_WITH, UpdateKind, Visibility, type DataCategory, type SharingFacts } from '@cg/shared/domain';
import { abilityOf, subjectOf, type Action, type SubjectFields, type SubjectName } from '@cg/server/authz';
import type { CaseModel, CaseViewerPermissions, RequestContext } from '@cg/server/core';

const VISIBILITIES = [Visibility.PARTNERS, Visibility.AGENCIES, Visibility.LEAD] as const;

/**
 * What the caller may do on a case, from the caller's CASL ability (built once per request) and the case's facts as
 * they concern the caller: the rules name only the caller's own organisation (a participant? the lead? which data
 * categories are shared with it?), so the caller's row of `case_sharing` (`shared`: its categories, null when it
 * does not take part) answers them exactly as the full facts would. A CLOSED case takes no write but reopening.
 */
export function viewerPermissions(request: RequestContext, model: Pick<CaseModel, 'id' | 'phase' | 'leadOrganisation'>, shared: DataCategory[] | null): CaseViewerPermissions {
  const ability = abilityOf(request);
  const organisationId = request.actor?.organisationId;
  const facts = {
    id: model.id,
    leadOrganisationId: model.leadOrganisation.id,
    participantOrganisationIds: shared && organisationId ? [organisationId] : [],
    ...(Object.fromEntries(ALL_DATA_CATEGORIES.map((category) => [SHARED_WITH[category], shared?.includes(category) && organisationId ? [organisationId] : []])) as SharingFacts),
  };
  const can = <S extends SubjectName>(action: Action, name: S, fields: Partial<SubjectFields[S]> = {}) => ability.can(action, subjectOf(name, { ...facts, ...fields }));
  const open = model.phase !== CasePhase.CLOSED;
  const write = <S extends SubjectName>(action: Action, name: S, fields: Partial<SubjectFields[S]> = {}) => open && can(action, name, fields);
  const updateCase = can('update', 'Case');
  const postUpdateVisibilities = VISIBILITIES.filter((visibility) => write('create', 'CaseUpdate', { kind: UpdateKind.NOTE, visibility }));
  const postIncidentVisibilities = VISIBILITIES.filter((visibility) => write('create', 'CaseUpdate', { kind: UpdateKind.INCIDENT, visibility }));
  const manageParticipants = write('manageParticipants', 'Case');
  return {
    updateCase: open && updateCase,
    changePhase: open && updateCase,
    escalate: open && updateCase,
    close: model.phase === CasePhase.ASSESSMENT && updateCase,
    reopen: !open && updateCase,
    addParticipant: manageParticipants,
    removeParticipant: manageParticipants,
    postUpdate: postUpdateVisibilities.length > 0 || postIncidentVisibilities.length > 0,
    postUpdateVisibilities,
    postIncidentVisibilities,
    submitPartnerInput: write('create', 'PartnerInput', { organisationId }),
    reviewPartnerInput: write('review', 'PartnerInput'),
    addStakeholder: write('create', 'Stakeholder'),
    readStakeholderContacts: can('readPersonal', 'Stakeholder'),
    assessRisk: write('create', 'TrustRisk'),
    planAction: write('create', 'Action'),
    createTask: write('create', 'Task'),
    // The same actions IndicatorsService checks: 'create' to define, 'update' to record, 'manage' to import.
    defineIndicator: write('create', 'Indicator'),
    recordMeasurement: write('update', 'Indicator'),
    importSurvey: write('manage', 'Indicator'),
    linkCases: can('link', 'Case'),
    mergeCase: write('merge', 'Case'),
  };
}
