import { AbilityBuilder, createMongoAbility, subject, type ForcedSubject, type MongoAbility } from '@casl/ability';
import { DataCategory, isPublicBody, Role, SHARED_WITH, UpdateKind, Visibility, type SharedWithField, type SharingFacts } from '@cg/shared/domain';
import type { Actor } from '@cg/server/core';

export type Action =
  | 'manage'
  | 'read'
  /** What a case holds beyond its header (diagnosis, goal, closing assessment): the CASE_CONTENT category. */
  | 'readContent'
  | 'create'
  | 'update'
  | 'delete'
  | 'deactivate'
  /** Turning a deactivated account back on. */
  | 'reactivate'
  /** Stakeholder contact details and notes (personal data). */
  | 'readPersonal'
  /** Lead-organisation decisions: who takes part in a case. */
  | 'manageParticipants'
  /** Reviewing partner input. */
  | 'review'
  /** Answering a task request (accept or decline). */
  | 'respond'
  /** Naming the person who does a task. */
  | 'assign'
  /** Moving a task on: started, blocked, done. */
  | 'progress'
  /** Withdrawing a task (the requester). */
  | 'cancel'
  /** Assigning beyond a person's capacity, with a recorded reason. */
  | 'overrideCapacity'
  /** The indicator summary over every case, not only those one may read (small groups suppressed): the analysts'. */
  | 'summariseAllCases'
  /** Linking a case to another, or removing a link: needed on both cases (see docs/domain.md, linked cases). */
  | 'link'
  /** Merging a duplicate into a surviving case: needed on both cases. */
  | 'merge';

/**
 * Subjects and the fields their rules may name. The same names are mapped to SQL columns by each list
 * (see `rulesToSql`), so a rule written here filters both one object and every list.
 */
export interface SubjectFields {
  Organisation: { id: string };
  User: { id: string; organisationId: string };
  Agreement: { id: string; organisationAId: string; organisationBId: string };
  AuditEvent: { id: string };
  Case: { id: string; participantOrganisationIds: string[]; leadOrganisationId: string } & SharingFacts;
  CaseUpdate: { id: string; kind: UpdateKind; visibility: Visibility; participantOrganisationIds: string[]; leadOrganisationId: string } & SharingFacts;
  PartnerInput: { id: string; organisationId: string; participantOrganisationIds: string[] } & SharingFacts;
  Stakeholder: { id: string; participantOrganisationIds: string[] } & SharingFacts;
  TrustRisk: { id: string; participantOrganisationIds: string[] } & SharingFacts;
  Action: { id: string; participantOrganisationIds: string[]; leadOrganisationId: string } & SharingFacts;
  Task: {
    id: string;
    participantOrganisationIds: string[];
    leadOrganisationId: string;
    organisationId: string;
    assigneeId: string | null;
    requestedById: string | null;
    requesterOrganisationId: string;
  } & SharingFacts;
  Workload: { organisationId: string };
  Unavailability: { userId: string; organisationId: string };
  Indicator: { id: string; participantOrganisationIds: string[] } & SharingFacts;
  IndicatorCatalogue: { id: string };
  /** A case type's template of standard actions, tasks and indicators (not case content). */
  CaseTemplate: { id: string };
  IndicatorSummary: { id: string };
  /** The hotspot grid of the map: counts of cases and incidents per cell and period, never a case. */
  CaseHotspots: { id: string };
  Webhook: { organisationId: string };
}
export type SubjectName = keyof SubjectFields;

/**
 * One object of subject `S` as CASL sees it: the fields its rules may name (those known; a rule on a field the object
 * lacks does not match), tagged with the subject's name the way CASL's `subject()` tags it.
 */
export type SubjectObject<S extends SubjectName> = Partial<SubjectFields[S]> & ForcedSubject<S>;
type AnySubjectObject = { [S in SubjectName]: SubjectObject<S> };

/**
 * Typed by subject: a rule's conditions name the fields of `SubjectFields` (a typo is a compile error), and a check on
 * one object takes an object built by `subjectOf`.
 */
export type AppAbility = MongoAbility<[Action, SubjectName | AnySubjectObject[SubjectName] | 'all']>;

/** CASL's `subject()` typed by `SubjectFields`: the object a check on one thing of subject `name` is asked about. */
export function subjectOf<S extends SubjectName>(name: S, fields: Partial<SubjectFields[S]>): AnySubjectObject[S] {
  // `subject()` returns `SubjectObject<S>`, which is `AnySubjectObject[S]`; TypeScript does not resolve the mapped
  // type at a generic `S`, so it is told here, once (for a concrete subject the two are the same type).
  return subject(name, { ...fields }) as AnySubjectObject[S];
}

/**
 * The rules of DESIGN.md §3 for what exists so far. Anything not granted here is denied.
 */
