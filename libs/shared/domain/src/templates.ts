import type { OrganisationKind } from './roles';
import type { ActionKind } from './tasks';

/**
 * A case type's template: the standard actions, tasks and catalogue indicators offered when a case of that type is
 * opened. Stored as one immutable document per version (`case_templates.items`); an edit is a new version, and a case
 * records the version it was opened with. Days are counted from the day the case is opened.
 */
export interface CaseTemplateDocument {
  summaryPl: string;
  summaryEn: string;
  actions: TemplateAction[];
  tasks: TemplateTask[];
  indicators: TemplateIndicator[];
}

export interface TemplateAction {
  /** Stable within the template: what the open-case form ticks, and what a task's `actionKey` names. */
  key: string;
  kind: ActionKind;
  titlePl: string;
  titleEn: string;
  descriptionPl: string;
  descriptionEn: string;
  startDay: number;
  endDay: number;
}

export interface TemplateTask {
  key: string;
  titlePl: string;
  titleEn: string;
  descriptionPl: string;
  descriptionEn: string;
  dueInDays: number;
  effortPoints: number;
  /** Which kind of organisation does it; null: the lead organisation (the one that opens the case). */
  organisationKind: OrganisationKind | null;
  /** The template action it belongs to, if any. */
  actionKey: string | null;
}

export interface TemplateIndicator {
  /** The catalogue code (its latest version is adopted). */
  code: string;
  baselineValue: number;
  targetValue: number;
  targetInDays: number;
}

export const TEMPLATE_LIMITS = { items: 30, days: 730, effort: 20 } as const;

