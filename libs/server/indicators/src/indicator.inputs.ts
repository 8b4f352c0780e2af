import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Cadence, IndicatorDirection, IndicatorSource, IndicatorUnit } from '@cg/shared/domain';
import { SummaryGroupBy, SummaryPeriod } from './indicator.model';

@InputType()
export class AddCatalogueIndicatorInput {
  @Field({ description: 'An existing code gets a new version; a new code starts at version 1' })
  @Matches(/^[A-Z][A-Z0-9_]{2,39}$/)
  code: string;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  namePl: string;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  nameEn: string;

  @Field()
  @IsString()
  @MaxLength(2000)
  descriptionPl: string;

  @Field()
  @IsString()
  @MaxLength(2000)
  descriptionEn: string;

  @Field(() => IndicatorUnit)
  @IsEnum(IndicatorUnit)
  unit: IndicatorUnit;

  @Field(() => IndicatorDirection)
  @IsEnum(IndicatorDirection)
  direction: IndicatorDirection;

  @Field(() => IndicatorSource)
  @IsEnum(IndicatorSource)
  source: IndicatorSource;

  @Field(() => Cadence)
  @IsEnum(Cadence)
  cadence: Cadence;
}

@InputType()
export class DefineIndicatorInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field({ nullable: true, description: 'A catalogue code (its latest version); omit for a custom indicator' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{2,39}$/)
  catalogueCode?: string;

  @Field({ nullable: true, description: 'Custom indicators: the name' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  name?: string;

  @Field(() => IndicatorUnit, { nullable: true })
  @IsOptional()
  @IsEnum(IndicatorUnit)
  unit?: IndicatorUnit;

  @Field(() => IndicatorDirection, { nullable: true })
  @IsOptional()
  @IsEnum(IndicatorDirection)
  direction?: IndicatorDirection;

  @Field(() => IndicatorSource, { nullable: true })
  @IsOptional()
  @IsEnum(IndicatorSource)
  source?: IndicatorSource;

  @Field(() => Cadence, { nullable: true, description: 'Defaults to the catalogue’s suggestion' })
  @IsOptional()
  @IsEnum(Cadence)
  cadence?: Cadence;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  baselineValue: number;

  @Field({ description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  baselineDate: string;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  targetValue: number;

  @Field({ description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  targetDate: string;
}

@InputType()
export class RecordMeasurementInput {
  @Field(() => ID)
  @IsUUID()
  indicatorId: string;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @Field({ description: 'YYYY-MM-DD: today (in Europe/Warsaw) or earlier' })
  @IsISO8601({ strict: true })
  measuredOn: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(1000)
  sourceNote: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  sampleSize?: number;

  @Field(() => ID, { nullable: true, description: 'A correction: the measurement this one replaces' })
  @IsOptional()
  @IsUUID()
  supersedesId?: string;
}

@InputType()
export class ImportSurveyInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field({ description: 'CSV with the header indicator_code,area,positive_percent,sample_size,measured_on: per row the percentage (0–100) of positive answers, to a PERCENT indicator of the case, dated today or earlier; at most 5000 rows' })
  @IsString()
  csv: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(1000)
  sourceNote: string;
}

@ArgsType()
export class IndicatorSummaryArgs {
  @Field({ description: 'A catalogue code' })
  @Matches(/^[A-Z][A-Z0-9_]{2,39}$/)
  code: string;

  @Field(() => SummaryGroupBy)
  @IsEnum(SummaryGroupBy)
  groupBy: SummaryGroupBy;

  @Field(() => SummaryPeriod, { defaultValue: SummaryPeriod.QUARTER })
  @IsEnum(SummaryPeriod)
  period: SummaryPeriod;
}

@ArgsType()
export class CatalogueArgs {
  @Field({ defaultValue: false, description: 'Every version, not only the latest of each code' })
  @IsBoolean()
  allVersions: boolean;
}
