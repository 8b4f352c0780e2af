import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, type EntityManager } from 'typeorm';
import {
  addDays,
  CasePriority,
  CaseType,
  DomainError,
  OrganisationKind,
  TaskStatus,
  todayInWarsaw,
  type CaseTemplateDocument,
  type IndicatorDirection,
  type IndicatorSource,
  type IndicatorUnit,
  type Cadence,
} from '@cg/shared/domain';
import {
  ActionEntity,
  CasePendingTaskEntity,
  CaseTemplateEntity,
  execute,
  hydrate,
  IndicatorEntity,
  OutboxService,
  query,
  recordIdempotentResult,
  TaskEntity,
  type CaseEntity,
} from '@cg/server/db';
import { abilityOf, CaseAccess, caseChildFields, ensureCan, rulesToSql } from '@cg/server/authz';
import { AuditService, diffFields, type AuditEntry } from '@cg/server/audit';
import type { GraphQLContext, RequestContext } from '@cg/server/core';
import type { SaveCaseTemplateInput, TemplateChoiceInput } from './template.inputs';
import type { CaseTemplateModel, CaseTemplateVersionModel, PendingTemplateTaskModel } from './template.model';
import { latestCatalogueEntries, latestTemplateVersion, lockTemplateType, pendingTasksOfCases, templateById, templatesOfCases, templateVersions } from './templates.queries';

interface CatalogueRow {
  id: string;
  code: string;
  name_pl: string;
  name_en: string;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
  source: IndicatorSource;
  cadence: Cadence;
}

/** What the open-case form chose, checked against the template version it was shown. */
export interface TemplateChoice {
  template: CaseTemplateEntity;
  actionKeys: Set<string>;
  taskKeys: Set<string>;
  indicatorCodes: Set<string>;
}

