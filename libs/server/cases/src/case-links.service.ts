import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, type EntityManager } from 'typeorm';
import { CasePhase, DomainError, type CaseLinkKind, type DomainEventPayloads } from '@cg/shared/domain';
import { CaseEntity, execute, OutboxService, query } from '@cg/server/db';
import { CaseAccess, caseCondition, type CaseFacts } from '@cg/server/authz';
import { AuditService } from '@cg/server/audit';
import type { GraphQLContext, RequestContext } from '@cg/server/core';
import type { CaseLinkModel, CaseSummaryModel, DuplicateCandidateModel } from './case-link.model';
import {
  caseIdByReference,
  copyParticipants,
  deleteLink,
  insertLink,
  likelyDuplicates,
  linkById,
  linksOfCases,
  mergeCaseRows,
  MERGED_TABLES,
  mergeLinks,
  moveRows,
  removeParticipants,
} from './case-links.queries';
import type { LikelyDuplicatesInput, LinkCasesInput, MergeCaseInput, UnlinkCasesInput } from './inputs';

interface SummaryColumns {
  other_id: string;
  other_reference: string;
  other_title: string;
  other_type: CaseSummaryModel['type'];
  other_phase: CaseSummaryModel['phase'];
  other_district: string;
  other_version: number;
}

interface LinkRow extends SummaryColumns {
  for_case_id: string;
  id: string;
  kind: CaseLinkKind;
  outgoing: boolean;
  created_at: Date;
  can_remove: boolean;
}

const summary = (row: SummaryColumns): CaseSummaryModel => ({
  id: row.other_id,
  reference: row.other_reference,
  title: row.other_title,
  type: row.other_type,
  phase: row.other_phase,
  district: row.other_district,
  version: row.other_version,
});

/**
 * Linked cases, likely duplicates and merges (issue 16). A link is made or removed by whoever may `link` both cases
 * (ability.ts: a public body's coordinators, where CASE_CONTENT is shared with them), closed cases included (a
 * new case continues an old, closed one); it is shown on both cases, only where the reader may read the other one. A
 * merge needs `merge` on both (the lead organisation's coordinators), and both open.
 */
