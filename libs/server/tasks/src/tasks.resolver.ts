import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import { CaseModel, IdArg, type GraphQLContext, type RequestContext } from '@cg/server/core';
import { IdempotencyService } from '@cg/server/db';
import { ActionsService } from './actions.service';
import {
  AssignTaskInput,
  CancelActionInput,
  ChangeTaskStatusInput,
  CreateTaskInput,
  MarkUnavailableInput,
  PlanActionInput,
  RespondToTaskInput,
  TasksArgs,
  UpdateActionInput,
  WorkloadArgs,
} from './task.inputs';
import { ActionModel, ActionProgress, OrganisationWorkloadSummary, PersonWorkloadConnection, TaskConnection, TaskModel, TaskViewerPermissions, Workload } from './task.model';
import { TaskReadsService } from './task-reads.service';
import { TasksService } from './tasks.service';
import { WorkloadService } from './workload.service';
import { PageArgs } from '@cg/server/core';

@Resolver(() => TaskModel)
export class TasksResolver {
  constructor(
    private readonly tasks: TasksService,
    private readonly reads: TaskReadsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Query(() => TaskConnection, { description: 'Tasks assigned to you, by due date' })
  @Authenticated()
  myTasks(@Args() args: TasksArgs, @CurrentRequest() request: RequestContext) {
    return this.reads.myTasks(request, args.filter, args.first, args.after);
  }

  @Query(() => TaskConnection, { description: 'Requests to your organisation waiting for an answer (PROPOSED tasks you may accept or decline), by due date' })
  @Policy('respond', 'Task')
  taskRequests(@Args() args: PageArgs, @CurrentRequest() request: RequestContext) {
    return this.reads.taskRequests(request, args.first, args.after);
  }

  @Query(() => TaskModel, { description: 'One task; NOT_FOUND unless your organisation takes part in its case' })
  @Policy('read', 'Task')
  task(@Args() { id }: IdArg, @CurrentRequest() request: RequestContext) {
    return this.reads.get(request, id);
  }

  @Mutation(() => TaskModel, { description: 'For your organisation: ACCEPTED with an assignee, else PROPOSED. For another: a request it accepts or declines.' })
  @Policy('create', 'Task')
  createTask(@Args('input') input: CreateTaskInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(request, 'createTask', input, () => this.tasks.create(request, input), (id: string) => this.reads.get(request, id));
  }

  @Mutation(() => TaskModel, { description: 'The organisation’s coordinator or the named person: accept, or decline with a reason the requester sees' })
  @Authenticated()
  respondToTask(@Args('input') input: RespondToTaskInput, @CurrentRequest() request: RequestContext) {
    return this.tasks.respond(request, input);
  }

  @Mutation(() => TaskModel, { description: 'Coordinators: refused with CAPACITY_EXCEEDED beyond the person’s capacity unless an override reason is given' })
  @Policy('assign', 'Task')
  assignTask(@Args('input') input: AssignTaskInput, @CurrentRequest() request: RequestContext) {
    return this.tasks.assign(request, input);
  }

  @Mutation(() => TaskModel)
  @Authenticated()
  changeTaskStatus(@Args('input') input: ChangeTaskStatusInput, @CurrentRequest() request: RequestContext) {
    return this.tasks.changeStatus(request, input);
  }

  @Mutation(() => [TaskModel], { description: 'Records a period away; returns the open tasks flagged for reassignment that the caller may read' })
  @Authenticated()
  markUnavailable(@Args('input') input: MarkUnavailableInput, @CurrentRequest() request: RequestContext) {
    return this.tasks.markUnavailable(request, input);
  }

  @ResolveField(() => TaskViewerPermissions, { description: 'What you may do with this task now (the API decides; the web app shows)' })
  viewerCan(@Parent() task: TaskModel, @GqlContext() context: GraphQLContext) {
    return this.reads.viewerPermissions(context).load(task.id);
  }
}

@Resolver(() => ActionModel)
export class ActionsResolver {
  constructor(
    private readonly actions: ActionsService,
    private readonly taskReads: TaskReadsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Mutation(() => ActionModel, { description: 'Agency staff and coordinators of a participant organisation' })
  @Policy('create', 'Action')
  planAction(@Args('input') input: PlanActionInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(request, 'planAction', input, () => this.actions.plan(request, input), (id: string) => this.actions.readable(request, id));
  }

  @Mutation(() => ActionModel)
  @Policy('update', 'Action')
  updateAction(@Args('input') input: UpdateActionInput, @CurrentRequest() request: RequestContext) {
    return this.actions.update(request, input);
  }

  @Mutation(() => ActionModel)
  @Policy('update', 'Action')
  cancelAction(@Args('input') input: CancelActionInput, @CurrentRequest() request: RequestContext) {
    return this.actions.cancel(request, input);
  }

  @ResolveField(() => [TaskModel])
  tasks(@Parent() action: ActionModel, @GqlContext() context: GraphQLContext) {
    return this.taskReads.byAction(context).load(action.id);
  }

  @ResolveField(() => ActionProgress)
  progress(@Parent() action: ActionModel, @GqlContext() context: GraphQLContext) {
    return this.actions.progress(context).load(action.id);
  }
}

/** Adds actions and tasks to the Case type, which the cases feature defines. */
@Resolver(() => CaseModel)
export class CaseTasksResolver {
  constructor(
    private readonly actions: ActionsService,
    private readonly tasks: TaskReadsService,
  ) {}

  @ResolveField('actions', () => [ActionModel], { description: 'Planned interventions, by start date' })
  caseActions(@Parent() model: { id: string }, @GqlContext() context: GraphQLContext) {
    return this.actions.byCase(context).load(model.id);
  }

  @ResolveField('tasks', () => TaskConnection, { description: 'The case’s tasks, by due date' })
  caseTasks(@Parent() model: { id: string }, @Args() args: TasksArgs, @GqlContext() context: GraphQLContext) {
    return this.tasks.byCase(context, args.filter, args.first, args.after).load(model.id);
  }
}

@Resolver(() => Workload)
export class WorkloadResolver {
  constructor(private readonly service: WorkloadService) {}

  @Query(() => Workload, { description: 'Coordinators: their organisation’s load, person by person, and a summary' })
  @Policy('read', 'Workload')
  async workload(@Args() { organisationId }: WorkloadArgs, @CurrentRequest() request: RequestContext) {
    await this.service.ensureReadable(request, organisationId);
    return { organisationId };
  }

  @ResolveField(() => OrganisationWorkloadSummary)
  summary(@Parent() parent: { organisationId: string }) {
    return this.service.summary(parent.organisationId);
  }

  @ResolveField(() => PersonWorkloadConnection)
  people(@Parent() parent: { organisationId: string }, @Args() page: PageArgs) {
    return this.service.people(parent.organisationId, page.first, page.after);
  }
}

