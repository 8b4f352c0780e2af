import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@cg/shared/domain';
import { ensureCan } from '@cg/server/authz';
import { execute, hydrate, IndicatorCatalogueEntity, query, recordIdempotentResult } from '@cg/server/db';
import { AuditService, diffFields } from '@cg/server/audit';
import type { RequestContext } from '@cg/server/core';
import type { AddCatalogueIndicatorInput } from './indicator.inputs';
import type { CatalogueIndicatorModel } from './indicator.model';
import { catalogueEntries, lockCatalogueCode, nextCatalogueVersion } from './indicators.queries';

/** The shared catalogue. Entries are never edited: adding an existing code writes its next version. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(request: RequestContext, allVersions: boolean): Promise<CatalogueIndicatorModel[]> {
    const manager = this.dataSource.manager;
    const rows = (await query(manager, catalogueEntries(allVersions))).map((row) => hydrate(manager, IndicatorCatalogueEntity, row));
    return rows.map((e) => this.toModel(e, request));
  }

  async add(request: RequestContext, input: AddCatalogueIndicatorInput): Promise<CatalogueIndicatorModel> {
    ensureCan(request, 'create', 'IndicatorCatalogue');
    const saved = await this.dataSource.transaction(async (manager) => {
      await execute(manager, lockCatalogueCode(input.code));
      const versions = await query<{ next: number }>(manager, nextCatalogueVersion(input.code));
      const next = versions[0]?.next ?? 1;
      const entry = await manager.getRepository(IndicatorCatalogueEntity).save({ ...input, version: next, createdById: request.actor?.userId ?? null });
      await this.audit.record(request, { action: 'indicator-catalogue.add', entityType: 'IndicatorCatalogue', entityId: entry.id, changes: diffFields(null, entry, ['code', 'version', 'namePl', 'nameEn', 'unit', 'direction', 'source', 'cadence']) }, manager);
      await recordIdempotentResult(manager, request, entry.id);
      return entry;
    });
    return this.toModel(saved, request);
  }

  /** One catalogue entry (the answer to a retried addCatalogueIndicator). */
  async byId(request: RequestContext, id: string): Promise<CatalogueIndicatorModel> {
    ensureCan(request, 'read', 'IndicatorCatalogue');
    const entry = await this.dataSource.getRepository(IndicatorCatalogueEntity).findOneBy({ id });
    if (!entry) throw DomainError.notFound('IndicatorCatalogue');
    return this.toModel(entry, request);
  }

  private toModel(e: IndicatorCatalogueEntity, request: RequestContext): CatalogueIndicatorModel {
    const english = request.locale === 'en';
    return {
      id: e.id,
      code: e.code,
      version: e.version,
      name: english ? e.nameEn : e.namePl,
      description: english ? e.descriptionEn : e.descriptionPl,
      namePl: e.namePl,
      nameEn: e.nameEn,
      unit: e.unit,
      direction: e.direction,
      source: e.source,
      cadence: e.cadence,
    };
  }
}
