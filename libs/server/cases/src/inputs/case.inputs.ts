import { Field, Float, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsLatitude, IsLongitude, IsOptional } from 'class-validator';
import { AREA_POLYGON_LIMITS, CaseOutcome, CasePhase, CasePriority, CaseType, Escalation } from '@cg/shared/domain';
import { DayField, EnumField, IdField, NestedField, TextField, VersionedInput, VersionField } from '@cg/server/core';
import { LONG_TEXT } from './limits';
import { TemplateChoiceInput } from '../templates/template.inputs';

@InputType()
export class DiagnosisInput {
  @TextField({ max: LONG_TEXT, description: 'What is the problem' })
  what: string;

  @TextField({ max: LONG_TEXT, defaultValue: '' })
  where: string;

  @TextField({ max: LONG_TEXT, defaultValue: '' })
  when: string;

  @TextField({ max: LONG_TEXT, defaultValue: '' })
  who: string;

  @TextField({ max: LONG_TEXT, defaultValue: '' })
  sources: string;
}

/** A GeoJSON Polygon; its shape and size are checked by the service (`geoPolygonProblem`), a bad one is BAD_USER_INPUT. */
@InputType()
export class GeoPolygonInput {
  @TextField({ max: 20, description: 'Must be "Polygon"' })
  type: string;

  @Field(() => [[[Float]]], { description: 'The outline, then any holes: closed rings of [longitude, latitude] (WGS84)' })
  @IsArray()
  @ArrayMaxSize(AREA_POLYGON_LIMITS.maxRings)
  coordinates: number[][][];
}

@InputType()
export class AreaInput {
  @TextField({ min: 1, max: 120 })
  district: string;

  @TextField({ max: 300, defaultValue: '' })
  address: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsLatitude()
  latitude?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsLongitude()
  longitude?: number;

  @NestedField(() => GeoPolygonInput, {
    optional: true,
    description: 'The area of the problem, a small GeoJSON polygon (at most 500 positions, 0.5° across); left out: none',
  })
  polygon?: GeoPolygonInput;
}

@InputType()
export class OpenCaseInput {
  @TextField({ min: 3, max: 200 })
  title: string;

  @EnumField(CaseType)
  type: CaseType;

  @NestedField(() => AreaInput)
  area: AreaInput;

  @NestedField(() => DiagnosisInput)
  diagnosis: DiagnosisInput;

  @TextField({ max: LONG_TEXT, defaultValue: '' })
  goal: string;

  @EnumField(CasePriority, { defaultValue: CasePriority.MEDIUM })
  priority: CasePriority;

  @DayField({ optional: true, description: 'YYYY-MM-DD' })
  reviewDate?: string;

  @NestedField(() => TemplateChoiceInput, { optional: true, description: 'Open from the type’s template: the items left ticked are created with the case' })
  template?: TemplateChoiceInput;
}

/** Not a `VersionedInput`: its `version` carries a description in the schema that the others do not. */
@InputType()
export class UpdateCaseInput {
  @IdField()
  id: string;

  @VersionField({ description: 'The version you read; a stale one is CONFLICT' })
  version: number;

  @TextField({ optional: true, min: 3, max: 200 })
  title?: string;

  @EnumField(CaseType, { optional: true })
  type?: CaseType;

  @NestedField(() => AreaInput, { optional: true })
  area?: AreaInput;

  @NestedField(() => DiagnosisInput, { optional: true })
  diagnosis?: DiagnosisInput;

  @TextField({ optional: true, max: LONG_TEXT })
  goal?: string;

  @EnumField(CasePriority, { optional: true })
  priority?: CasePriority;

  @DayField({ optional: true, description: 'YYYY-MM-DD' })
  reviewDate?: string;
}

@InputType()
export class ChangeCasePhaseInput extends VersionedInput {
  @EnumField(CasePhase, { description: 'One step forward, or back (with a reason). Closing uses closeCase.' })
  phase: CasePhase;

  @TextField({ optional: true, max: 2000, description: 'Required when going back' })
  reason?: string;
}

@InputType()
export class EscalateCaseInput extends VersionedInput {
  @EnumField(Escalation)
  escalation: Escalation;

  @TextField({ min: 3, max: 2000 })
  reason: string;
}

@InputType()
export class CloseCaseInput extends VersionedInput {
  @EnumField(CaseOutcome)
  outcome: CaseOutcome;

  @TextField({ min: 3, max: LONG_TEXT })
  assessment: string;

  @TextField({
    optional: true,
    min: 10,
    max: 2000,
    description: 'Required when an indicator has no measurement after its baseline: why close without one',
  })
  indicatorWaiverReason?: string;
}

@InputType()
export class ReopenCaseInput extends VersionedInput {
  @TextField({ min: 3, max: 2000 })
  reason: string;
}
