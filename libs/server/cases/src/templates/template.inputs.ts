import { ArgsType, InputType } from '@nestjs/graphql';
import { ActionKind, CaseType, OrganisationKind, TEMPLATE_LIMITS } from '@cg/shared/domain';
import { BooleanField, EnumField, FiniteNumberField, IdField, IntField, KeyField, KeyListField, NestedListField, TextField } from '@cg/server/core';

/** A template item's key: lower case letters, digits and hyphens, 2–40 characters. */
export const TEMPLATE_KEY = /^[a-z][a-z0-9-]{1,39}$/;
/** A catalogue indicator's code (as the catalogue's). */
export const CATALOGUE_CODE = /^[A-Z][A-Z0-9_]{2,39}$/;

const DAYS = { min: 0, max: TEMPLATE_LIMITS.days };

@InputType()
export class TemplateActionInput {
  @KeyField({ pattern: TEMPLATE_KEY })
  key: string;

  @EnumField(ActionKind)
  kind: ActionKind;

  @TextField({ min: 3, max: 200 })
  titlePl: string;

  @TextField({ min: 3, max: 200 })
  titleEn: string;

  @TextField({ max: 2000, defaultValue: '' })
  descriptionPl: string;

  @TextField({ max: 2000, defaultValue: '' })
  descriptionEn: string;

  @IntField({ ...DAYS, description: 'Days after opening' })
  startDay: number;

  @IntField({ ...DAYS, description: 'Days after opening, not before startDay' })
  endDay: number;
}

@InputType()
export class TemplateTaskInput {
  @KeyField({ pattern: TEMPLATE_KEY })
  key: string;

  @TextField({ min: 3, max: 200 })
  titlePl: string;

  @TextField({ min: 3, max: 200 })
  titleEn: string;

  @TextField({ max: 2000, defaultValue: '' })
  descriptionPl: string;

  @TextField({ max: 2000, defaultValue: '' })
  descriptionEn: string;

  @IntField({ ...DAYS, description: 'Due so many days after opening' })
  dueInDays: number;

  @IntField({ min: 1, max: TEMPLATE_LIMITS.effort })
  effortPoints: number;

  @EnumField(OrganisationKind, { optional: true, description: 'Omit: the lead organisation' })
  organisationKind?: OrganisationKind;

  @KeyField({ pattern: TEMPLATE_KEY, optional: true, description: 'The key of one of the template’s actions' })
  actionKey?: string;
}

@InputType()
export class TemplateIndicatorInput {
  @KeyField({ pattern: CATALOGUE_CODE, description: 'A catalogue code' })
  code: string;

  @FiniteNumberField()
  baselineValue: number;

  @FiniteNumberField()
  targetValue: number;

  @IntField({ min: 1, max: TEMPLATE_LIMITS.days })
  targetInDays: number;
}

@InputType({ description: 'The whole template of a case type: saved as its next version' })
export class SaveCaseTemplateInput {
  @EnumField(CaseType)
  caseType: CaseType;

  @IntField({ min: 0, description: 'The version you edited (0 when the type has none yet); a newer one is CONFLICT' })
  baseVersion: number;

  @TextField({ max: 2000, defaultValue: '' })
  summaryPl: string;

  @TextField({ max: 2000, defaultValue: '' })
  summaryEn: string;

  @NestedListField(() => TemplateActionInput, { maxSize: TEMPLATE_LIMITS.items })
  actions: TemplateActionInput[];

  @NestedListField(() => TemplateTaskInput, { maxSize: TEMPLATE_LIMITS.items })
  tasks: TemplateTaskInput[];

  @NestedListField(() => TemplateIndicatorInput, { maxSize: TEMPLATE_LIMITS.items })
  indicators: TemplateIndicatorInput[];
}

@InputType({ description: 'Opening a case from its type’s template: the version read and the items left ticked' })
export class TemplateChoiceInput {
  @IdField({ description: 'The id of the template version shown' })
  templateId: string;

  @KeyListField({ pattern: TEMPLATE_KEY, maxSize: TEMPLATE_LIMITS.items })
  actionKeys: string[];

  @KeyListField({ pattern: TEMPLATE_KEY, maxSize: TEMPLATE_LIMITS.items })
  taskKeys: string[];

  @KeyListField({ pattern: CATALOGUE_CODE, maxSize: TEMPLATE_LIMITS.items, description: 'Catalogue codes' })
  indicatorCodes: string[];
}

@ArgsType()
export class CaseTemplatesArgs {
  @BooleanField({ defaultValue: false, description: 'Every version, not only the latest of each type' })
  allVersions: boolean;

  @EnumField(CaseType, { optional: true })
  caseType?: CaseType;
}
