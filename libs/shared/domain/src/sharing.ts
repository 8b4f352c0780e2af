import { DataCategory } from './roles';

/**
 * What each data category of a partnership agreement covers: the one place that says it (docs/data-sharing.md
 * repeats it for people). The lead organisation of a case sees every category its roles allow; any other
 * participant sees, within what its roles allow, only the categories of its effective basis (the agreement in
 * force with the lead organisation, else a coordinator's override, else none: suspended).
 *
 * Whatever the categories, a participant still sees the case's header: reference, title, type, phase,
 * escalation, priority, area, review date, outcome, lead organisation, coordinator and the participants with
 * the basis of each participation (so a suspended participant knows why it sees nothing more).
 */
export const DATA_CATEGORY_COVERS: Record<DataCategory, readonly string[]> = {
  [DataCategory.CASE_CONTENT]: [
    'case diagnosis, goal and closing assessment',
    'timeline updates other than incidents (NOTE, MEETING, DECISION, PHASE_CHANGE)',
    'partner input',
    'stakeholders by name and role',
    'trust risks',
    'actions (planned interventions)',
  ],
  [DataCategory.STAKEHOLDER_CONTACTS]: ['stakeholder contact details, notes, interests, influence and attitude (personal data)'],
  [DataCategory.INCIDENT_DATA]: ['INCIDENT timeline updates'],
  [DataCategory.INDICATORS]: ['indicators and their measurements (and their CSV export and summaries)'],
  [DataCategory.TASKS]: ['tasks (lists, requests, answers, progress), including tasks under actions'],
};

export const ALL_DATA_CATEGORIES: readonly DataCategory[] = Object.values(DataCategory);

/**
 * The field of a case-bound subject, in the CASL rules, that lists the organisations to which the category is
 * shared on that case (the lead organisation always included). Mapped to SQL over the `case_sharing` view.
 */
export const SHARED_WITH = {
  [DataCategory.CASE_CONTENT]: 'caseContentSharedWith',
  [DataCategory.STAKEHOLDER_CONTACTS]: 'stakeholderContactsSharedWith',
  [DataCategory.INCIDENT_DATA]: 'incidentDataSharedWith',
  [DataCategory.INDICATORS]: 'indicatorsSharedWith',
  [DataCategory.TASKS]: 'tasksSharedWith',
} as const satisfies Record<DataCategory, string>;

export type SharedWithField = (typeof SHARED_WITH)[DataCategory];
export type SharingFacts = Record<SharedWithField, string[]>;

/** How a participation rests: the lead itself, an agreement in force, a coordinator's override, or nothing. */
export enum ParticipationBasis {
  LEAD = 'LEAD',
  AGREEMENT = 'AGREEMENT',
  OVERRIDE = 'OVERRIDE',
  SUSPENDED = 'SUSPENDED',
}

/** Days before an agreement's last day of validity at which both sides' coordinators are told. */
export const AGREEMENT_EXPIRY_NOTICE_DAYS = [30, 7] as const;