@Injectable()
export class CaseLinksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** The links of every case of a page, one statement for the page. */
  links(context: GraphQLContext): DataLoader<string, CaseLinkModel[]> {
    return context.loaders.get('case.links', () => new DataLoader((ids: readonly string[]) => this.loadLinks(context.request, ids)));
  }

  private async loadLinks(request: RequestContext, ids: readonly string[]): Promise<CaseLinkModel[][]> {
    const rows = await query<LinkRow>(
      this.dataSource,
      linksOfCases(ids, caseCondition(request, 'read', 'o'), caseCondition(request, 'link', 'kc'), caseCondition(request, 'link', 'o')),
    );
    const byCase = new Map<string, CaseLinkModel[]>();
    for (const row of rows) {
      const list = byCase.get(row.for_case_id) ?? [];
      list.push({ id: row.id, kind: row.kind, outgoing: row.outgoing, createdAt: row.created_at, linkedCase: summary(row), viewerCanRemove: row.can_remove });
      byCase.set(row.for_case_id, list);
    }
    return ids.map((id) => byCase.get(id) ?? []);
  }

  /** Links two cases; returns the link as the case it was made from shows it. */
  async link(request: RequestContext, input: LinkCasesInput): Promise<{ caseId: string; linkId: string }> {
    if (input.caseId === input.linkedCaseId) throw DomainError.badInput('caseLink.self', {}, { field: 'linkedCaseId' });
    return this.dataSource.transaction(async (manager) => {
      await this.loadBoth(request, manager, input.caseId, input.linkedCaseId, 'link');
      const [created] = await query<{ id: string }>(manager, insertLink(input.caseId, input.linkedCaseId, input.kind, request.actor?.userId ?? null));
      if (!created) throw DomainError.badInput('caseLink.exists', {}, { field: 'kind' });
      const changes = { kind: { before: null, after: input.kind } };
      await this.audit.recordMany(
        request,
        [
          { action: 'case.link', entityType: 'Case', entityId: input.caseId, changes: { ...changes, linkedCaseId: { before: null, after: input.linkedCaseId } } },
          { action: 'case.link', entityType: 'Case', entityId: input.linkedCaseId, changes: { ...changes, linkedFromCaseId: { before: null, after: input.caseId } } },
        ],
        manager,
      );
      await this.emit(manager, request, 'case.linked', input.caseId, { caseId: input.caseId, linkedCaseId: input.linkedCaseId, linkId: created.id, kind: input.kind });
      return { caseId: input.caseId, linkId: created.id };
    });
  }

  /** Removes a link; returns the id of the case it was made from. NOT_FOUND unless the caller may read both cases. */
  async unlink(request: RequestContext, input: UnlinkCasesInput): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [link] = await query<{ id: string; case_id: string; linked_case_id: string; kind: CaseLinkKind }>(manager, linkById(input.linkId));
      if (!link) throw DomainError.notFound('CaseLink');
      await this.loadBoth(request, manager, link.case_id, link.linked_case_id, 'link', 'CaseLink');
      await execute(manager, deleteLink(link.id));
      const changes = { kind: { before: link.kind, after: null } };
      await this.audit.recordMany(
        request,
        [
          { action: 'case.unlink', entityType: 'Case', entityId: link.case_id, changes: { ...changes, linkedCaseId: { before: link.linked_case_id, after: null } } },
          { action: 'case.unlink', entityType: 'Case', entityId: link.linked_case_id, changes: { ...changes, linkedFromCaseId: { before: link.case_id, after: null } } },
        ],
        manager,
      );
      await this.emit(manager, request, 'case.unlinked', link.case_id, { caseId: link.case_id, linkedCaseId: link.linked_case_id, linkId: link.id });
      return link.case_id;
    });
  }

  /** The id of the case with this reference (the case query then follows a merge), or NOT_FOUND. */
  async idByReference(reference: string): Promise<string> {
    const [row] = await query<{ id: string }>(this.dataSource, caseIdByReference(reference.trim()));
    if (!row) throw DomainError.notFound('Case');
    return row.id;
  }

  /** Likely duplicates of a case being opened, among the cases the caller may read: one statement, at most `first`. */
  async likelyDuplicates(request: RequestContext, input: LikelyDuplicatesInput): Promise<DuplicateCandidateModel[]> {
    const title = input.title.trim();
    const district = input.district.trim();
    if (title.length < 3 || district.length === 0) return [];
    const rows = await query<SummaryColumns & { similarity: number; same_address: boolean }>(
      this.dataSource,
      likelyDuplicates(caseCondition(request, 'read'), caseCondition(request, 'readContent'), {
        title,
        district,
        address: input.address?.trim() ?? '',
        diagnosis: input.diagnosis?.trim() ?? '',
        limit: input.first,
      }),
    );
    return rows.map((row) => ({ case: summary(row), similarity: Math.round(row.similarity * 100) / 100, sameAddress: row.same_address }));
  }

  /**
   * Merges the duplicate into the survivor, in one transaction: everything in the duplicate (updates, input,
   * stakeholders, risks, actions, tasks, indicators), its participants and its links move to the survivor; the
   * duplicate is closed and answers the survivor from then on (`mergedIntoId`). Both versions are checked; audited
   * on both cases. Returns the survivor's id.
   */
  async merge(request: RequestContext, input: MergeCaseInput): Promise<string> {
    if (input.duplicateId === input.survivorId) throw DomainError.badInput('caseMerge.self', {}, { field: 'survivorId' });
    return this.dataSource.transaction(async (manager) => {
      const [duplicate, survivor] = await this.loadBoth(request, manager, input.duplicateId, input.survivorId, 'merge');
      for (const facts of [duplicate, survivor]) this.access.ensureOpen('merge', facts);
      if (duplicate.case.version !== input.duplicateVersion || survivor.case.version !== input.survivorVersion) throw DomainError.staleVersion('Case');
      const from = duplicate.case.id;
      const to = survivor.case.id;
      const moved: Record<string, number> = {};
      for (const table of MERGED_TABLES) {
        const [, count] = await execute<[unknown, number]>(manager, moveRows(table, from, to));
        moved[table] = count;
      }
      const [, participants] = await execute<[unknown, number]>(manager, copyParticipants(from, to, request.actor?.userId ?? null));
      moved['case_participants'] = participants;
      for (const statement of mergeLinks(from, to)) await execute(manager, statement);
      await execute(manager, removeParticipants(from));
      for (const statement of mergeCaseRows(from, to)) await execute(manager, statement);
      const entity = duplicate.case;
      const before = { phase: entity.phase, mergedIntoId: entity.mergedIntoId };
      entity.phase = CasePhase.CLOSED;
      entity.closedAt = new Date();
      entity.mergedIntoId = to;
      entity.mergedAt = new Date();
      await manager.getRepository(CaseEntity).save(entity);
      const reason = input.reason?.trim() || null;
      await this.audit.recordMany(
        request,
        [
          {
            action: 'case.merge',
            entityType: 'Case',
            entityId: from,
            reason,
            changes: { phase: { before: before.phase, after: CasePhase.CLOSED }, mergedIntoId: { before: before.mergedIntoId, after: to } },
          },
          { action: 'case.merge', entityType: 'Case', entityId: to, reason, changes: { mergedFromId: { before: null, after: from }, moved: { before: null, after: moved } } },
        ],
        manager,
      );
      await this.emit(manager, request, 'case.merged', to, { caseId: from, survivorId: to });
      return to;
    });
  }

  /**
   * Both cases, locked in a fixed order (two merges of the same pair never deadlock), each checked for `action`: a
   * case the caller may not read is NOT_FOUND (naming `asked`), one it may read but not `action` FORBIDDEN.
   */
  private async loadBoth(request: RequestContext, manager: EntityManager, a: string, b: string, action: 'link' | 'merge', asked = 'Case'): Promise<[CaseFacts, CaseFacts]> {
    const order = a < b ? [a, b] : [b, a];
    const loaded = new Map<string, CaseFacts>();
    for (const id of order) {
      // Loaded for reading, then checked: a link may be made to a closed case (a merge checks that both are open).
      const facts = await this.access.load(request, id, 'read', { manager, lock: true }).catch((error: unknown) => {
        if (asked !== 'Case' && error instanceof DomainError) throw DomainError.notFound(asked);
        throw error;
      });
      loaded.set(id, facts);
    }
    const facts: [CaseFacts, CaseFacts] = [loaded.get(a)!, loaded.get(b)!];
    for (const f of facts) if (!this.access.can(request, action, 'Case', f)) throw DomainError.forbidden();
    return facts;
  }

  private emit<T extends 'case.linked' | 'case.unlinked' | 'case.merged'>(manager: EntityManager, request: RequestContext, type: T, caseId: string, payload: DomainEventPayloads[T]) {
    return this.outbox.emit(manager, type, { type: 'Case', id: caseId }, payload, { actorUserId: request.actor?.userId, requestId: request.requestId });
  }
}