export function defineAbilityFor(actor: Actor | null): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (!actor) return build();
  const roles = new Set(actor.roles);

  // Every signed-in person sees the directory of organisations and themselves.
  can('read', 'Organisation');
  can('read', 'User', { id: actor.userId });
  // …and choose their own language (their password is changed through changeMyPassword, never by id).
  can('update', 'User', ['locale'], { id: actor.userId });

  if (roles.has(Role.ADMIN)) {
    can('manage', 'Organisation');
    can('manage', 'User');
    can('manage', 'Agreement');
  }
  if (roles.has(Role.COORDINATOR) || roles.has(Role.STAFF) || roles.has(Role.PARTNER)) {
    // Colleagues in one's own organisation.
    can('read', 'User', { organisationId: actor.organisationId });
  }
  if (roles.has(Role.COORDINATOR)) {
    // Coordinators watch their team's workload: they set their colleagues' weekly capacity, nothing else.
    can('update', 'User', ['weeklyCapacity'], { organisationId: actor.organisationId });
    // The agreements that are the legal basis of one's own organisation's partnerships.
    can('read', 'Agreement', { organisationAId: actor.organisationId });
    can('read', 'Agreement', { organisationBId: actor.organisationId });
    // The organisation's webhook endpoints (registration, listing, disabling).
    can('manage', 'Webhook', { organisationId: actor.organisationId });
  }
  if (roles.has(Role.AUDITOR)) {
    can('read', 'AuditEvent');
  }
  defineCaseRules(actor, roles, can);
  defineTaskRules(actor, roles, can);
  defineIndicatorRules(actor, roles, can);
  defineMapRules(roles, can);
  defineTemplateRules(roles, can);
  return build();
}

type CanFn = AbilityBuilder<AppAbility>['can'];

/**
 * "The category is shared with my organisation on this case": the condition every rule on case content names, in
 * place of plain membership. The lead organisation has every category; any other participant those of its
 * effective basis (agreement in force, else override, else none). See DATA_CATEGORY_COVERS for what each covers.
 */
function sharedWith(actor: Actor, category: DataCategory): Partial<Record<SharedWithField, string>> {
  const condition: Partial<Record<SharedWithField, string>> = {};
  condition[SHARED_WITH[category]] = actor.organisationId;
  return condition;
}

/**
 * DESIGN.md §3, inside cases. Membership ("my organisation is a participant") gives the case's header; what is
 * inside needs the data category that covers it to be shared with one's organisation (see `sharedWith`); the lead organisation
 * decides who takes part; NGO partners see PARTNERS updates only and stakeholders without personal data.
 * ADMIN, ANALYST and AUDITOR get no case content by role alone.
 */
function defineCaseRules(actor: Actor, roles: Set<Role>, can: CanFn): void {
  const org = actor.organisationId;
  const member = { participantOrganisationIds: org };
  const content = sharedWith(actor, DataCategory.CASE_CONTENT);
  const contacts = sharedWith(actor, DataCategory.STAKEHOLDER_CONTACTS);
  const publicBody = isPublicBody(actor.organisationKind);
  const coordinator = roles.has(Role.COORDINATOR);
  const staff = roles.has(Role.STAFF);
  const partner = roles.has(Role.PARTNER);
  /** Coordinators and staff of public bodies: the agencies' side of a case. */
  const agencyWorker = publicBody && (coordinator || staff);
  if (!coordinator && !staff && !partner) return;
  /** Timeline updates: INCIDENT updates are INCIDENT_DATA, every other kind CASE_CONTENT. */
  const updates = (action: Action, visibility: { visibility: Visibility }) => {
    can(action, 'CaseUpdate', { ...visibility, kind: { $ne: UpdateKind.INCIDENT }, ...content });
    can(action, 'CaseUpdate', { ...visibility, kind: UpdateKind.INCIDENT, ...sharedWith(actor, DataCategory.INCIDENT_DATA) });
  };

  // The case's header (reference, title, phase, lead, participants) whatever the categories; its content with CASE_CONTENT.
  can('read', 'Case', member);
  can('readContent', 'Case', content);
  updates('read', { visibility: Visibility.PARTNERS });
  if (agencyWorker) {
    updates('read', { visibility: Visibility.AGENCIES });
    can('read', 'CaseUpdate', { visibility: Visibility.LEAD, leadOrganisationId: org });
  }
  can('read', 'Stakeholder', content);
  can('read', 'TrustRisk', content);
  // Partners see their own organisation's input; agencies see all input on their cases.
  can('read', 'PartnerInput', { organisationId: org, ...content });
  if (agencyWorker) can('read', 'PartnerInput', content);
  if (staff || partner) can('create', 'PartnerInput', content);

  // Every member posts PARTNERS updates, NGO partners included (a note every participant sees); only the
  // agencies' side posts AGENCIES or LEAD ones.
  if (staff || coordinator || partner) updates('create', { visibility: Visibility.PARTNERS });
  if (staff || coordinator) {
    if (agencyWorker) {
      updates('create', { visibility: Visibility.AGENCIES });
      can('create', 'CaseUpdate', { visibility: Visibility.LEAD, leadOrganisationId: org });
    }
  }
  if (agencyWorker) {
    can('readPersonal', 'Stakeholder', { ...content, ...contacts });
    can(['create', 'update', 'delete'], 'Stakeholder', { ...content, ...contacts });
    can(['create', 'update'], 'TrustRisk', content);
  }
  if (coordinator && publicBody) {
    can('create', 'Case');
    can('update', 'Case', content);
    can('manageParticipants', 'Case', { leadOrganisationId: org });
    can('review', 'PartnerInput', content);
    // Linked cases: whoever may edit a case may link it; a link is made (or removed) only with 'link' on both cases.
    can('link', 'Case', content);
    // Merging moves a case's participants and everything in it: the lead organisation's coordinators, on both cases.
    can('merge', 'Case', { leadOrganisationId: org, ...content });
  }
}

