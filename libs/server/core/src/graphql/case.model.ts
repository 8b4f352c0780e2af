import type { Instant } from './date-time.scalar';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CaseOutcome, CasePhase, CasePriority, CaseType, DataCategory, Escalation, ParticipantRole, ParticipationBasis, Visibility } from '@cg/shared/domain';
import './enums.graphql';
import { OrganisationModel } from './organisation.model';

registerEnumType(CaseType, { name: 'CaseType' });
registerEnumType(CasePhase, { name: 'CasePhase', description: 'SARA: SCANNING → ANALYSIS → RESPONSE → ASSESSMENT → CLOSED. A CLOSED case refuses every write (BAD_USER_INPUT, reason CASE_CLOSED) until reopenCase.' });
registerEnumType(Escalation, { name: 'Escalation' });
registerEnumType(CasePriority, { name: 'CasePriority' });
registerEnumType(CaseOutcome, { name: 'CaseOutcome', description: 'The impact scale recorded on closing' });
registerEnumType(ParticipationBasis, {
  name: 'ParticipationBasis',
  description: 'What a participation rests on right now: the lead itself, an agreement in force with the lead, a coordinator’s override, or nothing (suspended)',
});

/** The partnership agreement a participation rests on (in force), or the one it joined under (no longer in force). */
@ObjectType('ParticipationAgreement')
export class ParticipationAgreementModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'YYYY-MM-DD' })
  validFrom: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, its last day; null: open-ended' })
  validTo: string | null;

  @Field({ description: 'ACTIVE and today within its validity' })
  inForce: boolean;

  @Field(() => [DataCategory])
  dataCategories: DataCategory[];
}

@ObjectType('CaseParticipant')
export class CaseParticipantModel {
  @Field(() => ID)
  id: string;

  @Field(() => ParticipantRole)
  role: ParticipantRole;

  @Field(() => OrganisationModel)
  organisation: OrganisationModel;

  @Field(() => ID, { nullable: true, description: 'The agreement in force under which it joined (history; see agreement and basis for now)' })
  agreementId: string | null;

  @Field(() => ParticipationBasis)
  basis: ParticipationBasis;

  @Field(() => ParticipationAgreementModel, {
    nullable: true,
    description: 'The agreement in force with the lead organisation it rests on; when none is, the one it joined under (inForce false)',
  })
  agreement: ParticipationAgreementModel | null;

  @Field(() => String, { nullable: true, description: 'Why a coordinator let it take part without an agreement in force' })
  overrideReason: string | null;

  @Field(() => [DataCategory], { description: 'The categories the coordinator’s override grants (used only while no agreement is in force)' })
  grantedCategories: DataCategory[];

  @Field(() => [DataCategory], { description: 'What is shared with this organisation on the case right now' })
  categories: DataCategory[];

  @Field({ description: 'No agreement in force and no override: the organisation sees only the case’s header' })
  suspended: boolean;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: the last day of the agreement it rests on; null when open-ended, an override, the lead or suspended' })
  validUntil: string | null;

  @Field(() => Date)
  addedAt: Instant;
}

/*
 * The Case type is shared vocabulary, like Organisation: the cases feature resolves it and adds its
 * fields; other features (tasks, indicators) add theirs to the same type without importing the cases feature.
 */

@ObjectType()
export class CaseDiagnosis {
  @Field({ description: 'What is the problem' })
  what: string;

  @Field({ description: 'Where it happens' })
  where: string;

  @Field({ description: 'When it happens' })
  when: string;

  @Field({ description: 'Who is involved' })
  who: string;

  @Field({ description: 'Sources of the diagnosis' })
  sources: string;
}

/** A GeoJSON Polygon, as Leaflet and every GIS tool read it: rings of [longitude, latitude] positions. */
@ObjectType('GeoPolygon')
export class GeoPolygonModel {
  @Field({ description: 'Always "Polygon"' })
  type: 'Polygon';

  @Field(() => [[[Float]]], { description: 'The outline, then any holes: closed rings of [longitude, latitude] (WGS84)' })
  coordinates: number[][][];
}

@ObjectType()
export class CaseArea {
  @Field()
  district: string;

  @Field()
  address: string;

  @Field(() => Float, { nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true })
  longitude: number | null;

  @Field(() => GeoPolygonModel, { nullable: true, description: 'The area of the problem, a small GeoJSON polygon, when one was drawn' })
  polygon?: GeoPolygonModel | null;
}

/** A person named on a case (coordinator, author, reviewer): name and organisation, no contact data. */
@ObjectType()
export class CasePerson {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;

  @Field(() => ID)
  organisationId: string;
}

/**
 * What the caller may do on one case, decided by the API from the same rules that refuse the operations (and a
 * case's state: a CLOSED case takes no write but reopening). The web app shows a control only when its flag is
 * true; the operation is still checked when it is called.
 */
