import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, LOAD_STATUSES, OPEN_STATUSES, TASK_MOVES, TaskStatus, type DomainEventPayloads, type DomainEventType, type TaskEvent } from '@cg/shared/domain';
import { hydrate, OutboxService, query, recordIdempotentResult, touchCase, TaskEntity, UnavailabilityEntity, UserEntity } from '@cg/server/db';
import { abilityOf, CaseAccess, subjectOf, type Action } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import type { RequestContext } from '@cg/server/core';
import { CapacityGuard } from './capacity-guard';
import type { AssignTaskInput, ChangeTaskStatusInput, CreateTaskInput, MarkUnavailableInput, RespondToTaskInput } from './task.inputs';
import type { TaskModel } from './task.model';
import { taskSubject, type TaskFacts } from './task-facts';
import { TaskReadsService } from './task-reads.service';
import { openTasksOfPersonFrom, taskForUpdate } from './tasks.queries';

const AUDITED: (keyof TaskEntity & string)[] = [
  'title', 'description', 'organisationId', 'assigneeId', 'dueDate', 'priority', 'effortPoints', 'status',
  'declineReason', 'blockReason', 'capacityOverrideReason', 'needsReassignment', 'actionId',
];

/** The task events this service writes whose payload is the task's ids and nothing more (the reminders' carry a day). */
type TaskIdsEventType = { [K in DomainEventType]: DomainEventPayloads[K] extends TaskEvent ? (TaskEvent extends DomainEventPayloads[K] ? K : never) : never }[DomainEventType];
type TaskEventType = TaskIdsEventType | 'task.assigned';