/**
 * Actions and tasks (DESIGN.md §2–3): actions are CASE_CONTENT, tasks TASKS; those it is shared with read them; a task for another organisation is a
 * request that organisation's coordinator (or the named person) answers; coordinators assign within their
 * organisation, the lead's coordinators anywhere on the case; the requester cancels; only coordinators
 * see an organisation's workload and may assign beyond capacity.
 */
function defineTaskRules(actor: Actor, roles: Set<Role>, can: CanFn): void {
  const org = actor.organisationId;
  const me = actor.userId;
  const content = sharedWith(actor, DataCategory.CASE_CONTENT);
  const member = sharedWith(actor, DataCategory.TASKS);
  const coordinator = roles.has(Role.COORDINATOR);
  const staff = roles.has(Role.STAFF);
  const partner = roles.has(Role.PARTNER);
  const publicBody = isPublicBody(actor.organisationKind);

  // Anyone may record their own unavailability; coordinators that of their colleagues.
  if (coordinator || staff || partner) can('create', 'Unavailability', { userId: me });
  if (coordinator) can('create', 'Unavailability', { organisationId: org });
  if (coordinator) can('read', 'Workload', { organisationId: org });
  if (!coordinator && !staff && !partner) return;

  can('read', 'Action', content);
  can('read', 'Task', member);
  if (publicBody && (coordinator || staff)) can(['create', 'update'], 'Action', content);
  if (coordinator || staff) can('create', 'Task', member);

  can('respond', 'Task', { assigneeId: me, ...member });
  can('progress', 'Task', { assigneeId: me, ...member });
  can('cancel', 'Task', { requestedById: me, ...member });
  if (coordinator) {
    can(['respond', 'progress', 'assign', 'overrideCapacity'], 'Task', { organisationId: org, ...member });
    can('cancel', 'Task', { requesterOrganisationId: org, ...member });
    if (publicBody) can(['assign', 'overrideCapacity'], 'Task', { leadOrganisationId: org });
  }
}

/**
 * Indicators (the INDICATORS category): those it is shared with read them; agency staff and coordinators define indicators and record
 * measurements; coordinators import survey results. The catalogue is read by everyone signed in and
 * extended by administrators. Aggregates are for analysts (all cases, small groups suppressed) and
 * coordinators (the cases they may see).
 */
function defineIndicatorRules(actor: Actor, roles: Set<Role>, can: CanFn): void {
  const member = sharedWith(actor, DataCategory.INDICATORS);
  const coordinator = roles.has(Role.COORDINATOR);
  const staff = roles.has(Role.STAFF);
  const agencyWorker = isPublicBody(actor.organisationKind) && (coordinator || staff);
  can('read', 'IndicatorCatalogue');
  if (roles.has(Role.ADMIN)) can('create', 'IndicatorCatalogue');
  if (roles.has(Role.ANALYST) || coordinator) can('read', 'IndicatorSummary');
  if (roles.has(Role.ANALYST)) can('summariseAllCases', 'IndicatorSummary');
  if (coordinator || staff || roles.has(Role.PARTNER)) can('read', 'Indicator', member);
  if (agencyWorker) can(['create', 'update'], 'Indicator', member);
  if (coordinator && isPublicBody(actor.organisationKind)) can('manage', 'Indicator', member);
}

/**
 * The map's hotspot grid: members of cases count what they may read there (the cases, the incidents they may read);
 * analysts count every case, with cells of few cases suppressed, as in the indicator summaries.
 */
function defineMapRules(roles: Set<Role>, can: CanFn): void {
  if (roles.has(Role.COORDINATOR) || roles.has(Role.STAFF) || roles.has(Role.PARTNER) || roles.has(Role.ANALYST)) can('read', 'CaseHotspots');
  if (roles.has(Role.ANALYST)) can('summariseAllCases', 'CaseHotspots');
}

/** Case-type templates: coordinators read them (to open a case from one), administrators read and edit them (a new version). */
function defineTemplateRules(roles: Set<Role>, can: CanFn): void {
  if (roles.has(Role.COORDINATOR) || roles.has(Role.ADMIN)) can('read', 'CaseTemplate');
  if (roles.has(Role.ADMIN)) can('create', 'CaseTemplate');
}
