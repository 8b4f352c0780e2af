import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, type EntityManager } from 'typeorm';
import {
  computeProgress,
  DomainError,
  isMeasurementDue,
  todayInWarsaw,
  type Cadence,
  type IndicatorDirection,
  type IndicatorSource,
  type IndicatorUnit,
} from '@cg/shared/domain';
import { IndicatorCatalogueEntity, IndicatorEntity, MeasurementEntity, OutboxService, query, recordIdempotentResult, sql, touchOpenCase, type Sql } from '@cg/server/db';
import { abilityOf, CaseAccess, caseChildFields, rulesToSql } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import type { GraphQLContext, RequestContext } from '@cg/server/core';
import { parseSurvey, toCsv } from './csv';
import type { DefineIndicatorInput, ImportSurveyInput, RecordMeasurementInput } from './indicator.inputs';
import type { IndicatorModel, MeasurementModel } from './indicator.model';
import { catalogueCodes, effectiveMeasurements, indicatorsOfOpenCases, indicatorsWhere, insertMeasurements, measurementToCorrect } from './indicators.queries';

interface IndicatorRow {
  id: string;
  case_id: string;
  code: string | null;
  catalogue_version: number | null;
  name: string;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
  source: IndicatorSource;
  cadence: Cadence;
  baseline_value: number;
  baseline_date: string;
  target_value: number;
  target_date: string;
  version: number;
}

interface MeasurementRow {
  id: string;
  indicator_id: string;
  value: number;
  measured_on: string;
  source_note: string;
  sample_size: number | null;
  supersedes_id: string | null;
  recorded_by: string | null;
  recorded_at: Date;
}

