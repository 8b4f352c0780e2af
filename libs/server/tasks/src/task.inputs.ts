import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ActionKind, CasePriority, TaskStatus, UnavailabilityReason } from '@cg/shared/domain';
import { PageArgs } from '@cg/server/core';

@InputType()
export class PlanActionInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field(() => ActionKind)
  @IsEnum(ActionKind)
  kind: ActionKind;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(5000)
  description: string;

  @Field(() => ID, { nullable: true, description: 'A participant organisation; your own by default' })
  @IsOptional()
  @IsUUID()
  leadOrganisationId?: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  startsOn: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  endsOn: string;
}

@InputType()
export class UpdateActionInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => ActionKind, { nullable: true })
  @IsOptional()
  @IsEnum(ActionKind)
  kind?: ActionKind;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  startsOn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsOn?: string;
}

@InputType()
export class CancelActionInput {
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
export class CreateTaskInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  actionId?: string;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(5000)
  description: string;

  @Field(() => ID, { description: 'The organisation the task is for; another than yours makes it a request' })
  @IsUUID()
  organisationId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  dueDate: string;

  @Field(() => CasePriority, { defaultValue: CasePriority.MEDIUM })
  @IsEnum(CasePriority)
  priority: CasePriority;

  @Field(() => Int, { defaultValue: 1, description: 'Effort points, 1–40' })
  @IsInt()
  @Min(1)
  @Max(40)
  effortPoints: number;

  @Field({ nullable: true, description: 'Coordinators: assign beyond the assignee’s capacity, with this reason (audited)' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  capacityOverrideReason?: string;
}

@InputType()
export class RespondToTaskInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field()
  @IsBoolean()
  accept: boolean;

  @Field({ nullable: true, description: 'Required when declining; the requester sees it' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @Field(() => ID, { nullable: true, description: 'Who will do it (accepting)' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  capacityOverrideReason?: string;
}

@InputType()
export class AssignTaskInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => ID)
  @IsUUID()
  assigneeId: string;

  @Field({ nullable: true, description: 'Coordinators: assign beyond capacity with this reason (audited, visible on the task)' })
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  capacityOverrideReason?: string;
}

@InputType()
export class ChangeTaskStatusInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => TaskStatus, { description: 'IN_PROGRESS, DONE, BLOCKED (with a reason), back from BLOCKED, or CANCELLED (the requester)' })
  @IsEnum(TaskStatus)
  status: TaskStatus;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

@InputType()
export class MarkUnavailableInput {
  @Field(() => ID, { nullable: true, description: 'Yourself by default; coordinators may mark colleagues' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  startsOn: string;

  @Field({ description: 'YYYY-MM-DD, inclusive' })
  @IsISO8601({ strict: true })
  endsOn: string;

  @Field(() => UnavailabilityReason)
  @IsEnum(UnavailabilityReason)
  reason: UnavailabilityReason;
}

@InputType()
export class TaskFilter {
  @Field(() => [TaskStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(7)
  @IsEnum(TaskStatus, { each: true })
  status?: TaskStatus[];

  @Field({ nullable: true, description: 'Due strictly before this day (YYYY-MM-DD)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueBefore?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
}

@ArgsType()
export class TasksArgs extends PageArgs {
  @Field(() => TaskFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskFilter)
  filter?: TaskFilter;
}

@ArgsType()
export class WorkloadArgs {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;
}
