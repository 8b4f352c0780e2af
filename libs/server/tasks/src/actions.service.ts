import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { ActionStatus, DomainError } from '@cg/shared/domain';
import { ActionEntity, loadForUpdate, OutboxService, query, recordIdempotentResult, sql, touchCase, type Sql } from '@cg/server/db';
import { abilityOf, CaseAccess, caseChildFields, rulesToSql } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import { organisationFromRow, type GraphQLContext, type OrganisationColumns, type RequestContext } from '@cg/server/core';
import type { CancelActionInput, PlanActionInput, UpdateActionInput } from './task.inputs';
import type { ActionModel, ActionProgress } from './task.model';
import { actionsWhere, progressOfActions } from './tasks.queries';

const AUDITED: (keyof ActionEntity & string)[] = ['kind', 'title', 'description', 'leadOrganisationId', 'startsOn', 'endsOn', 'status', 'cancelReason'];

interface ActionRow extends OrganisationColumns {
  id: string;
  case_id: string;
  kind: ActionModel['kind'];
  title: string;
  description: string;
  starts_on: string;
  ends_on: string;
  status: ActionStatus;
  cancel_reason: string | null;
  version: number;
}

/** Planned interventions on a case (mediation, meetings, patrols…), each led by a participant organisation. */
@Injectable()
export class ActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Actions of readable cases (CASE_CONTENT), filtered in SQL by the rules, one statement per page of cases. */
  byCase(context: GraphQLContext): DataLoader<string, ActionModel[]> {
    return context.loaders.get('case.actions', () => new DataLoader((ids: readonly string[]) => this.loadByCase(context.request, ids)));
  }

  /** Progress of actions from their tasks, one statement per page. */
  progress(context: GraphQLContext): DataLoader<string, ActionProgress> {
    return context.loaders.get('action.progress', () => new DataLoader((ids: readonly string[]) => this.loadProgress(ids)));
  }

  async plan(request: RequestContext, input: PlanActionInput): Promise<ActionModel> {
    if (input.endsOn.slice(0, 10) < input.startsOn.slice(0, 10)) throw DomainError.badInput('task.dates', {}, { field: 'endsOn' });
    const id = await this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'read', { manager });
      this.access.ensure(request, 'create', 'Action', facts);
      const lead = input.leadOrganisationId ?? request.actor!.organisationId;
      if (!facts.participantOrganisationIds.includes(lead)) throw DomainError.badInput('task.notParticipant', {}, { field: 'leadOrganisationId' });
      const saved = await manager.getRepository(ActionEntity).save({
        caseId: input.caseId,
        kind: input.kind,
        title: input.title.trim(),
        description: input.description ?? '',
        leadOrganisationId: lead,
        startsOn: input.startsOn.slice(0, 10),
        endsOn: input.endsOn.slice(0, 10),
        createdById: request.actor?.userId ?? null,
      });
      await this.audit.record(request, { action: 'action.plan', entityType: 'Action', entityId: saved.id, changes: diffFields(null, saved, AUDITED) }, manager);
      await recordIdempotentResult(manager, request, saved.id);
      await this.outbox.emit(manager, 'action.planned', { type: 'Case', id: input.caseId }, { caseId: input.caseId, actionId: saved.id, leadOrganisationId: lead }, { actorUserId: request.actor?.userId, requestId: request.requestId });
      await touchCase(manager, input.caseId);
      return saved.id;
    });
    return this.get(id);
  }

  async update(request: RequestContext, input: UpdateActionInput): Promise<ActionModel> {
    await this.write(request, input.id, input.version, 'action.update', (action) => {
      if (action.status === ActionStatus.CANCELLED) throw DomainError.badInput('task.transition', { from: 'CANCELLED', to: 'PLANNED' }, { field: 'id' });
      if (input.kind !== undefined) action.kind = input.kind;
      if (input.title !== undefined) action.title = input.title.trim();
      if (input.description !== undefined) action.description = input.description;
      if (input.startsOn !== undefined) action.startsOn = input.startsOn.slice(0, 10);
      if (input.endsOn !== undefined) action.endsOn = input.endsOn.slice(0, 10);
      if (action.endsOn < action.startsOn) throw DomainError.badInput('task.dates', {}, { field: 'endsOn' });
    });
    return this.get(input.id);
  }

  async cancel(request: RequestContext, input: CancelActionInput): Promise<ActionModel> {
    await this.write(request, input.id, input.version, 'action.cancel', (action) => {
      if (action.status === ActionStatus.CANCELLED) throw DomainError.badInput('task.transition', { from: 'CANCELLED', to: 'CANCELLED' }, { field: 'id' });
      action.status = ActionStatus.CANCELLED;
      action.cancelReason = input.reason.trim();
    });
    return this.get(input.id);
  }

  private async write(request: RequestContext, id: string, version: number, auditAction: string, change: (action: ActionEntity) => void): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const facts = await this.access.loadChild(request, 'Action', id, 'read', { manager });
      this.access.ensureReadable(request, 'Action', facts);
      this.access.ensure(request, 'update', 'Action', facts);
      const action = await loadForUpdate(manager, ActionEntity, id, version, 'Action');
      const before = { ...action };
      change(action);
      const saved = await manager.getRepository(ActionEntity).save(action);
      await this.audit.record(request, { action: auditAction, entityType: 'Action', entityId: id, changes: diffFields(before, saved, AUDITED) }, manager);
      if (saved.status === ActionStatus.CANCELLED && before.status !== ActionStatus.CANCELLED) {
        await this.outbox.emit(manager, 'action.cancelled', { type: 'Case', id: saved.caseId }, { caseId: saved.caseId, actionId: id }, { actorUserId: request.actor?.userId, requestId: request.requestId });
      }
    });
  }

  /**
   * One action as the caller may read it now (the answer to a retried planAction): NOT_FOUND when it, or its case,
   * is not readable. One statement.
   */
  async readable(request: RequestContext, id: string): Promise<ActionModel> {
    const [row] = await this.rows(sql`a.id = ${id} AND ${this.visible(request)}`);
    if (!row) throw DomainError.notFound('Action');
    return toModel(row);
  }

  /** The action just written (its write checked the caller's access). */
  private async get(id: string): Promise<ActionModel> {
    const [row] = await this.rows(sql`a.id = ${id}`);
    if (!row) throw DomainError.notFound('Action');
    return toModel(row);
  }

  private async loadByCase(request: RequestContext, ids: readonly string[]): Promise<ActionModel[][]> {
    const rows = await this.rows(sql`a.case_id = ANY(${[...ids]}) AND ${this.visible(request)}`);
    return ids.map((id) => rows.filter((r) => r.case_id === id).map(toModel));
  }

  /** The actions the caller may read, as a condition on an action aliased `a`. */
  private visible(request: RequestContext): Sql {
    return rulesToSql(abilityOf(request), 'read', 'Action', caseChildFields('a'));
  }

  private rows(condition: Sql): Promise<ActionRow[]> {
    return query<ActionRow>(this.dataSource, actionsWhere(condition));
  }

  private async loadProgress(ids: readonly string[]): Promise<ActionProgress[]> {
    const rows = await query<{ action_id: string; tasks: number; done: number; open: number; overdue: number; points: number; done_points: number }>(this.dataSource, progressOfActions(ids));
    return ids.map((id) => {
      const row = rows.find((r) => r.action_id === id);
      if (!row) return { tasks: 0, done: 0, open: 0, overdue: 0, percentDone: 0 };
      return { tasks: row.tasks, done: row.done, open: row.open, overdue: row.overdue, percentDone: row.points ? Math.round((1000 * row.done_points) / row.points) / 10 : 0 };
    });
  }
}

function toModel(r: ActionRow): ActionModel {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
    cancelReason: r.cancel_reason,
    version: r.version,
    leadOrganisation: organisationFromRow(r),
  };
}
