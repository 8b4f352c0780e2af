import { addDays, DomainError, IndicatorUnit, translate, type Locale, type MessageKey, type MessageParams } from '@cg/shared/domain';

/**
 * The survey file: one row per question (indicator code) and area, the percentage (0–100) of positive
 * answers, the sample size and the day of the survey.
 */
export const SURVEY_HEADER = ['indicator_code', 'area', 'positive_percent', 'sample_size', 'measured_on'];
export const SURVEY_MAX_ROWS = 5000;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: string) => ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && addDays(value, 0) === value;

export interface SurveyIndicator {
  id: string;
  code: string | null;
  unit: IndicatorUnit;
}

export interface SurveyRow<I extends SurveyIndicator> {
  line: number;
  indicator: I;
  area: string;
  /** Percent, 0–100: the unit of the indicator it goes to. */
  share: number;
  sample: number;
  day: string;
}

/**
 * Checks a whole survey file against the case's indicators before anything is written: every bad row is
 * reported with its line (BAD_USER_INPUT listing up to 100 of them), otherwise the rows to write.
 */
export function parseSurvey<I extends SurveyIndicator>(csv: string, locale: Locale, catalogueCodes: Set<string>, caseIndicators: I[], today: string): SurveyRow<I>[] {
  const errors: { line: number; message: string }[] = [];
  const fail = (line: number, key: MessageKey, params: MessageParams = {}) => errors.push({ line, message: translate(key, locale, { line, ...params }) });
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length - 1 > SURVEY_MAX_ROWS) throw DomainError.badInput('csv.tooLarge', { max: SURVEY_MAX_ROWS }, { field: 'csv', errors: [{ line: SURVEY_MAX_ROWS + 2, message: translate('csv.tooLarge', locale, { max: SURVEY_MAX_ROWS }) }] });
  const header = parseCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  if (header.join(',') !== SURVEY_HEADER.join(',')) fail(1, 'csv.header', { expected: SURVEY_HEADER.join(',') });
  const byCode = new Map<string | null, I>();
  for (const indicator of caseIndicators) if (!byCode.has(indicator.code)) byCode.set(indicator.code, indicator);
  const rows: SurveyRow<I>[] = [];
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
      const indicator = byCode.get(code);
      if (!catalogueCodes.has(code)) fail(line, 'csv.unknownCode', { code: code.slice(0, 40) });
      else if (!indicator) fail(line, 'csv.notOnCase', { code });
      else if (indicator.unit !== IndicatorUnit.PERCENT) fail(line, 'csv.unit', { code, unit: indicator.unit });
      if (!area || area.length > 120) fail(line, 'csv.area');
      const share = Number(shareText.replace(',', '.'));
      if (shareText === '' || !Number.isFinite(share)) fail(line, 'csv.number', { value: shareText.slice(0, 20) });
      else if (share < 0 || share > 100) fail(line, 'csv.share', { value: shareText.slice(0, 20) });
      const sample = Number(sampleText);
      if (!/^\d+$/.test(sampleText) || !Number.isSafeInteger(sample) || sample < 1 || sample > 2_147_483_647) fail(line, 'csv.sample', { value: sampleText.slice(0, 20) });
      if (!isDay(day)) fail(line, 'csv.date', { value: day.slice(0, 20) });
      else if (day > today) fail(line, 'csv.futureDate', { value: day, today });
      if (errors.length === before && indicator) rows.push({ line, indicator, area, share, sample, day });
    }
    if (errors.length === 0 && rows.length === 0) fail(2, 'csv.empty');
  }
  if (errors.length > 0) {
    throw DomainError.badInput('csv.invalid', { count: errors.length, first: errors[0]!.message }, { field: 'csv', errors: errors.slice(0, 100) });
  }
  return rows;
}

/** Splits one CSV line (comma-separated, optional double quotes with "" escapes). */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

/** One CSV cell: quoted when needed; a leading =, +, - or @ is neutralised so that spreadsheets do not run it. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
