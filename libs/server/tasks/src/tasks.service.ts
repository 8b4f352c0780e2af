import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  addDays,
  DomainError,
  ErrorCode,
  LOAD_STATUSES,
  LOAD_WINDOW_DAYS,
  OPEN_STATUSES,
  TASK_MOVES,
  TaskStatus,
  todayInWarsaw,
  type DomainEventPayloads,
  type DomainEventType,
  type TaskEvent,
} from '@cg/shared/domain';
import { OutboxService, recordIdempotentResult, touchCase, TaskEntity, UnavailabilityEntity, UserEntity } from '@cg/server/db';
import { abilityOf, CaseAccess, rulesToSqlNamed, subjectOf, type Action, type CaseFacts } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import { decodeCursor, pageSize, toConnection, type Connection, type GraphQLContext, type RequestContext } from '@cg/server/core';
import DataLoader from 'dataloader';
import type { AssignTaskInput, ChangeTaskStatusInput, CreateTaskInput, MarkUnavailableInput, RespondToTaskInput, TaskFilter } from './task.inputs';
import type { TaskModel, TaskViewerPermissions } from './task.model';
import { OPEN_SQL, TASK_FIELDS, TASK_FROM, TASK_SELECT, toTaskModel, TODAY_SQL, type TaskRow } from './task-rows';

const AUDITED: (keyof TaskEntity & string)[] = [
  'title', 'description', 'organisationId', 'assigneeId', 'dueDate', 'priority', 'effortPoints', 'status',
  'declineReason', 'blockReason', 'capacityOverrideReason', 'needsReassignment', 'actionId',
];

/** The task events this service writes whose payload is the task's ids and nothing more (the reminders' carry a day). */
type TaskIdsEventType = { [K in DomainEventType]: DomainEventPayloads[K] extends TaskEvent ? (TaskEvent extends DomainEventPayloads[K] ? K : never) : never }[DomainEventType];
type TaskEventType = TaskIdsEventType | 'task.assigned';

interface TaskFacts {
  task: TaskEntity;
  caseFacts: CaseFacts;
}

