import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Matches } from 'class-validator';
import { Cadence, IndicatorDirection, IndicatorSource, IndicatorUnit } from '@cg/shared/domain';
import { BooleanField, DayField, EnumField, FiniteNumberField, IdField, IntField, TextField } from '@cg/server/core';
import { SummaryGroupBy, SummaryPeriod } from './indicator.model';

/** A catalogue indicator's code: a capital letter, then 2–39 capitals, digits or underscores. */
const CATALOGUE_CODE = /^[A-Z][A-Z0-9_]{2,39}$/;

@InputType()
export class AddCatalogueIndicatorInput {
  @Field({ description: 'An existing code gets a new version; a new code starts at version 1' })
  @Matches(CATALOGUE_CODE)
  code: string;

  @TextField({ min: 3, max: 200 })
  namePl: string;

  @TextField({ min: 3, max: 200 })
  nameEn: string;

  @TextField({ max: 2000 })
  descriptionPl: string;

  @TextField({ max: 2000 })
  descriptionEn: string;

  @EnumField(IndicatorUnit)
  unit: IndicatorUnit;

  @EnumField(IndicatorDirection)
  direction: IndicatorDirection;

  @EnumField(IndicatorSource)
  source: IndicatorSource;

  @EnumField(Cadence)
  cadence: Cadence;
}

@InputType()
export class DefineIndicatorInput {
  @IdField()
  caseId: string;

  @Field({ nullable: true, description: 'A catalogue code (its latest version); omit for a custom indicator' })
  @IsOptional()
  @Matches(CATALOGUE_CODE)
  catalogueCode?: string;

  @TextField({ optional: true, min: 3, max: 200, description: 'Custom indicators: the name' })
  name?: string;

  @EnumField(IndicatorUnit, { optional: true })
  unit?: IndicatorUnit;

  @EnumField(IndicatorDirection, { optional: true })
  direction?: IndicatorDirection;

  @EnumField(IndicatorSource, { optional: true })
  source?: IndicatorSource;

  @EnumField(Cadence, { optional: true, description: 'Defaults to the catalogue’s suggestion' })
  cadence?: Cadence;

  @FiniteNumberField()
  baselineValue: number;

  @DayField({ description: 'YYYY-MM-DD' })
  baselineDate: string;

  @FiniteNumberField()
  targetValue: number;

  @DayField({ description: 'YYYY-MM-DD' })
  targetDate: string;
}

@InputType()
export class RecordMeasurementInput {
  @IdField()
  indicatorId: string;

  @FiniteNumberField()
  value: number;

  @DayField({ description: 'YYYY-MM-DD: today (in Europe/Warsaw) or earlier' })
  measuredOn: string;

  @TextField({ max: 1000, defaultValue: '' })
  sourceNote: string;

  @IntField({ optional: true, min: 1 })
  sampleSize?: number;

  @IdField({ optional: true, description: 'A correction: the measurement this one replaces' })
  supersedesId?: string;
}

@InputType()
export class ImportSurveyInput {
  @IdField()
  caseId: string;

  @Field({ description: 'CSV with the header indicator_code,area,positive_percent,sample_size,measured_on: per row the percentage (0–100) of positive answers, to a PERCENT indicator of the case, dated today or earlier; at most 5000 rows' })
  @IsString()
  csv: string;

  @TextField({ max: 1000, defaultValue: '' })
  sourceNote: string;
}

@ArgsType()
export class IndicatorSummaryArgs {
  @Field({ description: 'A catalogue code' })
  @Matches(CATALOGUE_CODE)
  code: string;

  @EnumField(SummaryGroupBy)
  groupBy: SummaryGroupBy;

  @EnumField(SummaryPeriod, { defaultValue: SummaryPeriod.QUARTER })
  period: SummaryPeriod;
}

@ArgsType()
export class CatalogueArgs {
  @BooleanField({ defaultValue: false, description: 'Every version, not only the latest of each code' })
  allVersions: boolean;
}