/**
 * Case-type templates: read by coordinators and administrators, edited by administrators (each save is the type's next
 * version, never an edit), and applied when a case is opened: the ticked actions, tasks and indicators are created in
 * the opening's transaction, each audited and announced like the one the person would have created by hand.
 */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** The latest version of each type (or every version), optionally of one type: two statements. */
  async list(request: RequestContext, allVersions: boolean, caseType: CaseType | null): Promise<CaseTemplateModel[]> {
    ensureCan(request, 'read', 'CaseTemplate');
    const manager = this.dataSource.manager;
    const templates = (await query(manager, templateVersions(allVersions, caseType))).map((row) => hydrate(manager, CaseTemplateEntity, row));
    return this.models(request, templates);
  }

  async byId(request: RequestContext, id: string): Promise<CaseTemplateModel> {
    ensureCan(request, 'read', 'CaseTemplate');
    const manager = this.dataSource.manager;
    const [row] = await query(manager, templateById(id));
    if (!row) throw DomainError.notFound('CaseTemplate');
    return (await this.models(request, [hydrate(manager, CaseTemplateEntity, row)]))[0]!;
  }

  /** Saves the whole template as the type's next version; the version edited must still be the latest (else CONFLICT). */
  async save(request: RequestContext, input: SaveCaseTemplateInput): Promise<CaseTemplateModel> {
    ensureCan(request, 'create', 'CaseTemplate');
    const items = this.checkedDocument(input);
    const saved = await this.dataSource.transaction(async (manager) => {
      await execute(manager, lockTemplateType(input.caseType));
      const catalogue = await this.catalogue(manager, items.indicators.map((i) => i.code));
      const unknown = items.indicators.find((i) => !catalogue.has(i.code));
      if (unknown) throw DomainError.badInput('indicator.unknownCode', { code: unknown.code }, { field: 'indicators' });
      const [latest] = await query<{ version: number }>(manager, latestTemplateVersion(input.caseType));
      const current = latest?.version ?? 0;
      if (current !== input.baseVersion) throw DomainError.staleVersion('CaseTemplate');
      const entry = await manager.getRepository(CaseTemplateEntity).save({ caseType: input.caseType, version: current + 1, items, createdById: request.actor?.userId ?? null });
      await this.audit.record(
        request,
        {
          action: 'case-template.save',
          entityType: 'CaseTemplate',
          entityId: entry.id,
          changes: {
            caseType: { before: null, after: entry.caseType },
            version: { before: current || null, after: entry.version },
            items: { before: null, after: { actions: items.actions.map((a) => a.key), tasks: items.tasks.map((t) => t.key), indicators: items.indicators.map((i) => i.code) } },
          },
        },
        manager,
      );
      await recordIdempotentResult(manager, request, entry.id);
      return entry;
    });
    return (await this.models(request, [saved]))[0]!;
  }

  /**
   * Checks the opening form's choice before anything is written: the version shown, of the case's type, and only
   * keys it has. The items left out are not created.
   */
  async choice(manager: EntityManager, caseType: CaseType, input: TemplateChoiceInput): Promise<TemplateChoice> {
    const [row] = await query(manager, templateById(input.templateId));
    if (!row) throw DomainError.notFound('CaseTemplate');
    const template = hydrate(manager, CaseTemplateEntity, row);
    if (template.caseType !== caseType) throw DomainError.badInput('template.caseType', { templateType: template.caseType, caseType }, { field: 'templateId' });
    const known = (keys: string[], have: string[], field: string) => {
      const missing = keys.find((key) => !have.includes(key));
      if (missing) throw DomainError.badInput('template.unknownItem', { key: missing }, { field });
      return new Set(keys);
    };
    return {
      template,
      actionKeys: known(input.actionKeys, template.items.actions.map((a) => a.key), 'actionKeys'),
      taskKeys: known(input.taskKeys, template.items.tasks.map((t) => t.key), 'taskKeys'),
      indicatorCodes: known(input.indicatorCodes, template.items.indicators.map((i) => i.code), 'indicatorCodes'),
    };
  }

  /**
   * Creates the chosen items on the case just opened, in its transaction. Tasks for the lead organisation (no kind, or
   * the lead's kind) are proposed to it, unassigned: whoever takes one on goes through the workload guard as with any
   * task. Tasks for another kind of organisation wait on the case until one joins. A bounded number of statements
   * whatever the template's size.
   */
  async apply(manager: EntityManager, request: RequestContext, opened: CaseEntity, leadKind: OrganisationKind, choice: TemplateChoice): Promise<void> {
    const english = request.locale === 'en';
    const actor = request.actor!;
    const today = todayInWarsaw();
    const items = choice.template.items;
    const actions = items.actions.filter((a) => choice.actionKeys.has(a.key));
    const tasks = items.tasks.filter((t) => choice.taskKeys.has(t.key));
    const forLead = tasks.filter((t) => t.organisationKind === null || t.organisationKind === leadKind);
    const waiting = tasks.filter((t) => !forLead.includes(t));
    const indicators = items.indicators.filter((i) => choice.indicatorCodes.has(i.code));
    if (actions.length + tasks.length + indicators.length === 0) return;

    // The same permissions as creating each by hand, on the case as it now stands.
    const facts = await this.access.load(request, opened.id, 'read', { manager });
    if (actions.length > 0) this.access.ensure(request, 'create', 'Action', facts);
    if (tasks.length > 0) this.access.ensure(request, 'create', 'Task', facts);
    if (indicators.length > 0) this.access.ensure(request, 'create', 'Indicator', facts);

    const audits: AuditEntry[] = [];
    const context = { actorUserId: actor.userId, requestId: request.requestId };
    const actionIds = new Map<string, string>();
    if (actions.length > 0) {
      const rows = actions.map((a) => ({
        caseId: opened.id,
        kind: a.kind,
        title: english ? a.titleEn : a.titlePl,
        description: english ? a.descriptionEn : a.descriptionPl,
        leadOrganisationId: opened.leadOrganisationId,
        startsOn: addDays(today, a.startDay),
        endsOn: addDays(today, a.endDay),
        createdById: actor.userId,
      }));
      const inserted = await manager.getRepository(ActionEntity).insert(rows);
      rows.forEach((row, i) => {
        const id = String(inserted.identifiers[i]!['id']);
        actionIds.set(actions[i]!.key, id);
        audits.push({ action: 'action.plan', entityType: 'Action', entityId: id, changes: diffFields(null, row, ['kind', 'title', 'description', 'leadOrganisationId', 'startsOn', 'endsOn']), reason: `template ${choice.template.caseType} v${choice.template.version}` });
      });
      await this.outbox.emitMany(manager, 'action.planned', rows.map((_, i) => ({ aggregate: { type: 'Case', id: opened.id }, payload: { caseId: opened.id, actionId: actionIds.get(actions[i]!.key)!, leadOrganisationId: opened.leadOrganisationId } })), context);
    }
    if (forLead.length > 0) {
      const rows = forLead.map((t) => ({
        caseId: opened.id,
        actionId: t.actionKey ? (actionIds.get(t.actionKey) ?? null) : null,
        title: english ? t.titleEn : t.titlePl,
        description: english ? t.descriptionEn : t.descriptionPl,
        organisationId: opened.leadOrganisationId,
        assigneeId: null,
        requestedById: actor.userId,
        requesterOrganisationId: actor.organisationId,
        dueDate: addDays(today, t.dueInDays),
        priority: CasePriority.MEDIUM,
        effortPoints: t.effortPoints,
        status: TaskStatus.PROPOSED,
      }));
      const inserted = await manager.getRepository(TaskEntity).insert(rows);
      const ids = rows.map((_, i) => String(inserted.identifiers[i]!['id']));
      rows.forEach((row, i) => audits.push({ action: 'task.create', entityType: 'Task', entityId: ids[i]!, changes: diffFields(null, row, ['title', 'description', 'organisationId', 'dueDate', 'priority', 'effortPoints', 'status', 'actionId']), reason: `template ${choice.template.caseType} v${choice.template.version}` }));
      await this.outbox.emitMany(
        manager,
        'task.created',
        rows.map((row, i) => ({ aggregate: { type: 'Task', id: ids[i]! }, payload: { caseId: opened.id, taskId: ids[i]!, organisationId: row.organisationId, requesterOrganisationId: row.requesterOrganisationId, assigneeId: null } })),
        context,
      );
    }
    if (waiting.length > 0) {
      const rows = waiting.map((t) => ({
        caseId: opened.id,
        templateId: choice.template.id,
        itemKey: t.key,
        title: english ? t.titleEn : t.titlePl,
        description: english ? t.descriptionEn : t.descriptionPl,
        organisationKind: t.organisationKind!,
        dueDate: addDays(today, t.dueInDays),
        effortPoints: t.effortPoints,
      }));
      const inserted = await manager.getRepository(CasePendingTaskEntity).insert(rows);
      rows.forEach((row, i) => audits.push({ action: 'task.pending', entityType: 'CasePendingTask', entityId: String(inserted.identifiers[i]!['id']), changes: diffFields(null, row, ['itemKey', 'title', 'organisationKind', 'dueDate', 'effortPoints']) }));
    }
    if (indicators.length > 0) {
      const catalogue = await this.catalogue(manager, indicators.map((i) => i.code));
      const missing = indicators.find((i) => !catalogue.has(i.code));
      if (missing) throw DomainError.badInput('indicator.unknownCode', { code: missing.code }, { field: 'indicatorCodes' });
      const rows = indicators.map((i) => {
        const entry = catalogue.get(i.code)!;
        return {
          caseId: opened.id,
          catalogueEntryId: entry.id,
          code: entry.code,
          name: english ? entry.name_en : entry.name_pl,
          unit: entry.unit,
          direction: entry.direction,
          source: entry.source,
          cadence: entry.cadence,
          baselineValue: i.baselineValue,
          baselineDate: today,
          targetValue: i.targetValue,
          targetDate: addDays(today, i.targetInDays),
          createdById: actor.userId,
        };
      });
      const inserted = await manager.getRepository(IndicatorEntity).insert(rows);
      const ids = rows.map((_, i) => String(inserted.identifiers[i]!['id']));
      rows.forEach((row, i) => audits.push({ action: 'indicator.define', entityType: 'Indicator', entityId: ids[i]!, changes: diffFields(null, row, ['code', 'name', 'unit', 'direction', 'source', 'cadence', 'baselineValue', 'baselineDate', 'targetValue', 'targetDate']) }));
      await this.outbox.emitMany(manager, 'indicator.defined', ids.map((id) => ({ aggregate: { type: 'Case', id: opened.id }, payload: { caseId: opened.id, indicatorId: id } })), context);
    }
    await this.audit.recordMany(request, audits, manager);
  }

  /** The template version each case of a page was opened with: one statement per page. */
  versionOf(context: GraphQLContext): DataLoader<string, CaseTemplateVersionModel | null> {
    return context.loaders.get('case.template', () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await query<{ case_id: string; id: string; case_type: CaseType; version: number }>(this.dataSource, templatesOfCases(ids));
        return ids.map((id) => {
          const row = rows.find((r) => r.case_id === id);
          return row ? { id: row.id, caseType: row.case_type, version: row.version } : null;
        });
      }),
    );
  }

  /** Template tasks waiting for an organisation, on the cases whose content the caller may read: one statement per page. */
  pendingOf(context: GraphQLContext): DataLoader<string, PendingTemplateTaskModel[]> {
    return context.loaders.get('case.pending-template-tasks', () =>
      new DataLoader(async (ids: readonly string[]) => {
        const visible = rulesToSql(abilityOf(context.request), 'read', 'Action', caseChildFields('p'));
        const rows = await query<{ id: string; case_id: string; item_key: string; title: string; description: string; organisation_kind: OrganisationKind; due_date: string; effort_points: number }>(this.dataSource, pendingTasksOfCases(ids, visible));
        return ids.map((id) =>
          rows.filter((r) => r.case_id === id).map((r) => ({ id: r.id, key: r.item_key, title: r.title, description: r.description, organisationKind: r.organisation_kind, dueDate: r.due_date, effortPoints: r.effort_points })),
        );
      }),
    );
  }

  // ---------------------------------------------------------------------------------------------------

  /** The document to store, checked beyond the input's own validation: distinct keys, windows, tasks' actions. */
  private checkedDocument(input: SaveCaseTemplateInput): CaseTemplateDocument {
    const distinct = (keys: string[], field: string) => {
      const seen = new Set<string>();
      for (const key of keys) {
        if (seen.has(key)) throw DomainError.badInput('template.duplicateKey', { key }, { field });
        seen.add(key);
      }
    };
    distinct(input.actions.map((a) => a.key), 'actions');
    distinct(input.tasks.map((t) => t.key), 'tasks');
    distinct(input.indicators.map((i) => i.code), 'indicators');
    for (const a of input.actions) if (a.endDay < a.startDay) throw DomainError.badInput('template.actionDays', { key: a.key }, { field: 'actions' });
    const actionKeys = new Set(input.actions.map((a) => a.key));
    for (const t of input.tasks) if (t.actionKey && !actionKeys.has(t.actionKey)) throw DomainError.badInput('template.actionKey', { key: t.key, actionKey: t.actionKey }, { field: 'tasks' });
    return {
      summaryPl: input.summaryPl.trim(),
      summaryEn: input.summaryEn.trim(),
      actions: input.actions.map((a) => ({ key: a.key, kind: a.kind, titlePl: a.titlePl.trim(), titleEn: a.titleEn.trim(), descriptionPl: a.descriptionPl ?? '', descriptionEn: a.descriptionEn ?? '', startDay: a.startDay, endDay: a.endDay })),
      tasks: input.tasks.map((t) => ({
        key: t.key,
        titlePl: t.titlePl.trim(),
        titleEn: t.titleEn.trim(),
        descriptionPl: t.descriptionPl ?? '',
        descriptionEn: t.descriptionEn ?? '',
        dueInDays: t.dueInDays,
        effortPoints: t.effortPoints,
        organisationKind: t.organisationKind ?? null,
        actionKey: t.actionKey ?? null,
      })),
      indicators: input.indicators.map((i) => ({ code: i.code, baselineValue: i.baselineValue, targetValue: i.targetValue, targetInDays: i.targetInDays })),
    };
  }

  private async catalogue(manager: EntityManager, codes: string[]): Promise<Map<string, CatalogueRow>> {
    if (codes.length === 0) return new Map();
    const rows = await query<CatalogueRow>(manager, latestCatalogueEntries(codes));
    return new Map(rows.map((r) => [r.code, r]));
  }

  /** Models of template versions, with their indicators' catalogue names: one statement for all of them. */
  private async models(request: RequestContext, templates: CaseTemplateEntity[]): Promise<CaseTemplateModel[]> {
    const english = request.locale === 'en';
    const catalogue = await this.catalogue(this.dataSource.manager, [...new Set(templates.flatMap((t) => t.items.indicators.map((i) => i.code)))]);
    return templates.map((t) => ({
      id: t.id,
      caseType: t.caseType,
      version: t.version,
      createdAt: t.createdAt,
      summary: english ? t.items.summaryEn : t.items.summaryPl,
      summaryPl: t.items.summaryPl,
      summaryEn: t.items.summaryEn,
      actions: t.items.actions.map((a) => ({ ...a, title: english ? a.titleEn : a.titlePl, description: english ? a.descriptionEn : a.descriptionPl })),
      tasks: t.items.tasks.map((k) => ({ ...k, title: english ? k.titleEn : k.titlePl, description: english ? k.descriptionEn : k.descriptionPl })),
      indicators: t.items.indicators.map((i) => {
        const entry = catalogue.get(i.code);
        return { ...i, name: entry ? (english ? entry.name_en : entry.name_pl) : i.code };
      }),
    }));
  }
}
