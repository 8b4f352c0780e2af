export enum CaseType {
  SOCIAL_TENSION = 'SOCIAL_TENSION',
  LOCAL_CONFLICT = 'LOCAL_CONFLICT',
  CRISIS = 'CRISIS',
  PUBLIC_NUISANCE = 'PUBLIC_NUISANCE',
  PRIORITY_PLAN = 'PRIORITY_PLAN',
}

/** SARA: Scanning → Analysis → Response → Assessment, then closed (reopenable). */
export enum CasePhase {
  SCANNING = 'SCANNING',
  ANALYSIS = 'ANALYSIS',
  RESPONSE = 'RESPONSE',
  ASSESSMENT = 'ASSESSMENT',
  CLOSED = 'CLOSED',
}
export const SARA_ORDER: readonly CasePhase[] = [CasePhase.SCANNING, CasePhase.ANALYSIS, CasePhase.RESPONSE, CasePhase.ASSESSMENT];

export enum Escalation {
  NORMAL = 'NORMAL',
  ELEVATED = 'ELEVATED',
  CRISIS = 'CRISIS',
}

export enum CasePriority {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}
export const PRIORITY_RANK: Record<CasePriority, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, URGENT: 4 };

/** The impact scale of problem-oriented policing, recorded on closing. */
export enum CaseOutcome {
  ELIMINATED = 'ELIMINATED',
  REDUCED = 'REDUCED',
  LESS_SERIOUS = 'LESS_SERIOUS',
  BETTER_HANDLED = 'BETTER_HANDLED',
  LEAD_TRANSFERRED = 'LEAD_TRANSFERRED',
  UNRESOLVED = 'UNRESOLVED',
}

export enum ParticipantRole {
  LEAD = 'LEAD',
  PARTNER = 'PARTNER',
  CONSULTED = 'CONSULTED',
}

export enum UpdateKind {
  NOTE = 'NOTE',
  MEETING = 'MEETING',
  INCIDENT = 'INCIDENT',
  DECISION = 'DECISION',
  PHASE_CHANGE = 'PHASE_CHANGE',
}

/** Who reads an update: every participant, public bodies only (no NGOs), or the lead organisation only. */
export enum Visibility {
  PARTNERS = 'PARTNERS',
  AGENCIES = 'AGENCIES',
  LEAD = 'LEAD',
}

export enum PartnerInputKind {
  OBSERVATION = 'OBSERVATION',
  PROPOSAL = 'PROPOSAL',
  COMMUNITY_FEEDBACK = 'COMMUNITY_FEEDBACK',
  CONCERN = 'CONCERN',
}

export enum PartnerInputStatus {
  SUBMITTED = 'SUBMITTED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

export enum TriangleRole {
  OFFENDER = 'OFFENDER',
  VICTIM = 'VICTIM',
  PLACE = 'PLACE',
  HANDLER = 'HANDLER',
  GUARDIAN = 'GUARDIAN',
  MANAGER = 'MANAGER',
  COMMUNITY = 'COMMUNITY',
}

export enum Level {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

export enum Attitude {
  SUPPORTIVE = 'SUPPORTIVE',
  NEUTRAL = 'NEUTRAL',
  OPPOSED = 'OPPOSED',
  UNKNOWN = 'UNKNOWN',
}

export enum RiskStatus {
  OPEN = 'OPEN',
  MITIGATING = 'MITIGATING',
  ACCEPTED = 'ACCEPTED',
  CLOSED = 'CLOSED',
}

/** How two cases are linked (issue 16): RELATED, SAME_PLACE and SAME_PEOPLE read the same both ways; CONTINUATION_OF has a direction (the linking case continues the linked one). */
export enum CaseLinkKind {
  RELATED = 'RELATED',
  SAME_PLACE = 'SAME_PLACE',
  SAME_PEOPLE = 'SAME_PEOPLE',
  CONTINUATION_OF = 'CONTINUATION_OF',
}
