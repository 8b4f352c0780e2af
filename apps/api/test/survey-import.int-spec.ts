import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, OrganisationKind, Role, todayInWarsaw } from '@cg/shared/domain';
import { SURVEY_HEADER, SURVEY_MAX_ROWS } from '@cg/server/indicators';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const IMPORT = 'mutation($input: ImportSurveyInput!) { importSurveyResults(input: $input) { imported indicators { code unit latestValue series { value sampleSize } } } }';
const RECORD = 'mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { latestValue latestMeasuredOn } }';
const DEFINE = 'mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { id } }';
const HEADER = SURVEY_HEADER.join(',');

interface ImportResult {
  importSurveyResults: { imported: number; indicators: { code: string; unit: string; latestValue: number; series: { value: number; sampleSize: number }[] }[] };
}

/** A survey file of `rows` good rows, spread over two percent indicators, areas and past days. */
function survey(rows: number, today: string): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) lines.push(`${i % 2 ? 'POLICE_CONFIDENCE' : 'SAFE_AFTER_DARK'},"Piaski, blok ${i}",${(i % 1000) / 10},${100 + (i % 50)},${addDays(today, -(i % 300))}`);
  return `${lines.join('\n')}\n`;
}

describe('survey import: in bulk, all or nothing, dated today or earlier, in percent', () => {
  let api: TestApp;
  let coordinator: string;
  let staff: string;
  let english: string;
  const today = todayInWarsaw();

  async function openCase(title: string): Promise<string> {
    const response = await api.gql<{ openCase: { id: string } }>('mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }', { input: { title, type: 'SOCIAL_TENSION', area: { district: 'Piaski' }, diagnosis: { what: 'problem' } } }, { token: coordinator });
    const caseId = response.data!.openCase.id;
    for (const [code, baselineValue, targetValue] of [['SAFE_AFTER_DARK', 38, 60], ['POLICE_CONFIDENCE', 30, 55], ['OFFICER_RATING', 5, 8]] as const) {
      const defined = await api.gql(DEFINE, { input: { caseId, catalogueCode: code, baselineValue, baselineDate: addDays(today, -400), targetValue, targetDate: addDays(today, 200) } }, { token: staff });
      expect(defined.errors).toBeUndefined();
    }
    return caseId;
  }
  const run = (caseId: string, csv: string, token = coordinator) => api.gql<ImportResult>(IMPORT, { input: { caseId, csv, sourceNote: 'Sondaż' } }, { token });
  const written = async (caseId: string) =>
    (
      await api.dataSource.query(
        `SELECT (SELECT count(*) FROM measurements m JOIN indicators i ON i.id = m.indicator_id WHERE i.case_id = $1)::int AS measurements,
                (SELECT count(*) FROM audit_events a WHERE a.action = 'indicator.record-measurement' AND a.entity_id IN (SELECT m.id::text FROM measurements m JOIN indicators i ON i.id = m.indicator_id WHERE i.case_id = $1))::int AS audited,
                (SELECT count(*) FROM outbox_events e WHERE e.type = 'indicator.measurement-recorded' AND e.aggregate_id = $1)::int AS events`,
        [caseId],
      )
    )[0];

  beforeAll(async () => {
    // A body limit that lets the largest file the importer accepts through (the default limit stops it before).
    api = await startApi({ HTTP_BODY_LIMIT_BYTES: String(2 * 1024 * 1024) });
    const police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    coordinator = (await api.signedIn(police, [Role.COORDINATOR])).token;
    staff = (await api.signedIn(police, [Role.STAFF])).token;
    english = (await api.login((await api.fixtures.user(police, [Role.STAFF], { locale: 'en' })).email)).accessToken;
  });
  afterAll(async () => {
    await api.stop();
  });

  it('imports a file of the largest allowed size whole: every row a measurement, audited, with its event', async () => {
    const caseId = await openCase('Największy plik');
    const response = await run(caseId, survey(SURVEY_MAX_ROWS, today));
    expect(response.errors).toBeUndefined();
    expect(response.data!.importSurveyResults.imported).toBe(SURVEY_MAX_ROWS);
    expect(response.data!.importSurveyResults.indicators.map((i) => [i.code, i.series.length]).sort()).toEqual([['POLICE_CONFIDENCE', SURVEY_MAX_ROWS / 2], ['SAFE_AFTER_DARK', SURVEY_MAX_ROWS / 2]]);
    expect(await written(caseId)).toEqual({ measurements: SURVEY_MAX_ROWS, audited: SURVEY_MAX_ROWS, events: SURVEY_MAX_ROWS });
    const [summary] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'indicator.import-survey' AND entity_id = $1 AND reason = $2`, [caseId, `${SURVEY_MAX_ROWS} rows imported`]);
    expect(summary.n).toBe(1);
    expect(errorCode(await run(caseId, survey(SURVEY_MAX_ROWS + 1, today)))).toBe('BAD_USER_INPUT');
  });

  it('writes in a fixed number of statements, whatever the row count', async () => {
    const small = await openCase('Mały plik');
    const large = await openCase('Duży plik');
    const few = await api.countQueries(() => run(small, survey(10, today)));
    const many = await api.countQueries(() => run(large, survey(SURVEY_MAX_ROWS, today)));
    expect(few.result.errors).toBeUndefined();
    expect(many.result.errors).toBeUndefined();
    expect(many.result.data!.importSurveyResults.imported).toBe(SURVEY_MAX_ROWS);
    expect(many.count).toBe(few.count);
    expect(many.count).toBeLessThanOrEqual(20);
  });

  it('reports every bad row of a large file with its line and writes nothing', async () => {
    const caseId = await openCase('Plik z błędami');
    const lines = survey(SURVEY_MAX_ROWS, today).trimEnd().split('\n');
    lines[10] = `SAFE_AFTER_DARK,Piaski,130,100,${today}`;
    // Two days ahead: in the future even if the day changes while the test runs.
    lines[2000] = `SAFE_AFTER_DARK,Piaski,50,100,${addDays(today, 2)}`;
    lines[4999] = `OFFICER_RATING,Piaski,50,100,${today}`;
    const response = await run(caseId, lines.join('\n'));
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.errors).toEqual([
      { line: 11, message: 'Wiersz 11: odsetek musi być liczbą od 0 do 100, jest „130”.' },
      { line: 2001, message: expect.stringMatching(new RegExp(`^Wiersz 2001: data „${addDays(today, 2)}” jest w przyszłości \\(dziś jest \\d{4}-\\d{2}-\\d{2}\\)\\.$`)) as unknown },
      { line: 5000, message: 'Wiersz 5000: wskaźnik „OFFICER_RATING” nie jest wyrażany w procentach (jednostka SCORE); z ankiety importuje się tylko odsetki.' },
    ]);
    expect(await written(caseId)).toEqual({ measurements: 0, audited: 0, events: 0 });
  });

  it('refuses a measurement dated after today in Warsaw, in both languages; today is accepted', async () => {
    const caseId = await openCase('Daty pomiarów');
    const [{ id }] = await api.dataSource.query(`SELECT id FROM indicators WHERE case_id = $1 AND code = 'SAFE_AFTER_DARK'`, [caseId]);
    // Two days ahead: in the future even if the day changes while the test runs.
    const tomorrow = addDays(today, 2);
    const refused = await api.gql(RECORD, { input: { indicatorId: id, value: 99, measuredOn: tomorrow } }, { token: staff });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/^Data pomiaru nie może być późniejsza niż dzisiejsza \(\d{4}-\d{2}-\d{2}\)\.$/);
    const refusedEn = await api.gql(RECORD, { input: { indicatorId: id, value: 99, measuredOn: `${tomorrow}T08:00:00Z` } }, { token: english });
    expect(refusedEn.errors?.[0]?.message).toMatch(/^A measurement cannot be dated after today \(\d{4}-\d{2}-\d{2}\)\.$/);
    expect(await written(caseId)).toEqual({ measurements: 0, audited: 0, events: 0 });
    const accepted = await api.gql<{ recordMeasurement: { latestValue: number; latestMeasuredOn: string } }>(RECORD, { input: { indicatorId: id, value: 44, measuredOn: today } }, { token: staff });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.recordMeasurement).toEqual({ latestValue: 44, latestMeasuredOn: today });
    const yesterday = await api.gql(RECORD, { input: { indicatorId: id, value: 43, measuredOn: addDays(today, -1) } }, { token: staff });
    expect(yesterday.errors).toBeUndefined();
    const future = await run(caseId, `${HEADER}\nSAFE_AFTER_DARK,Piaski,50,100,${tomorrow}\n`);
    expect(errorCode(future)).toBe('BAD_USER_INPUT');
    expect(await written(caseId)).toEqual({ measurements: 2, audited: 2, events: 2 });
  });

  it('imports the demo survey file as percentages, the unit of its indicator', async () => {
    const caseId = await openCase('Plik demonstracyjny');
    const csv = readFileSync(join(__dirname, '../../../docs/demo/survey-piaski.csv'), 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe(HEADER);
    const response = await run(caseId, csv);
    expect(response.errors).toBeUndefined();
    const [indicator] = response.data!.importSurveyResults.indicators;
    expect(indicator!.code).toBe('SAFE_AFTER_DARK');
    expect(indicator!.unit).toBe('PERCENT');
    expect(indicator!.series.map((m) => [m.value, m.sampleSize]).sort()).toEqual([[49, 187], [54.5, 212]]);
    // Percent, not a share: every value of the file is a percentage between 1 and 100.
    expect(indicator!.series.every((m) => m.value > 1 && m.value <= 100)).toBe(true);
  });
});