@ObjectType('CaseViewerPermissions')
export class CaseViewerPermissions {
  @Field({ description: 'updateCase: diagnosis, goal, title, area, review date' })
  updateCase: boolean;

  @Field({ description: 'changeCasePhase' })
  changePhase: boolean;

  @Field({ description: 'escalateCase' })
  escalate: boolean;

  @Field({ description: 'closeCase: in ASSESSMENT only' })
  close: boolean;

  @Field({ description: 'reopenCase: a CLOSED case only' })
  reopen: boolean;

  @Field({ description: 'addCaseParticipant (lead coordinators)' })
  addParticipant: boolean;

  @Field({ description: 'removeCaseParticipant and rebaseCaseParticipant (lead coordinators)' })
  removeParticipant: boolean;

  @Field({ description: 'postCaseUpdate with at least one visibility' })
  postUpdate: boolean;

  @Field(() => [Visibility], { description: 'The visibilities you may post a NOTE, MEETING or DECISION update with' })
  postUpdateVisibilities: Visibility[];

  @Field(() => [Visibility], { description: 'The visibilities you may post an INCIDENT update with (INCIDENT_DATA)' })
  postIncidentVisibilities: Visibility[];

  @Field({ description: 'submitPartnerInput' })
  submitPartnerInput: boolean;

  @Field({ description: 'reviewPartnerInput' })
  reviewPartnerInput: boolean;

  @Field({ description: 'addStakeholder' })
  addStakeholder: boolean;

  @Field({ description: 'Reading stakeholders’ contact details and notes (personal data: each reading is audited)' })
  readStakeholderContacts: boolean;

  @Field({ description: 'assessTrustRisk' })
  assessRisk: boolean;

  @Field({ description: 'planAction' })
  planAction: boolean;

  @Field({ description: 'createTask on this case' })
  createTask: boolean;

  @Field({ description: 'defineIndicator on this case (from the catalogue or custom)' })
  defineIndicator: boolean;

  @Field({ description: 'recordMeasurement on this case’s indicators (a value or a correction)' })
  recordMeasurement: boolean;

  @Field({ description: 'importSurveyResults into this case (coordinators of a public body)' })
  importSurvey: boolean;

  @Field({ description: 'linkCases from or to this case (you need it on the other case too); closed cases included' })
  linkCases: boolean;

  @Field({ description: 'mergeCase with this case as duplicate or survivor (lead coordinators; you need it on the other case too)' })
  mergeCase: boolean;
}

@ObjectType('Case')
export class CaseModel {
  @Field(() => ID)
  id: string;

  @Field()
  reference: string;

  @Field()
  title: string;

  @Field(() => CaseType)
  type: CaseType;

  @Field(() => CasePhase)
  phase: CasePhase;

  @Field(() => Escalation)
  escalation: Escalation;

  @Field(() => CasePriority)
  priority: CasePriority;

  @Field(() => CaseArea)
  area: CaseArea;

  @Field(() => CaseDiagnosis, { nullable: true, description: 'CASE_CONTENT: null unless it is shared with your organisation' })
  diagnosis: CaseDiagnosis | null;

  @Field(() => String, { nullable: true, description: 'CASE_CONTENT: null unless it is shared with your organisation' })
  goal: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  reviewDate: string | null;

  @Field(() => CaseOutcome, { nullable: true })
  outcome: CaseOutcome | null;

  @Field(() => String, { nullable: true, description: 'CASE_CONTENT: null unless it is shared with your organisation' })
  closingAssessment: string | null;

  @Field(() => Date, { nullable: true })
  closedAt: Instant | null;

  @Field(() => Date, { description: 'The latest activity the reader may see: an update it may not read (AGENCIES, LEAD) never moves it' })
  lastActivityAt: Instant;

  @Field(() => Date)
  createdAt: Instant;

  @Field(() => Int)
  version: number;

  @Field(() => OrganisationModel)
  leadOrganisation: OrganisationModel;

  @Field(() => CasePerson)
  coordinator: CasePerson;

  // Read on every row of a case list. Plain fields (the cases resolver binds them to the request's loaders, see
  // CasesResolver.withReads) rather than @ResolveField methods: Nest runs each @ResolveField call through its
  // pipes and parameter factories, ~35 µs a call, 150+ calls on a page of 50.
  @Field(() => [CaseParticipantModel])
  participants?: CaseParticipantModel[] | Promise<CaseParticipantModel[]>;

  @Field(() => Int)
  participantCount?: number | Promise<number>;

  @Field(() => Int, { description: 'Updates you may read' })
  updateCount?: number | Promise<number>;

  @Field(() => Int, { description: 'Partner input you may read that awaits review' })
  inputsAwaitingReviewCount?: number | Promise<number>;

  @Field(() => Int)
  openRiskCount?: number | Promise<number>;

  @Field(() => CaseViewerPermissions, { description: 'What you may do on this case (the API decides; the web app shows)' })
  viewerCan?: CaseViewerPermissions | Promise<CaseViewerPermissions>;
}