/**
 * Tasks across agencies, with the workload guard: a person's load is the effort of their open tasks
 * (accepted, in progress, blocked) due within 14 days; assigning beyond the weekly capacity is refused
 * unless a coordinator gives a reason. Assignments to one person are serialised by locking that person.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async get(request: RequestContext, id: string): Promise<TaskModel> {
    const visible = rulesToSqlNamed(abilityOf(request), 'read', 'Task', TASK_FIELDS);
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(`SELECT ${TASK_SELECT} FROM ${TASK_FROM} WHERE t.id = :id AND ${visible.where}`, { ...visible.params, id });
    const rows: TaskRow[] = await this.dataSource.query(sql, params);
    if (!rows[0]) throw DomainError.notFound('Task', await this.dataSource.getRepository(TaskEntity).existsBy({ id }));
    return toTaskModel(rows[0]);
  }

  /** The caller's own tasks, by due date, filtered in SQL by the same rules as every task list. */
  async myTasks(request: RequestContext, filter: TaskFilter = {}, first?: number, after?: string): Promise<Connection<TaskModel>> {
    const actor = request.actor!;
    return this.page(request, ['t.assignee_id = :me'], { me: actor.userId }, filter, first, after);
  }

  /**
   * Requests waiting for an answer from the caller's organisation: its PROPOSED tasks that the caller may answer
   * (accept or decline, the rule of respondToTask), by due date. For a coordinator, every request to the
   * organisation on cases it may read; for anyone else, those naming them.
   */
  async taskRequests(request: RequestContext, first?: number, after?: string): Promise<Connection<TaskModel>> {
    const actor = request.actor!;
    const answerable = rulesToSqlNamed(abilityOf(request), 'respond', 'Task', TASK_FIELDS);
    return this.page(request, ['t.organisation_id = :requestedOf', `t.status = 'PROPOSED'`, answerable.where], { requestedOf: actor.organisationId, ...answerable.params }, {}, first, after);
  }

  /** Tasks of cases the caller may read (one statement for every case on a page). */
  async page(request: RequestContext, where: string[], params: Record<string, unknown>, filter: TaskFilter = {}, first?: number, after?: string): Promise<Connection<TaskModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['date', 'uuid']);
    const visible = rulesToSqlNamed(abilityOf(request), 'read', 'Task', TASK_FIELDS);
    const conditions = [visible.where, ...where];
    const all: Record<string, unknown> = { ...visible.params, ...params };
    if (filter.status?.length) {
      conditions.push('t.status = ANY(:statuses)');
      all.statuses = filter.status;
    }
    if (filter.dueBefore) {
      conditions.push('t.due_date < :dueBefore');
      all.dueBefore = filter.dueBefore.slice(0, 10);
    }
    if (filter.overdue !== undefined) conditions.push(`${filter.overdue ? '' : 'NOT '}(t.status IN ${OPEN_SQL} AND t.due_date < ${TODAY_SQL})`);
    const pageConditions = [...conditions];
    if (cursor) {
      pageConditions.push('(t.due_date, t.id) > (:cDue::date, :cId::uuid)');
      all.cDue = cursor[0];
      all.cId = cursor[1];
    }
    const driver = this.dataSource.driver;
    const [pageSql, pageParams] = driver.escapeQueryWithParameters(
      `SELECT ${TASK_SELECT} FROM ${TASK_FROM} WHERE ${pageConditions.join(' AND ')} ORDER BY t.due_date ASC, t.id ASC LIMIT ${limit + 1}`,
      all,
    );
    const [countSql, countParams] = driver.escapeQueryWithParameters(`SELECT count(*)::int AS n FROM tasks t WHERE ${conditions.join(' AND ')}`, all);
    const [rows, count]: [TaskRow[], { n: number }[]] = await Promise.all([this.dataSource.query(pageSql, pageParams), this.dataSource.query(countSql, countParams)]);
    return toConnection(rows, limit, count[0]?.n ?? 0, (r) => [r.due_date, r.id], toTaskModel, cursor !== null);
  }

  /**
   * A case's tasks as a connection, for every case of a page in one LATERAL statement (plus one count),
   * by due date.
   */
  byCase(context: GraphQLContext, filter: TaskFilter = {}, first?: number, after?: string): DataLoader<string, Connection<TaskModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['date', 'uuid']);
    const key = `case.tasks:${limit}:${after ?? ''}:${JSON.stringify(filter)}`;
    return context.loaders.get(key, () => new DataLoader((ids: readonly string[]) => this.loadByCase(context.request, ids, filter, limit, cursor)));
  }

  private async loadByCase(request: RequestContext, ids: readonly string[], filter: TaskFilter, limit: number, cursor: (string | number)[] | null): Promise<Connection<TaskModel>[]> {
    const visible = rulesToSqlNamed(abilityOf(request), 'read', 'Task', TASK_FIELDS);
    const conditions = [visible.where];
    const params: Record<string, unknown> = { ...visible.params, ids: [...ids] };
    if (filter.status?.length) {
      conditions.push('t.status = ANY(:statuses)');
      params.statuses = filter.status;
    }
    if (filter.dueBefore) {
      conditions.push('t.due_date < :dueBefore');
      params.dueBefore = filter.dueBefore.slice(0, 10);
    }
    if (filter.overdue !== undefined) conditions.push(`${filter.overdue ? '' : 'NOT '}(t.status IN ${OPEN_SQL} AND t.due_date < ${TODAY_SQL})`);
    const pageConditions = [...conditions];
    if (cursor) {
      pageConditions.push('(t.due_date, t.id) > (:cDue::date, :cId::uuid)');
      params.cDue = cursor[0];
      params.cId = cursor[1];
    }
    const driver = this.dataSource.driver;
    const [pageSql, pageParams] = driver.escapeQueryWithParameters(
      `SELECT x.* FROM unnest(:ids::uuid[]) AS k(id) CROSS JOIN LATERAL (
         SELECT ${TASK_SELECT} FROM ${TASK_FROM} WHERE t.case_id = k.id AND ${pageConditions.join(' AND ')} ORDER BY t.due_date, t.id LIMIT ${limit + 1}
       ) x`,
      params,
    );
    const [countSql, countParams] = driver.escapeQueryWithParameters(`SELECT t.case_id, count(*)::int AS n FROM tasks t WHERE t.case_id = ANY(:ids) AND ${conditions.join(' AND ')} GROUP BY t.case_id`, params);
    const [rows, counts]: [TaskRow[], { case_id: string; n: number }[]] = await Promise.all([this.dataSource.query(pageSql, pageParams), this.dataSource.query(countSql, countParams)]);
    return ids.map((id) =>
      toConnection(rows.filter((r) => r.case_id === id), limit, counts.find((c) => c.case_id === id)?.n ?? 0, (r) => [r.due_date, r.id], toTaskModel, cursor !== null),
    );
  }

  /** Tasks of actions, by action id (one statement per page). */
  byAction(context: GraphQLContext): DataLoader<string, TaskModel[]> {
    return context.loaders.get('action.tasks', () =>
      new DataLoader(async (ids: readonly string[]) => {
        const visible = rulesToSqlNamed(abilityOf(context.request), 'read', 'Task', TASK_FIELDS);
        const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
          `SELECT ${TASK_SELECT} FROM ${TASK_FROM} WHERE t.action_id = ANY(:ids) AND ${visible.where} ORDER BY t.due_date, t.id`,
          { ...visible.params, ids: [...ids] },
        );
        const rows: TaskRow[] = await this.dataSource.query(sql, params);
        return ids.map((id) => rows.filter((r) => r.action_id === id).map(toTaskModel));
      }),
    );
  }

  /**
   * What the caller may do with each task of a page (`Task.viewerCan`), from the same CASL rules as the writes,
   * translated to SQL: one statement for the page. A closed case allows nothing; each write also needs the
   * status it starts from (respond a PROPOSED task, cancel an open one, move it as TASK_MOVES allows).
   */
  viewerPermissions(context: GraphQLContext): DataLoader<string, TaskViewerPermissions> {
    return context.loaders.get('task.viewerCan', () =>
      new DataLoader(async (ids: readonly string[]) => {
        const ability = abilityOf(context.request);
        const rule = (action: Action) => rulesToSqlNamed(ability, action, 'Task', TASK_FIELDS);
        const respond = rule('respond');
        const progress = rule('progress');
        const assign = rule('assign');
        const override = rule('overrideCapacity');
        const cancel = rule('cancel');
        const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
          `SELECT t.id, t.status, t.status_before_block, c.phase = 'CLOSED' AS closed,
                  coalesce(${respond.where}, false) AS respond, coalesce(${progress.where}, false) AS progress,
                  coalesce(${assign.where}, false) AS assign, coalesce(${override.where}, false) AS override,
                  coalesce(${cancel.where}, false) AS cancel
             FROM tasks t JOIN cases c ON c.id = t.case_id WHERE t.id = ANY(:ids)`,
          { ...respond.params, ...progress.params, ...assign.params, ...override.params, ...cancel.params, ids: [...ids] },
        );
        const rows: { id: string; status: TaskStatus; status_before_block: TaskStatus | null; closed: boolean; respond: boolean; progress: boolean; assign: boolean; override: boolean; cancel: boolean }[] =
          await this.dataSource.query(sql, params);
        return ids.map((id): TaskViewerPermissions => {
          const row = rows.find((r) => r.id === id);
          if (!row || row.closed) return { respond: false, assign: false, overrideCapacity: false, cancel: false, moveTo: [] };
          const assignable = row.assign && (row.status === TaskStatus.PROPOSED || LOAD_STATUSES.includes(row.status));
          return {
            respond: row.respond && row.status === TaskStatus.PROPOSED,
            assign: assignable,
            overrideCapacity: assignable && row.override,
            cancel: row.cancel && OPEN_STATUSES.includes(row.status),
            moveTo: !row.progress ? [] : row.status === TaskStatus.BLOCKED ? [row.status_before_block ?? TaskStatus.ACCEPTED] : [...TASK_MOVES[row.status]],
          };
        });
      }),
    );
  }

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
          await this.assigneeOf(manager, request, input.assigneeId, task.organisationId, false);
          task.assigneeId = input.assigneeId;
        } else {
          const facts = { task, caseFacts };
          if (input.assigneeId !== actor.userId) this.ensureTask(request, 'assign', facts);
          override = await this.guardCapacity(manager, request, facts, input.assigneeId, input.capacityOverrideReason);
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
    return this.get(request, id);
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
        const override = await this.guardCapacity(manager, request, facts, assigneeId, input.capacityOverrideReason);
        task.assigneeId = assigneeId;
        task.capacityOverrideReason = override ? (input.capacityOverrideReason ?? null) : null;
        return { action: 'task.accept', events: ['task.accepted', 'task.assigned'], override };
      }
      return { action: 'task.accept', events: ['task.accepted'] };
    });
    return this.get(request, input.id);
  }

  /** Names who does the task, within their capacity, or beyond it with a coordinator's recorded reason. */
  async assign(request: RequestContext, input: AssignTaskInput): Promise<TaskModel> {
    await this.write(request, input.id, input.version, 'assign', async (facts, manager) => {
      const task = facts.task;
      if (!LOAD_STATUSES.includes(task.status) && task.status !== TaskStatus.PROPOSED) {
        throw DomainError.badInput('task.transition', { from: task.status, to: TaskStatus.ACCEPTED }, { field: 'id' });
      }
      const override = await this.guardCapacity(manager, request, facts, input.assigneeId, input.capacityOverrideReason);
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
    return this.get(request, input.id);
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
    return this.get(request, input.id);
  }

  /**
   * Records a period away. New assignment to the person is refused while it lasts, and their open tasks
   * due from its first day are flagged for reassignment (each with an event for the notifications).
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
      const tasks: TaskEntity[] = await manager
        .getRepository(TaskEntity)
        .createQueryBuilder('t')
        .where('t.assignee_id = :user AND t.status IN (:...statuses) AND t.due_date >= :from', { user: person.id, statuses: [...LOAD_STATUSES], from: saved.startsOn })
        .setLock('pessimistic_write')
        .getMany();
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
    return Promise.all(flagged.map((id) => this.get(request, id)));
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
    const task = await manager.getRepository(TaskEntity).createQueryBuilder('t').setLock('pessimistic_write').where('t.id = :id', { id }).getOneOrFail();
    const facts = { task, caseFacts };
    this.access.ensureReadable(request, 'Task', caseFacts, this.taskSubject(facts));
    return facts;
  }

  private taskSubject(facts: TaskFacts) {
    return {
      organisationId: facts.task.organisationId,
      assigneeId: facts.task.assigneeId,
      requestedById: facts.task.requestedById,
      requesterOrganisationId: facts.task.requesterOrganisationId,
    };
  }

  private ensureTask(request: RequestContext, action: Action, facts: TaskFacts): void {
    this.access.ensure(request, action, 'Task', facts.caseFacts, this.taskSubject(facts));
  }

  private can(request: RequestContext, action: Action, facts: TaskFacts): boolean {
    return this.access.can(request, action, 'Task', facts.caseFacts, this.taskSubject(facts));
  }

  /** The person, locked for the transaction: two assignments to one person cannot both see the old load. */
  /**
   * The person, optionally locked. Someone of another organisation than the task's is refused as input when
   * the caller may see them, and is NOT_FOUND (as an unknown id) when they may not.
   */
  private async assigneeOf(manager: EntityManager, request: RequestContext, userId: string, organisationId: string, lock: boolean): Promise<UserEntity> {
    const query = manager.getRepository(UserEntity).createQueryBuilder('u').where('u.id = :userId AND u.active', { userId });
    if (lock) query.setLock('pessimistic_write');
    const person = await query.getOne();
    if (!person) throw DomainError.notFound('User');
    if (person.organisationId !== organisationId) {
      if (!abilityOf(request).can('read', subjectOf('User', { id: person.id, organisationId: person.organisationId }))) throw DomainError.notFound('User', true);
      throw DomainError.badInput('task.assigneeOrganisation', {}, { field: 'assigneeId' });
    }
    return person;
  }

  /**
   * The workload guard. Returns true when the assignment goes beyond capacity under a coordinator's
   * override; throws CAPACITY_EXCEEDED (with load, capacity and overage) when it would without one.
   */
  private async guardCapacity(manager: EntityManager, request: RequestContext, facts: TaskFacts, assigneeId: string, overrideReason: string | undefined): Promise<boolean> {
    const task = facts.task;
    const person = await this.assigneeOf(manager, request, assigneeId, task.organisationId, true);
    const today = todayInWarsaw();
    const until = addDays(today, LOAD_WINDOW_DAYS);
    const away: { ends_on: string }[] = await manager.query(
      `SELECT to_char(ends_on, 'YYYY-MM-DD') AS ends_on FROM unavailabilities WHERE user_id = $1 AND starts_on <= $3 AND ends_on >= $2 ORDER BY ends_on DESC LIMIT 1`,
      [person.id, today, task.dueDate < today ? today : task.dueDate],
    );
    if (away[0]) throw DomainError.badInput('task.unavailable', { until: away[0].ends_on }, { field: 'assigneeId', unavailableUntil: away[0].ends_on });
    const loads: { load: number }[] = await manager.query(
      `SELECT coalesce(sum(effort_points), 0)::int AS load FROM tasks
        WHERE assignee_id = $1 AND status = ANY($2) AND due_date <= $3 AND id <> $4`,
      [person.id, [...LOAD_STATUSES], until, task.id ?? '00000000-0000-0000-0000-000000000000'],
    );
    const load = loads[0]?.load ?? 0;
    const effort = task.dueDate <= until ? task.effortPoints : 0;
    const overage = load + effort - person.weeklyCapacity;
    if (overage <= 0) return false;
    const reason = overrideReason?.trim();
    if (!reason) {
      throw new DomainError(ErrorCode.CAPACITY_EXCEEDED, 'task.capacityExceeded', { load, effort, capacity: person.weeklyCapacity, overage }, { load, effort, capacity: person.weeklyCapacity, overage, assigneeId: person.id });
    }
    if (!this.can(request, 'overrideCapacity', facts)) throw DomainError.badInput('task.overrideNotAllowed', {}, { field: 'capacityOverrideReason' });
    return true;
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

