import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import DataLoader from 'dataloader';
import { DomainError, LOAD_STATUSES, OPEN_STATUSES, TASK_MOVES, TaskStatus } from '@cg/shared/domain';
import { query, sql, TaskEntity, type Sql } from '@cg/server/db';
import { abilityOf, rulesToSql, type Action } from '@cg/server/authz';
import { decodeCursor, pageSize, toConnection, type Connection, type GraphQLContext, type RequestContext } from '@cg/server/core';
import type { TaskFilter } from './task.inputs';
import type { TaskModel, TaskViewerPermissions } from './task.model';
import { toTaskModel, type TaskRow } from './task-rows';
import { TASK_FIELDS, taskCountsOfCases, taskFilter, taskPermissions, tasksCount, tasksOfActions, tasksPage, tasksPageOfCases, tasksWhere } from './tasks.queries';

/**
 * Tasks as the caller may read them: one task, the caller's tasks and requests, a case's or an action's tasks,
 * and what the caller may do with each. Every list is filtered in SQL by the same CASL rules.
 */
@Injectable()
export class TaskReadsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(request: RequestContext, id: string): Promise<TaskModel> {
    const [row] = await query<TaskRow>(this.dataSource, tasksWhere([sql`t.id = ${id}`, this.visible(request)]));
    if (!row) throw DomainError.notFound('Task', await this.dataSource.getRepository(TaskEntity).existsBy({ id }));
    return toTaskModel(row);
  }

  /**
   * Those of several tasks the caller may read (the answer to a write that changed them), in one statement, by due
   * date. The write has committed by then: a task it changed on a case the caller may not read is left out of the
   * answer, never turned into an error that would hide the change.
   */
  async readableByIds(request: RequestContext, ids: readonly string[]): Promise<TaskModel[]> {
    if (ids.length === 0) return [];
    const rows = await query<TaskRow>(this.dataSource, sql`${tasksWhere([sql`t.id = ANY(${[...ids]})`, this.visible(request)])} ORDER BY t.due_date, t.id`);
    return rows.map(toTaskModel);
  }

  /** The caller's own tasks, by due date, filtered in SQL by the same rules as every task list. */
  async myTasks(request: RequestContext, filter: TaskFilter = {}, first?: number, after?: string): Promise<Connection<TaskModel>> {
    return this.page(request, [sql`t.assignee_id = ${request.actor!.userId}`], filter, first, after);
  }

  /**
   * Requests waiting for an answer from the caller's organisation: its PROPOSED tasks that the caller may answer
   * (accept or decline, the rule of respondToTask), by due date. For a coordinator, every request to the
   * organisation on cases it may read; for anyone else, those naming them.
   */
  async taskRequests(request: RequestContext, first?: number, after?: string): Promise<Connection<TaskModel>> {
    const answerable = rulesToSql(abilityOf(request), 'respond', 'Task', TASK_FIELDS);
    return this.page(request, [sql`t.organisation_id = ${request.actor!.organisationId}`, sql`t.status = 'PROPOSED'`, answerable], {}, first, after);
  }

  /** Tasks of cases the caller may read meeting the conditions (one statement for the page, one for the count). */
  private async page(request: RequestContext, where: Sql[], filter: TaskFilter, first?: number, after?: string): Promise<Connection<TaskModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['date', 'uuid']);
    const conditions = [this.visible(request), ...where, ...taskFilter(filter)];
    const [rows, count] = await Promise.all([
      query<TaskRow>(this.dataSource, tasksPage(conditions, cursor, limit)),
      query<{ n: number }>(this.dataSource, tasksCount(conditions)),
    ]);
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
    const conditions = [this.visible(request), ...taskFilter(filter)];
    const [rows, counts] = await Promise.all([
      query<TaskRow>(this.dataSource, tasksPageOfCases(ids, conditions, cursor, limit)),
      query<{ case_id: string; n: number }>(this.dataSource, taskCountsOfCases(ids, conditions)),
    ]);
    return ids.map((id) =>
      toConnection(rows.filter((r) => r.case_id === id), limit, counts.find((c) => c.case_id === id)?.n ?? 0, (r) => [r.due_date, r.id], toTaskModel, cursor !== null),
    );
  }

  /** Tasks of actions, by action id (one statement per page). */
  byAction(context: GraphQLContext): DataLoader<string, TaskModel[]> {
    return context.loaders.get('action.tasks', () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await query<TaskRow>(this.dataSource, tasksOfActions(ids, this.visible(context.request)));
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
        const rule = (action: Action) => rulesToSql(ability, action, 'Task', TASK_FIELDS);
        const rows = await query<{ id: string; status: TaskStatus; status_before_block: TaskStatus | null; closed: boolean; respond: boolean; progress: boolean; assign: boolean; override: boolean; cancel: boolean }>(
          this.dataSource,
          taskPermissions(ids, { respond: rule('respond'), progress: rule('progress'), assign: rule('assign'), override: rule('overrideCapacity'), cancel: rule('cancel') }),
        );
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

  /** The tasks the caller may read, as a condition on a task aliased `t`. */
  private visible(request: RequestContext): Sql {
    return rulesToSql(abilityOf(request), 'read', 'Task', TASK_FIELDS);
  }
}
