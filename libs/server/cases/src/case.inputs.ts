import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  Attitude,
  DataCategory,
  CaseOutcome,
  CasePhase,
  CasePriority,
  CaseType,
  Escalation,
  Level,
  ParticipantRole,
  PartnerInputKind,
  RiskStatus,
  TriangleRole,
  UpdateKind,
  Visibility,
} from '@cg/shared/domain';
import { PageArgs } from '@cg/server/core';
import { CaseOrder, ReviewDecision } from './enums.graphql';

const TEXT = 5000;

@InputType()
export class DiagnosisInput {
  @Field({ description: 'What is the problem' })
  @IsString()
  @MaxLength(TEXT)
  what: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(TEXT)
  where: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(TEXT)
  when: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(TEXT)
  who: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(TEXT)
  sources: string;
}

@InputType()
export class AreaInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  district: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(300)
  address: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsLatitude()
  latitude?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsLongitude()
  longitude?: number;
}

@InputType()
export class OpenCaseInput {
  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @Field(() => CaseType)
  @IsEnum(CaseType)
  type: CaseType;

  @Field(() => AreaInput)
  @ValidateNested()
  @Type(() => AreaInput)
  area: AreaInput;

  @Field(() => DiagnosisInput)
  @ValidateNested()
  @Type(() => DiagnosisInput)
  diagnosis: DiagnosisInput;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(TEXT)
  goal: string;

  @Field(() => CasePriority, { defaultValue: CasePriority.MEDIUM })
  @IsEnum(CasePriority)
  priority: CasePriority;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsISO8601({ strict: true })
  reviewDate?: string;
}

@InputType()
export class UpdateCaseInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read; a stale one is CONFLICT' })
  @IsInt()
  @Min(1)
  version: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title?: string;

  @Field(() => CaseType, { nullable: true })
  @IsOptional()
  @IsEnum(CaseType)
  type?: CaseType;

  @Field(() => AreaInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AreaInput)
  area?: AreaInput;

  @Field(() => DiagnosisInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DiagnosisInput)
  diagnosis?: DiagnosisInput;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  goal?: string;

  @Field(() => CasePriority, { nullable: true })
  @IsOptional()
  @IsEnum(CasePriority)
  priority?: CasePriority;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsISO8601({ strict: true })
  reviewDate?: string;
}

@InputType()
export class ChangeCasePhaseInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => CasePhase, { description: 'One step forward, or back (with a reason). Closing uses closeCase.' })
  @IsEnum(CasePhase)
  phase: CasePhase;

  @Field({ nullable: true, description: 'Required when going back' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

@InputType()
export class EscalateCaseInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => Escalation)
  @IsEnum(Escalation)
  escalation: Escalation;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

@InputType()
export class CloseCaseInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => CaseOutcome)
  @IsEnum(CaseOutcome)
  outcome: CaseOutcome;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(TEXT)
  assessment: string;

  @Field({ nullable: true, description: 'Required when an indicator has no measurement after its baseline: why close without one' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  indicatorWaiverReason?: string;
}

@InputType()
export class ReopenCaseInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

@InputType()
export class AddCaseParticipantInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => ParticipantRole, { defaultValue: ParticipantRole.PARTNER, description: 'PARTNER or CONSULTED' })
  @IsEnum(ParticipantRole)
  role: ParticipantRole;

  @Field({ nullable: true, description: 'Required when no partnership agreement with the lead organisation is in force; audited' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(1000)
  overrideReason?: string;

  @Field(() => [DataCategory], {
    nullable: true,
    description: 'With an override reason: the data categories the override shares (at least one); audited. Unused while an agreement is in force.',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsEnum(DataCategory, { each: true })
  grantedCategories?: DataCategory[];
}

@InputType()
export class RebaseCaseParticipantInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field({ description: 'Why the organisation takes part on the coordinator’s authority (e.g. while a new agreement is signed); audited' })
  @IsString()
  @MinLength(10)
  @MaxLength(1000)
  overrideReason: string;

  @Field(() => [DataCategory], { description: 'The data categories the override shares (at least one); used while no agreement with the lead is in force' })
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsEnum(DataCategory, { each: true })
  grantedCategories: DataCategory[];
}

@InputType()
export class RemoveCaseParticipantInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field(() => ID)
  @IsUUID()
  organisationId: string;
}

@InputType()
export class PostCaseUpdateInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field(() => UpdateKind, { description: 'PHASE_CHANGE updates are posted by changeCasePhase' })
  @IsEnum(UpdateKind)
  kind: UpdateKind;

  @Field(() => Visibility)
  @IsEnum(Visibility)
  visibility: Visibility;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  body: string;
}

