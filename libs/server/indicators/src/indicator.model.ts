import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Cadence, IndicatorDirection, IndicatorSource, IndicatorUnit } from '@cg/shared/domain';

registerEnumType(Cadence, { name: 'Cadence' });
registerEnumType(IndicatorDirection, { name: 'IndicatorDirection' });
registerEnumType(IndicatorSource, { name: 'IndicatorSource' });
registerEnumType(IndicatorUnit, { name: 'IndicatorUnit' });

export enum SummaryGroupBy {
  DISTRICT = 'DISTRICT',
  CASE_TYPE = 'CASE_TYPE',
  LEAD_ORGANISATION = 'LEAD_ORGANISATION',
  PERIOD = 'PERIOD',
}
registerEnumType(SummaryGroupBy, { name: 'SummaryGroupBy' });

export enum SummaryPeriod {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}
registerEnumType(SummaryPeriod, { name: 'SummaryPeriod' });

@ObjectType('CatalogueIndicator')
export class CatalogueIndicatorModel {
  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field(() => Int, { description: 'Entries are never edited: a change is a new version' })
  version: number;

  @Field({ description: 'In the caller’s language' })
  name: string;

  @Field()
  description: string;

  @Field()
  namePl: string;

  @Field()
  nameEn: string;

  @Field(() => IndicatorUnit)
  unit: IndicatorUnit;

  @Field(() => IndicatorDirection)
  direction: IndicatorDirection;

  @Field(() => IndicatorSource)
  source: IndicatorSource;

  @Field(() => Cadence, { description: 'Suggested cadence' })
  cadence: Cadence;
}

@ObjectType('Measurement')
export class MeasurementModel {
  @Field(() => ID)
  id: string;

  @Field(() => Float)
  value: number;

  @Field({ description: 'YYYY-MM-DD' })
  measuredOn: string;

  @Field()
  sourceNote: string;

  @Field(() => Int, { nullable: true })
  sampleSize: number | null;

  @Field(() => ID, { nullable: true, description: 'The measurement this one corrects' })
  supersedesId: string | null;

  @Field(() => String, { nullable: true, description: 'Who recorded it' })
  recordedBy: string | null;

  @Field()
  recordedAt: Date;
}

@ObjectType('Indicator')
export class IndicatorModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  caseId: string;

  @Field(() => String, { nullable: true, description: 'The catalogue code; null for a custom indicator' })
  code: string | null;

  @Field(() => Int, { nullable: true, description: 'The catalogue version it follows' })
  catalogueVersion: number | null;

  @Field()
  name: string;

  @Field(() => IndicatorUnit)
  unit: IndicatorUnit;

  @Field(() => IndicatorDirection)
  direction: IndicatorDirection;

  @Field(() => IndicatorSource)
  source: IndicatorSource;

  @Field(() => Cadence)
  cadence: Cadence;

  @Field(() => Float)
  baselineValue: number;

  @Field()
  baselineDate: string;

  @Field(() => Float)
  targetValue: number;

  @Field()
  targetDate: string;

  @Field(() => Float, { nullable: true })
  latestValue: number | null;

  @Field(() => String, { nullable: true })
  latestMeasuredOn: string | null;

  @Field(() => Float, { nullable: true, description: 'Progress towards the target, 0–100, direction-aware' })
  progress: number | null;

  @Field(() => Float, { description: 'Progress a straight-line plan expects by today, 0–100' })
  expectedProgress: number;

  @Field(() => Boolean, { nullable: true })
  onTrack: boolean | null;

  @Field(() => Boolean, { nullable: true })
  targetReached: boolean | null;

  @Field({ description: 'The cadence asks for a measurement in the current period' })
  measurementDue: boolean;

  @Field(() => [MeasurementModel], { description: 'Measurements in date order; corrected ones are replaced' })
  series: MeasurementModel[];

  @Field(() => Int)
  version: number;
}

@ObjectType()
export class IndicatorSummaryGroup {
  @Field({ description: 'District, case type, lead organisation name or period (2026-11, 2026-Q4)' })
  key: string;

  @Field(() => Int)
  caseCount: number;

  @Field({ description: 'Fewer than five cases: figures withheld for analysts' })
  suppressed: boolean;

  @Field(() => Float, { nullable: true })
  medianProgress: number | null;

  @Field(() => Float, { nullable: true })
  meanProgress: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of indicators on track, 0–100' })
  shareOnTrack: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean of the latest values' })
  meanLatestValue: number | null;
}

@ObjectType()
export class IndicatorSummary {
  @Field()
  code: string;

  @Field(() => SummaryGroupBy)
  groupBy: SummaryGroupBy;

  @Field(() => Int)
  totalCases: number;

  @Field(() => [IndicatorSummaryGroup])
  groups: IndicatorSummaryGroup[];
}

@ObjectType()
export class SurveyImportResult {
  @Field(() => Int)
  imported: number;

  @Field(() => [IndicatorModel])
  indicators: IndicatorModel[];
}
