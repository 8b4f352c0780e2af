import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ActionKind, CaseType, OrganisationKind } from '@cg/shared/domain';

@ObjectType('CaseTemplateAction', { description: 'A standard action: its window counts days from the day the case is opened' })
export class CaseTemplateActionModel {
  @Field()
  key: string;

  @Field(() => ActionKind)
  kind: ActionKind;

  @Field({ description: 'In the reader’s language' })
  title: string;

  @Field()
  titlePl: string;

  @Field()
  titleEn: string;

  @Field()
  description: string;

  @Field()
  descriptionPl: string;

  @Field()
  descriptionEn: string;

  @Field(() => Int)
  startDay: number;

  @Field(() => Int)
  endDay: number;
}

@ObjectType('CaseTemplateTask', { description: 'A standard task: due so many days after the case is opened' })
export class CaseTemplateTaskModel {
  @Field()
  key: string;

  @Field({ description: 'In the reader’s language' })
  title: string;

  @Field()
  titlePl: string;

  @Field()
  titleEn: string;

  @Field()
  description: string;

  @Field()
  descriptionPl: string;

  @Field()
  descriptionEn: string;

  @Field(() => Int)
  dueInDays: number;

  @Field(() => Int)
  effortPoints: number;

  @Field(() => OrganisationKind, { nullable: true, description: 'Who does it; null: the lead organisation. A task for a kind not on the case waits for one.' })
  organisationKind: OrganisationKind | null;

  @Field(() => String, { nullable: true, description: 'The key of the template action it belongs to' })
  actionKey: string | null;
}

@ObjectType('CaseTemplateIndicator', { description: 'A catalogue indicator the case adopts, with a suggested baseline and target' })
export class CaseTemplateIndicatorModel {
  @Field({ description: 'The catalogue code (its latest version is adopted)' })
  code: string;

  @Field({ description: 'The catalogue name in the reader’s language' })
  name: string;

  @Field(() => Float)
  baselineValue: number;

  @Field(() => Float)
  targetValue: number;

  @Field(() => Int)
  targetInDays: number;
}

@ObjectType('CaseTemplate', { description: 'A case type’s template; an edit is its next version, and a case records the version it was opened with' })
export class CaseTemplateModel {
  @Field(() => ID)
  id: string;

  @Field(() => CaseType)
  caseType: CaseType;

  @Field(() => Int)
  version: number;

  @Field({ description: 'In the reader’s language' })
  summary: string;

  @Field()
  summaryPl: string;

  @Field()
  summaryEn: string;

  @Field(() => [CaseTemplateActionModel])
  actions: CaseTemplateActionModel[];

  @Field(() => [CaseTemplateTaskModel])
  tasks: CaseTemplateTaskModel[];

  @Field(() => [CaseTemplateIndicatorModel])
  indicators: CaseTemplateIndicatorModel[];

  @Field()
  createdAt: Date;
}

@ObjectType('CaseTemplateVersion', { description: 'Which version of its type’s template a case was opened with' })
export class CaseTemplateVersionModel {
  @Field(() => ID)
  id: string;

  @Field(() => CaseType)
  caseType: CaseType;

  @Field(() => Int)
  version: number;
}

@ObjectType('PendingTemplateTask', { description: 'A template task for a kind of organisation that was not on the case when it was opened' })
export class PendingTemplateTaskModel {
  @Field(() => ID)
  id: string;

  @Field()
  key: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => OrganisationKind)
  organisationKind: OrganisationKind;

  @Field()
  dueDate: string;

  @Field(() => Int)
  effortPoints: number;
}