@InputType()
export class SubmitPartnerInputInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field(() => PartnerInputKind)
  @IsEnum(PartnerInputKind)
  kind: PartnerInputKind;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(TEXT)
  body: string;
}

@InputType()
export class ReviewPartnerInputInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => ReviewDecision)
  @IsEnum(ReviewDecision)
  decision: ReviewDecision;

  @Field({ description: 'Always required: the partner sees it' })
  @IsString()
  @MinLength(3)
  @MaxLength(TEXT)
  response: string;
}

@InputType()
export class AddStakeholderInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => TriangleRole)
  @IsEnum(TriangleRole)
  triangleRole: TriangleRole;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(TEXT)
  interests: string;

  @Field(() => Level, { defaultValue: Level.MEDIUM })
  @IsEnum(Level)
  influence: Level;

  @Field(() => Attitude, { defaultValue: Attitude.UNKNOWN })
  @IsEnum(Attitude)
  attitude: Attitude;

  @Field({ defaultValue: '', description: 'Personal data' })
  @IsString()
  @MaxLength(1000)
  contactDetails: string;

  @Field({ defaultValue: '', description: 'Personal data' })
  @IsString()
  @MaxLength(TEXT)
  notes: string;
}

@InputType()
export class UpdateStakeholderInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @Field(() => TriangleRole, { nullable: true })
  @IsOptional()
  @IsEnum(TriangleRole)
  triangleRole?: TriangleRole;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  interests?: string;

  @Field(() => Level, { nullable: true })
  @IsOptional()
  @IsEnum(Level)
  influence?: Level;

  @Field(() => Attitude, { nullable: true })
  @IsOptional()
  @IsEnum(Attitude)
  attitude?: Attitude;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  contactDetails?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  notes?: string;
}

@InputType()
export class RemoveStakeholderInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

@InputType()
export class AssessTrustRiskInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(TEXT)
  description: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(5)
  likelihood: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(5)
  impact: number;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(TEXT)
  mitigation: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  ownerUserId?: string;
}

@InputType()
export class UpdateTrustRiskInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  description?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  likelihood?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  impact?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  mitigation?: string;

  @Field(() => RiskStatus, { nullable: true })
  @IsOptional()
  @IsEnum(RiskStatus)
  status?: RiskStatus;
}

@InputType()
export class CaseFilter {
  @Field(() => [CasePhase], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(CasePhase, { each: true })
  phase?: CasePhase[];

  @Field(() => [CaseType], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(CaseType, { each: true })
  type?: CaseType[];

  @Field(() => [Escalation], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsEnum(Escalation, { each: true })
  escalation?: Escalation[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  leadOrganisationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  participantOrganisationId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  district?: string;

  @Field({ nullable: true, description: 'Review date strictly before this day (YYYY-MM-DD)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  reviewBefore?: string;

  @Field({
    nullable: true,
    description: 'true: cases with partner input awaiting a review you may give (SUBMITTED or ACKNOWLEDGED); false: cases with none',
  })
  @IsOptional()
  @IsBoolean()
  inputsAwaitingReview?: boolean;

  @Field({ nullable: true, description: 'Full-text search over reference, title and diagnosis' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

@ArgsType()
export class CasesArgs extends PageArgs {
  @Field(() => CaseFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CaseFilter)
  filter?: CaseFilter;

  @Field(() => CaseOrder, { defaultValue: CaseOrder.LAST_ACTIVITY })
  @IsEnum(CaseOrder)
  orderBy: CaseOrder;
}
