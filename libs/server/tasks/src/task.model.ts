import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ActionKind, ActionStatus, CasePriority, TaskStatus, UnavailabilityReason } from '@cg/shared/domain';
import { ConnectionType, OrganisationModel } from '@cg/server/core';

registerEnumType(ActionStatus, { name: 'ActionStatus' });
registerEnumType(TaskStatus, { name: 'TaskStatus', description: 'PROPOSED → ACCEPTED → IN_PROGRESS → DONE; DECLINED, BLOCKED, CANCELLED' });
registerEnumType(UnavailabilityReason, { name: 'UnavailabilityReason' });

@ObjectType()
export class TaskPerson {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;

  @Field(() => ID)
  organisationId: string;
}

@ObjectType('Task')
export class TaskModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  caseId: string;

  @Field(() => String, { description: 'The case reference, e.g. KPPLEG/2026/0001' })
  caseReference: string;

  @Field(() => ID, { nullable: true })
  actionId: string | null;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => OrganisationModel, { description: 'The organisation the task is for' })
  organisation: OrganisationModel;

  @Field(() => TaskPerson, { nullable: true })
  assignee: TaskPerson | null;

  @Field(() => TaskPerson, { nullable: true })
  requestedBy: TaskPerson | null;

  @Field(() => ID)
  requesterOrganisationId: string;

  @Field({ description: 'A task for another organisation than the requester’s, to be accepted or declined' })
  isRequest: boolean;

  @Field({ description: 'YYYY-MM-DD' })
  dueDate: string;

  @Field(() => CasePriority)
  priority: CasePriority;

  @Field(() => Int)
  effortPoints: number;

  @Field(() => TaskStatus)
  status: TaskStatus;

  @Field({ description: 'Open and past its due date' })
  overdue: boolean;

  @Field(() => String, { nullable: true, description: 'Why the organisation declined (the requester sees it)' })
  declineReason: string | null;

  @Field(() => String, { nullable: true })
  blockReason: string | null;

  @Field(() => String, { nullable: true, description: 'Why a coordinator assigned beyond the person’s capacity' })
  capacityOverrideReason: string | null;

  @Field({ description: 'The assignee became unavailable: someone should take it over' })
  needsReassignment: boolean;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  respondedAt: Date | null;

  @Field(() => Int)
  version: number;
}

@ObjectType({ description: 'What you may do with this task now (the API decides; the web app shows)' })
export class TaskViewerPermissions {
  @Field({ description: 'respondToTask: accept or decline (a PROPOSED task)' })
  respond: boolean;

  @Field({ description: 'assignTask: name who does it (a PROPOSED or open accepted task)' })
  assign: boolean;

  @Field({ description: 'Assign beyond capacity with a reason (capacityOverrideReason)' })
  overrideCapacity: boolean;

  @Field({ description: 'changeTaskStatus to CANCELLED (the requester, an open task)' })
  cancel: boolean;

  @Field(() => [TaskStatus], { description: 'The statuses changeTaskStatus moves it to for you (BLOCKED needs a reason)' })
  moveTo: TaskStatus[];
}

export const TaskConnection = ConnectionType(TaskModel, 'Task');

@ObjectType('Action')
export class ActionModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  caseId: string;

  @Field(() => ActionKind)
  kind: ActionKind;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => OrganisationModel)
  leadOrganisation: OrganisationModel;

  @Field({ description: 'YYYY-MM-DD' })
  startsOn: string;

  @Field({ description: 'YYYY-MM-DD' })
  endsOn: string;

  @Field(() => ActionStatus)
  status: ActionStatus;

  @Field(() => String, { nullable: true })
  cancelReason: string | null;

  @Field(() => Int)
  version: number;
}

@ObjectType()
export class ActionProgress {
  @Field(() => Int)
  tasks: number;

  @Field(() => Int)
  done: number;

  @Field(() => Int)
  open: number;

  @Field(() => Int)
  overdue: number;

  @Field(() => Float, { description: 'Share of effort points done, 0–100' })
  percentDone: number;
}

@ObjectType()
export class Unavailability {
  @Field()
  startsOn: string;

  @Field()
  endsOn: string;

  @Field(() => UnavailabilityReason)
  reason: UnavailabilityReason;
}

@ObjectType()
export class PersonWorkload {
  @Field(() => TaskPerson)
  person: TaskPerson;

  @Field(() => Int, { description: 'Effort points of open tasks (accepted, in progress, blocked) due within 14 days' })
  load: number;

  @Field(() => Int, { description: 'Weekly capacity in points' })
  capacity: number;

  @Field(() => Float, { description: 'load / capacity (capacity 0 counts as fully loaded when any load)' })
  loadRatio: number;

  @Field({ description: 'Load above capacity' })
  overCapacity: boolean;

  @Field(() => Int)
  overdueCount: number;

  @Field(() => Int, { description: 'Open tasks due within the next 7 days' })
  dueThisWeek: number;

  @Field(() => Unavailability, { nullable: true, description: 'Current or next period away' })
  unavailable: Unavailability | null;
}

export const PersonWorkloadConnection = ConnectionType(PersonWorkload, 'PersonWorkload');

@ObjectType()
export class OrganisationWorkloadSummary {
  @Field(() => Int, { description: 'Requests from other organisations awaiting an answer' })
  openRequests: number;

  @Field(() => Float, { nullable: true, description: 'Average hours to answer a request (last 90 days)' })
  averageAnswerHours: number | null;

  @Field(() => Int)
  overdueCount: number;

  @Field(() => Int)
  peopleOverCapacity: number;
}

@ObjectType()
export class Workload {
  @Field(() => ID)
  organisationId: string;

  @Field(() => OrganisationWorkloadSummary)
  summary: OrganisationWorkloadSummary;

  @Field(() => PersonWorkloadConnection, { description: 'Ordered by load relative to capacity, highest first' })
  people: InstanceType<typeof PersonWorkloadConnection>;
}
