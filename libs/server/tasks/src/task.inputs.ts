import { ArgsType, InputType } from '@nestjs/graphql';
import { ActionKind, CasePriority, TaskStatus, UnavailabilityReason } from '@cg/shared/domain';
import { BooleanField, DayField, EnumField, EnumListField, IdField, IntField, NestedField, PageArgs, TextField, VersionedInput } from '@cg/server/core';

@InputType()
export class PlanActionInput {
  @IdField()
  caseId: string;

  @EnumField(ActionKind)
  kind: ActionKind;

  @TextField({ min: 3, max: 200 })
  title: string;

  @TextField({ max: 5000, defaultValue: '' })
  description: string;

  @IdField({ optional: true, description: 'A participant organisation; your own by default' })
  leadOrganisationId?: string;

  @DayField({ description: 'YYYY-MM-DD' })
  startsOn: string;

  @DayField({ description: 'YYYY-MM-DD' })
  endsOn: string;
}

@InputType()
export class UpdateActionInput extends VersionedInput {
  @EnumField(ActionKind, { optional: true })
  kind?: ActionKind;

  @TextField({ optional: true, min: 3, max: 200 })
  title?: string;

  @TextField({ optional: true, max: 5000 })
  description?: string;

  @DayField({ optional: true })
  startsOn?: string;

  @DayField({ optional: true })
  endsOn?: string;
}

@InputType()
export class CancelActionInput extends VersionedInput {
  @TextField({ min: 3, max: 2000 })
  reason: string;
}

@InputType()
export class CreateTaskInput {
  @IdField()
  caseId: string;

  @IdField({ optional: true })
  actionId?: string;

  @TextField({ min: 3, max: 200 })
  title: string;

  @TextField({ max: 5000, defaultValue: '' })
  description: string;

  @IdField({ description: 'The organisation the task is for; another than yours makes it a request' })
  organisationId: string;

  @IdField({ optional: true })
  assigneeId?: string;

  @DayField({ description: 'YYYY-MM-DD' })
  dueDate: string;

  @EnumField(CasePriority, { defaultValue: CasePriority.MEDIUM })
  priority: CasePriority;

  @IntField({ min: 1, max: 40, defaultValue: 1, description: 'Effort points, 1–40' })
  effortPoints: number;

  @TextField({
    optional: true,
    min: 10,
    max: 2000,
    description: 'Coordinators: assign beyond the assignee’s capacity, with this reason (audited)',
  })
  capacityOverrideReason?: string;
}

@InputType()
export class RespondToTaskInput extends VersionedInput {
  @BooleanField()
  accept: boolean;

  @TextField({ optional: true, max: 2000, description: 'Required when declining; the requester sees it' })
  reason?: string;

  @IdField({ optional: true, description: 'Who will do it (accepting)' })
  assigneeId?: string;

  @TextField({ optional: true, min: 10, max: 2000 })
  capacityOverrideReason?: string;
}

@InputType()
export class AssignTaskInput extends VersionedInput {
  @IdField()
  assigneeId: string;

  @TextField({
    optional: true,
    min: 10,
    max: 2000,
    description: 'Coordinators: assign beyond capacity with this reason (audited, visible on the task)',
  })
  capacityOverrideReason?: string;
}

@InputType()
export class ChangeTaskStatusInput extends VersionedInput {
  @EnumField(TaskStatus, { description: 'IN_PROGRESS, DONE, BLOCKED (with a reason), back from BLOCKED, or CANCELLED (the requester)' })
  status: TaskStatus;

  @TextField({ optional: true, max: 2000 })
  reason?: string;
}

@InputType()
export class MarkUnavailableInput {
  @IdField({ optional: true, description: 'Yourself by default; coordinators may mark colleagues' })
  userId?: string;

  @DayField({ description: 'YYYY-MM-DD' })
  startsOn: string;

  @DayField({ description: 'YYYY-MM-DD, inclusive' })
  endsOn: string;

  @EnumField(UnavailabilityReason)
  reason: UnavailabilityReason;
}

@InputType()
export class TaskFilter {
  @EnumListField(TaskStatus, { optional: true, maxSize: 7 })
  status?: TaskStatus[];

  @DayField({ optional: true, description: 'Due strictly before this day (YYYY-MM-DD)' })
  dueBefore?: string;

  @BooleanField({ optional: true })
  overdue?: boolean;
}

@ArgsType()
export class TasksArgs extends PageArgs {
  @NestedField(() => TaskFilter, { optional: true })
  filter?: TaskFilter;
}

@ArgsType()
export class WorkloadArgs {
  @IdField()
  organisationId: string;
}