/** Indicators of cases, measurements (corrections supersede, never overwrite), survey import and export. */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** The indicators (INDICATORS, filtered in SQL by the rules) of every case on a page: two statements (indicators, effective measurements). */
  byCase(context: GraphQLContext): DataLoader<string, IndicatorModel[]> {
    return context.loaders.get('case.indicators', () => new DataLoader((ids: readonly string[]) => this.loadByCase(context.request, ids)));
  }

  async loadByCase(request: RequestContext, caseIds: readonly string[], today = todayInWarsaw()): Promise<IndicatorModel[][]> {
    const visible = rulesToSql(abilityOf(request), 'read', 'Indicator', caseChildFields('i'));
    const indicators = await this.rows(sql`i.case_id = ANY(${[...caseIds]}) AND ${visible}`);
    const series = await this.series(indicators.map((i) => i.id));
    return caseIds.map((id) => indicators.filter((i) => i.case_id === id).map((i) => this.toModel(i, series.get(i.id) ?? [], today)));
  }

  async define(request: RequestContext, input: DefineIndicatorInput): Promise<IndicatorModel> {
    if (input.targetDate.slice(0, 10) <= input.baselineDate.slice(0, 10)) throw DomainError.badInput('indicator.dates', {}, { field: 'targetDate' });
    const id = await this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'read', { manager });
      this.access.ensure(request, 'create', 'Indicator', facts);
      let entry: IndicatorCatalogueEntity | null = null;
      if (input.catalogueCode) {
        entry = await manager.getRepository(IndicatorCatalogueEntity).findOne({ where: { code: input.catalogueCode }, order: { version: 'DESC' } });
        if (!entry) throw DomainError.badInput('indicator.unknownCode', { code: input.catalogueCode }, { field: 'catalogueCode' });
      } else if (!input.name || !input.unit || !input.direction || !input.source || !input.cadence) {
        throw DomainError.badInput('indicator.customFields', {}, { field: 'name' });
      }
      const saved = await manager.getRepository(IndicatorEntity).save({
        caseId: input.caseId,
        catalogueEntryId: entry?.id ?? null,
        code: entry?.code ?? null,
        name: input.name?.trim() ?? (request.locale === 'en' ? entry!.nameEn : entry!.namePl),
        unit: entry?.unit ?? input.unit!,
        direction: entry?.direction ?? input.direction!,
        source: input.source ?? entry!.source,
        cadence: input.cadence ?? entry!.cadence,
        baselineValue: input.baselineValue,
        baselineDate: input.baselineDate.slice(0, 10),
        targetValue: input.targetValue,
        targetDate: input.targetDate.slice(0, 10),
        createdById: request.actor?.userId ?? null,
      });
      await this.audit.record(request, { action: 'indicator.define', entityType: 'Indicator', entityId: saved.id, changes: diffFields(null, saved, ['code', 'name', 'unit', 'direction', 'source', 'cadence', 'baselineValue', 'baselineDate', 'targetValue', 'targetDate']) }, manager);
      await recordIdempotentResult(manager, request, saved.id);
      await this.outbox.emit(manager, 'indicator.defined', { type: 'Case', id: input.caseId }, { caseId: input.caseId, indicatorId: saved.id }, { actorUserId: request.actor?.userId, requestId: request.requestId });
      return saved.id;
    });
    return this.get(id);
  }

  /**
   * Indicators as the caller may read them now (the answer to a retried write): NOT_FOUND when their case (or the
   * indicator) is no longer readable.
   */
  async readable(request: RequestContext, caseId: string | null, ids: string[]): Promise<IndicatorModel[]> {
    if (caseId) this.access.ensureReadable(request, 'Indicator', await this.access.load(request, caseId, 'read'));
    for (const id of new Set(ids)) this.access.ensureReadable(request, 'Indicator', await this.access.loadChild(request, 'Indicator', id, 'read'));
    return this.models(ids);
  }

  /** A new value, or a correction that supersedes an earlier one (never an edit). */
  async record(request: RequestContext, input: RecordMeasurementInput): Promise<IndicatorModel> {
    const today = todayInWarsaw();
    if (input.measuredOn.slice(0, 10) > today) throw DomainError.badInput('indicator.futureDate', { today }, { field: 'measuredOn' });
    await this.dataSource.transaction(async (manager) => {
      const indicator = await this.loadIndicator(manager, request, input.indicatorId);
      if (input.supersedesId) {
        // A measurement of another indicator (perhaps of a case the caller may not read) is NOT_FOUND, like an unknown id.
        const corrected = await query<{ id: string; corrected: boolean }>(manager, measurementToCorrect(input.supersedesId, indicator.id));
        if (!corrected[0]) throw DomainError.notFound('Measurement');
        if (corrected[0].corrected) throw DomainError.badInput('indicator.supersedes', {}, { field: 'supersedesId' });
      }
      await this.insertMeasurement(manager, request, indicator, {
        value: input.value,
        measuredOn: input.measuredOn.slice(0, 10),
        sourceNote: input.sourceNote ?? '',
        sampleSize: input.sampleSize ?? null,
        supersedesId: input.supersedesId ?? null,
      });
    });
    return this.get(input.indicatorId);
  }

  /**
   * Survey results as CSV, one row per question (indicator code) and area: the percentage of positive
   * answers (0–100, the unit of the survey indicators) and the sample size. Every row is checked first; a
   * single bad row means nothing is written, and every bad row is reported with its line number.
   *
   * Written in bulk: a fixed handful of statements whatever the row count (measurements in one INSERT …
   * SELECT FROM jsonb_to_recordset, their audit rows in one INSERT, their outbox events in one INSERT). The
   * case row is touched last (last activity), so its row lock is held only while the transaction commits,
   * and that same UPDATE refuses a case closed in the meantime.
   */
  async importSurvey(request: RequestContext, input: ImportSurveyInput): Promise<{ imported: number; indicators: IndicatorModel[] }> {
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'read', { manager });
      this.access.ensure(request, 'manage', 'Indicator', facts);
      const caseIndicators = await manager.getRepository(IndicatorEntity).findBy({ caseId: input.caseId });
      const catalogue = await query<{ code: string }>(manager, catalogueCodes());
      const rows = parseSurvey(input.csv, request.locale, new Set(catalogue.map((c) => c.code)), caseIndicators, todayInWarsaw());
      // In no language: the area and the sample as the file gave them (the source column already says "survey").
      const note = (area: string, sample: number) => `${input.sourceNote ? `${input.sourceNote}; ` : ''}${area}, n=${sample}`.slice(0, 1000);
      const written = await query<{ id: string; indicator_id: string; value: number; measured_on: string; sample_size: number }>(
        manager,
        insertMeasurements(rows.map((r) => ({ indicator_id: r.indicator.id, value: r.share, measured_on: r.day, source_note: note(r.area, r.sample), sample_size: r.sample })), request.actor?.userId ?? null),
      );
      await this.audit.recordMany(
        request,
        [
          ...written.map((m) => ({
            action: 'indicator.record-measurement',
            entityType: 'Measurement',
            entityId: m.id,
            changes: diffFields(null, { indicatorId: m.indicator_id, value: m.value, measuredOn: m.measured_on, sampleSize: m.sample_size, supersedesId: null }, ['indicatorId', 'value', 'measuredOn', 'sampleSize', 'supersedesId']),
          })),
          { action: 'indicator.import-survey', entityType: 'Case', entityId: input.caseId, reason: `${written.length} rows imported` },
        ],
        manager,
      );
      await this.outbox.emitMany(
        manager,
        'indicator.measurement-recorded',
        written.map((m) => ({ aggregate: { type: 'Case', id: input.caseId }, payload: { caseId: input.caseId, indicatorId: m.indicator_id, measurementId: m.id } })),
        { actorUserId: request.actor?.userId, requestId: request.requestId },
      );
      await touchOpenCase(manager, input.caseId);
      const touched = [...new Set(written.map((m) => m.indicator_id))];
      await recordIdempotentResult(manager, request, { imported: written.length, indicatorIds: touched });
      return { imported: written.length, indicators: await this.models(touched, manager) };
    });
  }

  /** The case's indicators and every effective measurement, as CSV. */
  async exportCase(request: RequestContext, caseId: string): Promise<string> {
    await this.access.load(request, caseId, 'read');
    this.ensureReadable(request);
    const [indicators] = await this.loadByCase(request, [caseId]);
    const rows: unknown[][] = [];
    for (const indicator of indicators ?? []) {
      const base = [indicator.code ?? '', indicator.name, indicator.unit, indicator.direction, indicator.baselineValue, indicator.baselineDate, indicator.targetValue, indicator.targetDate, indicator.progress ?? '', indicator.onTrack === null ? '' : indicator.onTrack];
      if (indicator.series.length === 0) rows.push([...base, '', '', '', '']);
      for (const m of indicator.series) rows.push([...base, m.measuredOn, m.value, m.sampleSize ?? '', m.sourceNote]);
    }
    return toCsv(
      ['indicator_code', 'indicator_name', 'unit', 'direction', 'baseline_value', 'baseline_date', 'target_value', 'target_date', 'progress', 'on_track', 'measured_on', 'value', 'sample_size', 'source_note'],
      rows,
    );
  }

  /** Indicators due a measurement by their cadence, with the last day measured (or the baseline day). */
  async dueForMeasurement(today: string): Promise<{ id: string; caseId: string; lastDay: string; cadence: Cadence }[]> {
    const rows = await query<{ id: string; case_id: string; last_day: string; cadence: Cadence }>(this.dataSource, indicatorsOfOpenCases());
    return rows.filter((r) => isMeasurementDue(r.last_day, r.cadence, today)).map((r) => ({ id: r.id, caseId: r.case_id, lastDay: r.last_day, cadence: r.cadence }));
  }

  private ensureReadable(request: RequestContext): void {
    if (!request.actor) throw DomainError.unauthenticated();
  }

  private async insertMeasurement(
    manager: EntityManager,
    request: RequestContext,
    indicator: IndicatorEntity,
    values: { value: number; measuredOn: string; sourceNote: string; sampleSize: number | null; supersedesId: string | null },
  ): Promise<void> {
    const saved = await manager.getRepository(MeasurementEntity).save({ indicatorId: indicator.id, recordedById: request.actor?.userId ?? null, ...values });
    await this.audit.record(request, { action: values.supersedesId ? 'indicator.correct-measurement' : 'indicator.record-measurement', entityType: 'Measurement', entityId: saved.id, changes: diffFields(null, saved, ['indicatorId', 'value', 'measuredOn', 'sampleSize', 'supersedesId']) }, manager);
    await recordIdempotentResult(manager, request, saved.id);
    await this.outbox.emit(manager, 'indicator.measurement-recorded', { type: 'Case', id: indicator.caseId }, { caseId: indicator.caseId, indicatorId: indicator.id, measurementId: saved.id }, { actorUserId: request.actor?.userId, requestId: request.requestId });
    await touchOpenCase(manager, indicator.caseId);
  }

  private async loadIndicator(manager: EntityManager, request: RequestContext, id: string): Promise<IndicatorEntity> {
    const facts = await this.access.loadChild(request, 'Indicator', id, 'read', { manager });
    this.access.ensureReadable(request, 'Indicator', facts);
    this.access.ensure(request, 'update', 'Indicator', facts);
    return manager.getRepository(IndicatorEntity).findOneByOrFail({ id });
  }

  /** Several indicators with their series: two statements, whatever the count. */
  private async models(ids: string[], manager?: EntityManager): Promise<IndicatorModel[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows(sql`i.id = ANY(${ids})`, manager);
    const series = await this.series(ids, manager);
    const today = todayInWarsaw();
    return rows.map((row) => this.toModel(row, series.get(row.id) ?? [], today));
  }

  private async get(id: string, manager?: EntityManager): Promise<IndicatorModel> {
    const rows = await this.rows(sql`i.id = ${id}`, manager);
    if (!rows[0]) throw DomainError.notFound('Indicator');
    const series = await this.series([id], manager);
    return this.toModel(rows[0], series.get(id) ?? [], todayInWarsaw());
  }

  private rows(condition: Sql, manager?: EntityManager): Promise<IndicatorRow[]> {
    return query<IndicatorRow>(manager ?? this.dataSource, indicatorsWhere(condition));
  }

  /** Effective measurements (not superseded), in date order, grouped by indicator. */
  private async series(ids: string[], manager?: EntityManager): Promise<Map<string, MeasurementModel[]>> {
    const map = new Map<string, MeasurementModel[]>();
    if (ids.length === 0) return map;
    const rows = await query<MeasurementRow>(manager ?? this.dataSource, effectiveMeasurements(ids));
    for (const r of rows) {
      const list = map.get(r.indicator_id) ?? [];
      list.push({ id: r.id, value: r.value, measuredOn: r.measured_on, sourceNote: r.source_note, sampleSize: r.sample_size, supersedesId: r.supersedes_id, recordedBy: r.recorded_by, recordedAt: r.recorded_at });
      map.set(r.indicator_id, list);
    }
    return map;
  }

  private toModel(row: IndicatorRow, series: MeasurementModel[], today: string): IndicatorModel {
    const latest = series[series.length - 1] ?? null;
    const progress = computeProgress({
      direction: row.direction,
      baseline: row.baseline_value,
      target: row.target_value,
      latest: latest?.value ?? null,
      baselineDate: row.baseline_date,
      targetDate: row.target_date,
      today,
    });
    return {
      id: row.id,
      caseId: row.case_id,
      code: row.code,
      catalogueVersion: row.catalogue_version,
      name: row.name,
      unit: row.unit,
      direction: row.direction,
      source: row.source,
      cadence: row.cadence,
      baselineValue: row.baseline_value,
      baselineDate: row.baseline_date,
      targetValue: row.target_value,
      targetDate: row.target_date,
      latestValue: latest?.value ?? null,
      latestMeasuredOn: latest?.measuredOn ?? null,
      progress: progress.percent,
      expectedProgress: progress.expectedPercent,
      onTrack: progress.onTrack,
      targetReached: progress.targetReached,
      measurementDue: isMeasurementDue(latest && latest.measuredOn > row.baseline_date ? latest.measuredOn : row.baseline_date, row.cadence, today),
      series,
      version: row.version,
    };
  }
}
