import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, type EntityManager } from 'typeorm';
import {
  computeProgress,
  DomainError,
  isMeasurementDue,
  todayInWarsaw,
  translate,
  type Cadence,
  type IndicatorDirection,
  type IndicatorSource,
  type IndicatorUnit,
  type MessageKey,
  type MessageParams,
} from '@cg/shared/domain';
import { IndicatorCatalogueEntity, IndicatorEntity, MeasurementEntity, OutboxService } from '@cg/server/db';
import { abilityOf, CaseAccess, caseChildFields, rulesToSql } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import type { GraphQLContext, RequestContext } from '@cg/server/core';
import { parseCsvLine, toCsv } from './csv';
import type { DefineIndicatorInput, ImportSurveyInput, RecordMeasurementInput } from './indicator.inputs';
import type { IndicatorModel, MeasurementModel } from './indicator.model';

export const SURVEY_HEADER = ['indicator_code', 'area', 'positive_share', 'sample_size', 'measured_on'];
export const SURVEY_MAX_ROWS = 5000;


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

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: string) => ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

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
    const [where, params] = this.dataSource.driver.escapeQueryWithParameters(`i.case_id = ANY(:ids) AND ${visible.where}`, { ...visible.params, ids: [...caseIds] });
    const indicators = await this.rows(where, params);
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
      await this.outbox.emit(manager, 'indicator.defined', { type: 'Case', id: input.caseId }, { caseId: input.caseId, indicatorId: saved.id }, { actorUserId: request.actor?.userId, requestId: request.requestId });
      return saved.id;
    });
    return this.get(id);
  }

  /** A new value, or a correction that supersedes an earlier one (never an edit). */
  async record(request: RequestContext, input: RecordMeasurementInput): Promise<IndicatorModel> {
    await this.dataSource.transaction(async (manager) => {
      const indicator = await this.loadIndicator(manager, request, input.indicatorId);
      if (input.supersedesId) {
        const corrected: { id: string }[] = await manager.query(
          'SELECT id FROM measurements m WHERE m.id = $1 AND m.indicator_id = $2 AND NOT EXISTS (SELECT 1 FROM measurements s WHERE s.supersedes_id = m.id) FOR UPDATE',
          [input.supersedesId, indicator.id],
        );
        if (!corrected[0]) throw DomainError.badInput('indicator.supersedes', {}, { field: 'supersedesId' });
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
   * Survey results as CSV, one row per question (indicator code) and area: the share of positive answers
   * and the sample size. Every row is checked first; a single bad row means nothing is written, and every
   * bad row is reported with its line number.
   */
  async importSurvey(request: RequestContext, input: ImportSurveyInput): Promise<{ imported: number; indicators: IndicatorModel[] }> {
    return this.dataSource.transaction(async (manager) => {
      const facts = await this.access.load(request, input.caseId, 'read', { manager });
      this.access.ensure(request, 'manage', 'Indicator', facts);
      const caseIndicators = await manager.getRepository(IndicatorEntity).findBy({ caseId: input.caseId });
      const catalogue: { code: string }[] = await manager.query('SELECT DISTINCT code FROM indicator_catalogue');
      const known = new Set(catalogue.map((c) => c.code));
      const errors: { line: number; message: string }[] = [];
      const fail = (line: number, key: MessageKey, params: MessageParams = {}) => errors.push({ line, message: translate(key, request.locale, { line, ...params }) });
      const lines = input.csv.replace(/^\uFEFF/, '').split(/\r?\n/);
      while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
      if (lines.length - 1 > SURVEY_MAX_ROWS) throw DomainError.badInput('csv.tooLarge', { max: SURVEY_MAX_ROWS }, { field: 'csv', errors: [{ line: SURVEY_MAX_ROWS + 2, message: translate('csv.tooLarge', request.locale, { max: SURVEY_MAX_ROWS }) }] });
      const header = parseCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
      if (header.join(',') !== SURVEY_HEADER.join(',')) fail(1, 'csv.header', { expected: SURVEY_HEADER.join(',') });
      const rows: { line: number; indicator: IndicatorEntity; area: string; share: number; sample: number; day: string }[] = [];
      if (errors.length === 0) {
        for (let index = 1; index < lines.length; index++) {
          const line = index + 1;
          const text = lines[index]!;
          if (text.trim() === '') continue;
          const cells = parseCsvLine(text);
          if (cells.length !== SURVEY_HEADER.length) {
            fail(line, 'csv.columns', { expected: SURVEY_HEADER.length, actual: cells.length });
            continue;
          }
          const [code, area, shareText, sampleText, day] = cells as [string, string, string, string, string];
          const before: number = errors.length;
          const indicator = caseIndicators.find((i) => i.code === code);
          if (!known.has(code)) fail(line, 'csv.unknownCode', { code: code.slice(0, 40) });
          else if (!indicator) fail(line, 'csv.notOnCase', { code });
          if (!area || area.length > 120) fail(line, 'csv.area');
          const share = Number(shareText.replace(',', '.'));
          if (shareText === '' || !Number.isFinite(share)) fail(line, 'csv.number', { value: shareText.slice(0, 20) });
          else if (share < 0 || share > 100) fail(line, 'csv.share', { value: shareText.slice(0, 20) });
          const sample = Number(sampleText);
          if (!/^\d+$/.test(sampleText) || !Number.isSafeInteger(sample) || sample < 1) fail(line, 'csv.sample', { value: sampleText.slice(0, 20) });
          if (!isDay(day)) fail(line, 'csv.date', { value: day.slice(0, 20) });
          if (errors.length === before && indicator) rows.push({ line, indicator, area, share, sample, day });
        }
        if (errors.length === 0 && rows.length === 0) fail(2, 'csv.empty');
      }
      if (errors.length > 0) {
        throw DomainError.badInput('csv.invalid', { count: errors.length, first: errors[0]!.message }, { field: 'csv', errors: errors.slice(0, 100) });
      }
      for (const row of rows) {
        await this.insertMeasurement(manager, request, row.indicator, {
          value: row.share,
          measuredOn: row.day,
          sourceNote: `${input.sourceNote ? `${input.sourceNote}; ` : ''}survey, ${row.area}, n=${row.sample}`.slice(0, 1000),
          sampleSize: row.sample,
          supersedesId: null,
        });
      }
      await this.audit.record(request, { action: 'indicator.import-survey', entityType: 'Case', entityId: input.caseId, reason: `${rows.length} rows imported` }, manager);
      const touched = [...new Set(rows.map((r) => r.indicator.id))];
      const models = await Promise.all(touched.map((id) => this.get(id, manager)));
      return { imported: rows.length, indicators: models };
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
    const rows: { id: string; case_id: string; last_day: string; cadence: Cadence }[] = await this.dataSource.query(
      `SELECT i.id, i.case_id, i.cadence, to_char(greatest(i.baseline_date, coalesce(max(m.measured_on), i.baseline_date)), 'YYYY-MM-DD') AS last_day
         FROM indicators i JOIN cases c ON c.id = i.case_id AND c.phase <> 'CLOSED'
         LEFT JOIN measurements m ON m.indicator_id = i.id
        GROUP BY i.id`,
    );
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
    await this.outbox.emit(manager, 'indicator.measurement-recorded', { type: 'Case', id: indicator.caseId }, { caseId: indicator.caseId, indicatorId: indicator.id, measurementId: saved.id }, { actorUserId: request.actor?.userId, requestId: request.requestId });
    await manager.query('UPDATE cases SET last_activity_at = now() WHERE id = $1', [indicator.caseId]);
  }

  private async loadIndicator(manager: EntityManager, request: RequestContext, id: string): Promise<IndicatorEntity> {
    const indicator = await manager.getRepository(IndicatorEntity).findOneBy({ id });
    if (!indicator) throw DomainError.notFound('Indicator');
    const facts = await this.access.load(request, indicator.caseId, 'read', { manager });
    this.access.ensureReadable(request, 'Indicator', facts);
    this.access.ensure(request, 'update', 'Indicator', facts);
    return indicator;
  }

  private async get(id: string, manager?: EntityManager): Promise<IndicatorModel> {
    const rows = await this.rows('i.id = $1', [id], manager);
    if (!rows[0]) throw DomainError.notFound('Indicator');
    const series = await this.series([id], manager);
    return this.toModel(rows[0], series.get(id) ?? [], todayInWarsaw());
  }

  private rows(where: string, params: unknown[], manager?: EntityManager): Promise<IndicatorRow[]> {
    return (manager ?? this.dataSource).query(
      `SELECT i.id, i.case_id, i.code, ce.version AS catalogue_version, i.name, i.unit, i.direction, i.source, i.cadence,
              i.baseline_value, to_char(i.baseline_date, 'YYYY-MM-DD') AS baseline_date, i.target_value, to_char(i.target_date, 'YYYY-MM-DD') AS target_date, i.version
         FROM indicators i LEFT JOIN indicator_catalogue ce ON ce.id = i.catalogue_entry_id
        WHERE ${where} ORDER BY i.created_at, i.id`,
      params,
    );
  }

  /** Effective measurements (not superseded), in date order, grouped by indicator. */
  private async series(ids: string[], manager?: EntityManager): Promise<Map<string, MeasurementModel[]>> {
    const map = new Map<string, MeasurementModel[]>();
    if (ids.length === 0) return map;
    const rows: MeasurementRow[] = await (manager ?? this.dataSource).query(
      `SELECT m.id, m.indicator_id, m.value, to_char(m.measured_on, 'YYYY-MM-DD') AS measured_on, m.source_note, m.sample_size, m.supersedes_id,
              u.display_name AS recorded_by, m.recorded_at
         FROM measurements m LEFT JOIN users u ON u.id = m.recorded_by_id
        WHERE m.indicator_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM measurements s WHERE s.supersedes_id = m.id)
        ORDER BY m.measured_on, m.recorded_at`,
      [ids],
    );
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
