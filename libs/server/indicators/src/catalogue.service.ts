import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@cg/shared/domain';
import { ensureCan } from '@cg/server/authz';
import { IndicatorCatalogueEntity, recordIdempotentResult } from '@cg/server/db';
import { AuditService, diffFields } from '@cg/server/audit';
import type { RequestContext } from '@cg/server/core';
import type { AddCatalogueIndicatorInput } from './indicator.inputs';
import type { CatalogueIndicatorModel } from './indicator.model';

/** The shared catalogue. Entries are never edited: adding an existing code writes its next version. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(request: RequestContext, allVersions: boolean): Promise<CatalogueIndicatorModel[]> {
    const rows = await this.dataSource
      .getRepository(IndicatorCatalogueEntity)
      .createQueryBuilder('e')
      .where(allVersions ? 'TRUE' : 'e.version = (SELECT max(v.version) FROM indicator_catalogue v WHERE v.code = e.code)')
      .orderBy('e.code')
      .addOrderBy('e.version')
      .getMany();
    return rows.map((e) => this.toModel(e, request));
  }

  async add(request: RequestContext, input: AddCatalogueIndicatorInput): Promise<CatalogueIndicatorModel> {
    ensureCan(request, 'create', 'IndicatorCatalogue');
    const saved = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`catalogue:${input.code}`]);
      const versions: { next: number }[] = await manager.query('SELECT coalesce(max(version), 0)::int + 1 AS next FROM indicator_catalogue WHERE code = $1', [input.code]);
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