/**
 * The writes of tasks across agencies: create (or request of another organisation), answer, assign (within the
 * workload guard, see CapacityGuard), move through the statuses, and a person's period away. Each write answers
 * with the task as the caller reads it (TaskReadsService), one read by id.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly capacity: CapacityGuard,
    private readonly reads: TaskReadsService,
  ) {}

  async create(request: RequestContext, input: CreateTaskInput): Promise<TaskModel> {
    const actor = request.actor!;
    const id = await this.dataSource.transaction(async (manager) => {
      const caseFacts = await this.access.load(request, input.caseId, 'read', { manager });
      this.access.ensure(request, 'create', 'Task', caseFacts);
      if (!caseFacts.participantOrganisationIds.includes(input.organisationId)) throw DomainError.badInput('task.notParticipant', {}, { field: 'organisationId' });
      // A task for an organisation that may not see the case's tasks could never be answered.
      if (!caseFacts.sharing.tasksSharedWith.includes(input.organisationId)) throw DomainError.badInput('task.notShared', {}, { field: 'organisationId' });
      if (input.actionId) {
        // An action of a case the caller may not read is NOT_FOUND, like an id that does not exist.
        const actionFacts = await this.access.loadChild(request, 'Action', input.actionId, 'read', { manager });
        if (actionFacts.case.id !== input.caseId) throw DomainError.badInput('task.actionCase', {}, { field: 'actionId' });
      }
      const isRequest = input.organisationId !== actor.organisationId;
      const task = manager.getRepository(TaskEntity).create({
        caseId: input.caseId,
        actionId: input.actionId ?? null,
        title: input.title.trim(),
        description: input.description ?? '',
        organisationId: input.organisationId,
        assigneeId: null,
        requestedById: actor.userId,
        requesterOrganisationId: actor.organisationId,
        dueDate: input.dueDate.slice(0, 10),
        priority: input.priority,
        effortPoints: input.effortPoints,
        status: TaskStatus.PROPOSED,
      });
      let override = false;
      if (input.assigneeId) {
        if (isRequest) {
          // A named person in the other organisation, who (or whose coordinator) answers the request.
          await this.capacity.assigneeOf(manager, request, input.assigneeId, task.organisationId, false);
          task.assigneeId = input.assigneeId;
        } else {
          const facts = { task, caseFacts };
          if (input.assigneeId !== actor.userId) this.ensureTask(request, 'assign', facts);
          override = await this.capacity.check(manager, request, facts, input.assigneeId, input.capacityOverrideReason);
          task.assigneeId = input.assigneeId;
          task.status = TaskStatus.ACCEPTED;
          task.capacityOverrideReason = override ? (input.capacityOverrideReason ?? null) : null;
        }
      }
      const saved = await manager.getRepository(TaskEntity).save(task);
      await this.audit.record(request, { action: isRequest ? 'task.request' : 'task.create', entityType: 'Task', entityId: saved.id, changes: diffFields(null, saved, AUDITED), reason: override ? saved.capacityOverrideReason : null }, manager);
      await recordIdempotentResult(manager, request, saved.id);
      if (override) await this.audit.record(request, { action: 'task.capacity-override', entityType: 'Task', entityId: saved.id, reason: saved.capacityOverrideReason }, manager);
      await this.emit(manager, request, isRequest ? 'task.requested' : 'task.created', saved);
      if (saved.assigneeId && !isRequest) await this.emit(manager, request, 'task.assigned', saved, override);
      await touchCase(manager, saved.caseId);
      return saved.id;
    });
    return this.reads.get(request, id);
  }

  /** The organisation a task was asked of answers: accept (optionally naming who does it) or decline with a reason. */
  async respond(request: RequestContext, input: RespondToTaskInput): Promise<TaskModel> {
    await this.write(request, input.id, input.version, 'respond', async (facts, manager) => {
      const task = facts.task;
      if (task.status !== TaskStatus.PROPOSED) throw DomainError.badInput('task.notProposed', {}, { field: 'id' });
      task.respondedAt = new Date();
      if (!input.accept) {
        const reason = input.reason?.trim() ?? '';
        if (reason.length < 3) throw DomainError.badInput('task.reasonRequired', {}, { field: 'reason' });
        task.status = TaskStatus.DECLINED;
        task.declineReason = reason;
        return { action: 'task.decline', events: ['task.declined'] };
      }
      const assigneeId = input.assigneeId ?? task.assigneeId ?? (request.actor!.organisationId === task.organisationId && !this.can(request, 'assign', facts) ? request.actor!.userId : null);
      task.status = TaskStatus.ACCEPTED;
      if (assigneeId) {
        if (assigneeId !== request.actor!.userId && assigneeId !== task.assigneeId) this.ensureTask(request, 'assign', facts);
        const override = await this.capacity.check(manager, request, facts, assigneeId, input.capacityOverrideReason);
        task.assigneeId = assigneeId;
        task.capacityOverrideReason = override ? (input.capacityOverrideReason ?? null) : null;
        return { action: 'task.accept', events: ['task.accepted', 'task.assigned'], override };
      }
      return { action: 'task.accept', events: ['task.accepted'] };
    });
    return this.reads.get(request, input.id);
  }

  /** Names who does the task, within their capacity, or beyond it with a coordinator's recorded reason. */
  async assign(request: RequestContext, input: AssignTaskInput): Promise<TaskModel> {
    await this.write(request, input.id, input.version, 'assign', async (facts, manager) => {
      const task = facts.task;
      if (!LOAD_STATUSES.includes(task.status) && task.status !== TaskStatus.PROPOSED) {
        throw DomainError.badInput('task.transition', { from: task.status, to: TaskStatus.ACCEPTED }, { field: 'id' });
      }
      const override = await this.capacity.check(manager, request, facts, input.assigneeId, input.capacityOverrideReason);
      task.assigneeId = input.assigneeId;
      task.capacityOverrideReason = override ? (input.capacityOverrideReason ?? null) : null;
      task.needsReassignment = false;
      const events: TaskEventType[] = ['task.assigned'];
      if (task.status === TaskStatus.PROPOSED) {
        task.status = TaskStatus.ACCEPTED;
        task.respondedAt ??= new Date();
        events.unshift('task.accepted');
      }
      return { action: 'task.assign', events, override };
    });
    return this.reads.get(request, input.id);
  }

  /** ACCEPTED → IN_PROGRESS → DONE; BLOCKED with a reason and back; CANCELLED by the requester. */
  async changeStatus(request: RequestContext, input: ChangeTaskStatusInput): Promise<TaskModel> {
    const cancelling = input.status === TaskStatus.CANCELLED;
    await this.write(request, input.id, input.version, cancelling ? 'cancel' : 'progress', (facts) => {
      const task = facts.task;
      const from = task.status;
      const to = input.status;
      const reason = input.reason?.trim() ?? '';
      if (cancelling) {
        if (!OPEN_STATUSES.includes(from)) throw DomainError.badInput('task.transition', { from, to }, { field: 'status' });
        task.status = TaskStatus.CANCELLED;
        return { action: 'task.cancel', events: ['task.cancelled'], reason: reason || null };
      }
      const allowed = from === TaskStatus.BLOCKED ? [task.statusBeforeBlock ?? TaskStatus.ACCEPTED] : TASK_MOVES[from];
      if (!allowed.includes(to)) throw DomainError.badInput('task.transition', { from, to }, { field: 'status' });
      if (to === TaskStatus.BLOCKED) {
        if (reason.length < 3) throw DomainError.badInput('task.reasonRequired', {}, { field: 'reason' });
        task.statusBeforeBlock = from;
        task.blockReason = reason;
      }
      if (from === TaskStatus.BLOCKED) {
        task.statusBeforeBlock = null;
        task.blockReason = null;
      }
      task.status = to;
      if (to === TaskStatus.DONE) task.completedAt = new Date();
      const event: TaskEventType = to === TaskStatus.DONE ? 'task.done' : to === TaskStatus.BLOCKED ? 'task.blocked' : from === TaskStatus.BLOCKED ? 'task.unblocked' : 'task.started';
      return { action: `task.${to.toLowerCase().replace('_', '-')}`, events: [event], reason: reason || null };
    });
    return this.reads.get(request, input.id);
  }

  /**
   * Records a period away. New assignment to the person is refused while it lasts, and their open tasks
   * due from its first day are flagged for reassignment (each with an event for the notifications), on every case:
   * the answer lists those the caller may read.
   */
  async markUnavailable(request: RequestContext, input: MarkUnavailableInput): Promise<TaskModel[]> {
    const actor = request.actor!;
    if (input.endsOn.slice(0, 10) < input.startsOn.slice(0, 10)) throw DomainError.badInput('task.dates', {}, { field: 'endsOn' });
    const userId = input.userId ?? actor.userId;
    const flagged = await this.dataSource.transaction(async (manager) => {
      const person = await manager.getRepository(UserEntity).findOneBy({ id: userId, active: true });
      if (!person || (person.organisationId !== actor.organisationId && person.id !== actor.userId)) throw DomainError.notFound('User', !!person);
      if (!abilityOf(request).can('create', subjectOf('Unavailability', { userId: person.id, organisationId: person.organisationId }))) throw DomainError.forbidden();
      const saved = await manager.getRepository(UnavailabilityEntity).save({
        userId: person.id,
        startsOn: input.startsOn.slice(0, 10),
        endsOn: input.endsOn.slice(0, 10),
        reason: input.reason,
        createdById: actor.userId,
      });
      const tasks = (await query(manager, openTasksOfPersonFrom(person.id, saved.startsOn))).map((row) => hydrate(manager, TaskEntity, row));
      for (const task of tasks) {
        task.needsReassignment = true;
        await manager.getRepository(TaskEntity).save(task);
        await this.emit(manager, request, 'task.reassignment-needed', task);
      }
      await this.audit.record(
        request,
        { action: 'user.mark-unavailable', entityType: 'User', entityId: person.id, changes: { unavailability: { before: null, after: { startsOn: saved.startsOn, endsOn: saved.endsOn, reason: saved.reason } } }, reason: `${tasks.length} tasks flagged` },
        manager,
      );
      return tasks.map((t) => t.id);
    });
    return this.reads.readableByIds(request, flagged);
  }

  // ---------------------------------------------------------------------------------------------------

  private async write(
    request: RequestContext,
    id: string,
    version: number,
    permission: Action,
    change: (facts: TaskFacts, manager: EntityManager) => Promise<WriteResult> | WriteResult,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const facts = await this.load(manager, request, id);
      this.ensureTask(request, permission, facts);
      if (facts.task.version !== version) throw DomainError.staleVersion('Task');
      const before = { ...facts.task };
      const result = await change(facts, manager);
      const saved = await manager.getRepository(TaskEntity).save(facts.task);
      await this.audit.record(request, { action: result.action, entityType: 'Task', entityId: saved.id, changes: diffFields(before, saved, AUDITED), reason: result.reason ?? (result.override ? saved.capacityOverrideReason : null) }, manager);
      if (result.override) await this.audit.record(request, { action: 'task.capacity-override', entityType: 'Task', entityId: saved.id, reason: saved.capacityOverrideReason }, manager);
      for (const event of result.events) await this.emit(manager, request, event, saved, !!result.override);
      await touchCase(manager, saved.caseId);
    });
  }

  /** The task, locked, with its case's facts; NOT_FOUND when the caller may not read its case. */
  private async load(manager: EntityManager, request: RequestContext, id: string): Promise<TaskFacts> {
    const caseFacts = await this.access.loadChild(request, 'Task', id, 'read', { manager });
    const [row] = await query(manager, taskForUpdate(id));
    if (!row) throw DomainError.notFound('Task');
    const facts = { task: hydrate(manager, TaskEntity, row), caseFacts };
    this.access.ensureReadable(request, 'Task', caseFacts, taskSubject(facts));
    return facts;
  }

  private ensureTask(request: RequestContext, action: Action, facts: TaskFacts): void {
    this.access.ensure(request, action, 'Task', facts.caseFacts, taskSubject(facts));
  }

  private can(request: RequestContext, action: Action, facts: TaskFacts): boolean {
    return this.access.can(request, action, 'Task', facts.caseFacts, taskSubject(facts));
  }

  /** A task event: the task's ids; `task.assigned` also says whether the assignment went beyond capacity (`override`). */
  private emit(manager: EntityManager, request: RequestContext, type: TaskEventType, task: TaskEntity, override = false) {
    const ids: TaskEvent = {
      caseId: task.caseId,
      taskId: task.id,
      organisationId: task.organisationId,
      requesterOrganisationId: task.requesterOrganisationId,
      assigneeId: task.assigneeId,
    };
    const aggregate = { type: 'Task', id: task.id };
    const context = { actorUserId: request.actor?.userId, requestId: request.requestId };
    return type === 'task.assigned'
      ? this.outbox.emit(manager, type, aggregate, { ...ids, override }, context)
      : this.outbox.emit(manager, type, aggregate, ids, context);
  }
}

interface WriteResult {
  action: string;
  events: TaskEventType[];
  reason?: string | null;
  override?: boolean;
}

