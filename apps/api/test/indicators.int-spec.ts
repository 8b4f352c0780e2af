import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { OutboxService, type OrganisationEntity } from '@cg/server/db';
import { IndicatorsService, MeasurementDueHandler } from '@cg/server/indicators';
import { DataSource } from 'typeorm';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const IND = 'id code catalogueVersion name baselineValue targetValue latestValue progress onTrack targetReached measurementDue series { id value measuredOn supersedesId }';
const DEFINE = `mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { ${IND} } }`;
const RECORD = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { ${IND} } }`;
const IMPORT = `mutation($input: ImportSurveyInput!) { importSurveyResults(input: $input) { imported indicators { code latestValue series { value } } } }`;

interface Indicator {
  id: string;
  progress: number | null;
  onTrack: boolean | null;
  latestValue: number | null;
  series: { id: string; value: number; supersedesId: string | null }[];
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('indicators: catalogue, measurements, survey import, comparable results', () => {
  let api: TestApp;
  let police: OrganisationEntity;
  let coordinator: string;
  let staff: string;
  let caseId: string;

  async function openCase(token: string, district: string, type = 'SOCIAL_TENSION'): Promise<string> {
    const response = await api.gql<{ openCase: { id: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: { title: `Sprawa ${district}`, type, area: { district }, diagnosis: { what: 'problem' } } },
      { token },
    );
    return response.data!.openCase.id;
  }

  const counts = async () =>
    (await api.dataSource.query(`SELECT (SELECT count(*) FROM measurements)::int AS measurements, (SELECT count(*) FROM outbox_events)::int AS events, (SELECT count(*) FROM audit_events WHERE outcome = 'SUCCESS')::int AS audits`))[0];

  beforeAll(async () => {
    api = await startApi();
    police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    coordinator = (await api.signedIn(police, [Role.COORDINATOR])).token;
    staff = (await api.signedIn(police, [Role.STAFF])).token;
    caseId = await openCase(coordinator, 'Piaski');
    await api.gql(DEFINE, { input: { caseId, catalogueCode: 'SAFE_AFTER_DARK', baselineValue: 38, baselineDate: day(-120), targetValue: 60, targetDate: day(120) } }, { token: staff });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('offers the standard catalogue in Polish and English, and changes it only by new versions', async () => {
    const pl = await api.gql<{ indicatorCatalogue: { code: string; version: number; name: string }[] }>('{ indicatorCatalogue { code version name } }', {}, { token: staff });
    expect(pl.data!.indicatorCatalogue.map((e) => e.code)).toEqual(
      expect.arrayContaining(['SAFE_AFTER_DARK', 'POLICE_CONFIDENCE', 'OFFICER_RATING', 'WILLINGNESS_TO_REPORT', 'POLICE_INTERVENTIONS', 'THREAT_MAP_REPORTS', 'REPEAT_INCIDENTS', 'ACTIVE_PARTNERS', 'REQUESTS_ANSWERED_ON_TIME', 'OUTCOME_SATISFACTION']),
    );
    expect(pl.data!.indicatorCatalogue.find((e) => e.code === 'SAFE_AFTER_DARK')?.name).toBe('Odsetek mieszkańców czujących się bezpiecznie po zmroku');
    const english = await api.fixtures.user(police, [Role.STAFF], { locale: 'en' });
    const en = await api.gql<{ indicatorCatalogue: { code: string; name: string }[] }>('{ indicatorCatalogue { code name } }', {}, { token: (await api.login(english.email)).accessToken });
    expect(en.data!.indicatorCatalogue.find((e) => e.code === 'SAFE_AFTER_DARK')?.name).toBe('Residents feeling safe after dark');

    const admin = (await api.signedIn(police, [Role.ADMIN])).token;
    const input = { code: 'OFFICER_RATING', namePl: 'Ocena dzielnicowego (skala 1–10)', nameEn: 'Neighbourhood officer rating (1–10)', descriptionPl: 'Nowa skala', descriptionEn: 'New scale', unit: 'SCORE', direction: 'INCREASE', source: 'SURVEY', cadence: 'ANNUAL' };
    expect(errorCode(await api.gql('mutation($input: AddCatalogueIndicatorInput!) { addCatalogueIndicator(input: $input) { id } }', { input }, { token: coordinator }))).toBe('FORBIDDEN');
    const added = await api.gql<{ addCatalogueIndicator: { version: number } }>('mutation($input: AddCatalogueIndicatorInput!) { addCatalogueIndicator(input: $input) { version } }', { input }, { token: admin });
    expect(added.data?.addCatalogueIndicator.version).toBe(2);
    const all = await api.gql<{ indicatorCatalogue: { code: string; version: number; nameEn: string }[] }>('{ indicatorCatalogue(allVersions: true) { code version nameEn } }', {}, { token: staff });
    expect(all.data!.indicatorCatalogue.filter((e) => e.code === 'OFFICER_RATING')).toEqual([
      { code: 'OFFICER_RATING', version: 1, nameEn: 'Rating of the neighbourhood officer' },
      { code: 'OFFICER_RATING', version: 2, nameEn: 'Neighbourhood officer rating (1–10)' },
    ]);
  });

  it('records measurements, shows progress and whether it is on track; a correction supersedes, never edits', async () => {
    const defined = await api.gql<{ defineIndicator: Indicator & { catalogueVersion: number } }>(DEFINE, { input: { caseId, catalogueCode: 'POLICE_INTERVENTIONS', baselineValue: 20, baselineDate: day(-100), targetValue: 10, targetDate: day(100) } }, { token: staff });
    const indicator = defined.data!.defineIndicator;
    expect(indicator).toMatchObject({ progress: null, onTrack: null, latestValue: null, catalogueVersion: 1 });
    const first = await api.gql<{ recordMeasurement: Indicator }>(RECORD, { input: { indicatorId: indicator.id, value: 14, measuredOn: day(-10), sourceNote: 'KSIP' } }, { token: staff });
    expect(first.data?.recordMeasurement).toMatchObject({ latestValue: 14, progress: 60, onTrack: true });
    const wrong = first.data!.recordMeasurement.series[0]!;
    const corrected = await api.gql<{ recordMeasurement: Indicator }>(RECORD, { input: { indicatorId: indicator.id, value: 18, measuredOn: day(-10), sourceNote: 'KSIP, korekta', supersedesId: wrong.id } }, { token: staff });
    expect(corrected.data?.recordMeasurement).toMatchObject({ latestValue: 18, progress: 20, onTrack: false });
    expect(corrected.data!.recordMeasurement.series.map((m) => [m.value, m.supersedesId])).toEqual([[18, wrong.id]]);
    expect((await api.dataSource.query('SELECT value FROM measurements WHERE id = $1', [wrong.id]))[0].value).toBe(14);
    expect(errorCode(await api.gql(RECORD, { input: { indicatorId: indicator.id, value: 1, measuredOn: day(-1), supersedesId: wrong.id } }, { token: staff }))).toBe('BAD_USER_INPUT');
    const partner = (await api.signedIn(police, [Role.PARTNER])).token;
    expect(errorCode(await api.gql(RECORD, { input: { indicatorId: indicator.id, value: 1, measuredOn: day(-1) } }, { token: partner }))).toBe('FORBIDDEN');
  });

  describe('survey import', () => {
    const header = 'indicator_code,area,positive_percent,sample_size,measured_on';
    const run = (csv: string, token = coordinator) => api.gql<{ importSurveyResults: { imported: number } }>(IMPORT, { input: { caseId, csv, sourceNote: 'Sondaż 2026' } }, { token });

    it('imports the demo survey file into matching catalogue indicators', async () => {
      const csv = readFileSync(join(__dirname, '../../../docs/demo/survey-piaski.csv'), 'utf8');
      const response = await run(csv);
      expect(response.errors).toBeUndefined();
      expect(response.data!.importSurveyResults.imported).toBe(2);
      const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM measurements m JOIN indicators i ON i.id = m.indicator_id WHERE i.case_id = $1 AND i.code = 'SAFE_AFTER_DARK' AND m.sample_size IN (212, 187)`, [caseId]);
      expect(n).toBe(2);
    });

    const bad: [string, string, RegExp][] = [
      ['a bad row among good ones', `${header}\nSAFE_AFTER_DARK,Piaski,50,100,2026-11-01\nSAFE_AFTER_DARK,Piaski,50,zero,2026-11-01\n`, /Wiersz 3: liczebność próby/],
      ['a wrong header', `code,area,share,n,date\nSAFE_AFTER_DARK,Piaski,50,100,2026-11-01\n`, /Wiersz 1: oczekiwano nagłówka/],
      ['an unknown indicator code', `${header}\nHAPPINESS_INDEX,Piaski,50,100,2026-11-01\n`, /Wiersz 2: nieznany kod wskaźnika „HAPPINESS_INDEX”/],
      ['an indicator not on the case', `${header}\nOFFICER_RATING,Piaski,50,100,2026-11-01\n`, /Wiersz 2: wskaźnik „OFFICER_RATING” nie jest zdefiniowany/],
      ['a share outside 0–100', `${header}\nSAFE_AFTER_DARK,Piaski,50,100,2026-11-01\nSAFE_AFTER_DARK,Piaski,130,100,2026-11-01\n`, /Wiersz 3: odsetek musi być liczbą od 0 do 100/],
      ['a non-numeric value', `${header}\nSAFE_AFTER_DARK,Piaski,dużo,100,2026-11-01\n`, /Wiersz 2: „dużo” nie jest liczbą/],
      ['a bad date and a missing column', `${header}\nSAFE_AFTER_DARK,Piaski,50,100,2026-13-45\nSAFE_AFTER_DARK,Piaski,50\n`, /Wiersz 2: nieprawidłowa data/],
      ['junk', `\u0001\u0002garbage;;;\n%%%%`, /Wiersz 1: oczekiwano nagłówka/],
    ];

    it.each(bad)('refuses %s with line-numbered errors and writes nothing', async (_name, csv, message) => {
      const before = await counts();
      const response = await run(csv);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      const errors = (response.errors?.[0]?.extensions?.errors ?? []) as { line: number; message: string }[];
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => Number.isInteger(e.line) && e.line >= 1)).toBe(true);
      expect(errors.map((e) => e.message).join('\n')).toMatch(message);
      expect(await counts()).toEqual(before);
    });

    it('refuses 10 MB of junk before reading it, and writes nothing', async () => {
      const before = await counts();
      const junk = 'x,'.repeat(5 * 1024 * 1024);
      const response = await api.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator}` }, payload: JSON.stringify({ query: IMPORT, variables: { input: { caseId, csv: junk, sourceNote: '' } } }) });
      expect(response.statusCode).toBe(413);
      expect(JSON.parse(response.body)).toEqual({ errors: [{ message: 'Żądanie jest za duże. Wyślij mniejszy plik lub mniej danych naraz.', extensions: { code: 'BAD_USER_INPUT', reason: 'PAYLOAD_TOO_LARGE' } }] });
      expect(await counts()).toEqual(before);
    });

    it('is for coordinators', async () => {
      expect(errorCode(await run(`${header}\nSAFE_AFTER_DARK,Piaski,50,100,2026-11-01\n`, staff))).toBe('FORBIDDEN');
    });
  });

  it('refuses a target dated before its baseline with a code, a stable reason and the field at fault, and writes nothing', async () => {
    const before = await api.dataSource.query(`SELECT count(*)::int AS n FROM indicators`);
    const response = await api.gql(DEFINE, { input: { caseId, catalogueCode: 'OFFICER_RATING', baselineValue: 5, baselineDate: day(-10), targetValue: 8, targetDate: day(-20) } }, { token: staff });
    expect(response.errors?.[0]).toMatchObject({
      message: 'Data docelowa musi być późniejsza niż data bazowa.',
      extensions: { code: 'BAD_USER_INPUT', reason: 'INDICATOR_DATES', field: 'targetDate' },
    });
    expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM indicators`)).toEqual(before);
  });

  it('shows baseline, latest and target side by side in ASSESSMENT, and closing needs a measurement after the baseline or a reason', async () => {
    const id = await openCase(coordinator, 'Centrum');
    await api.gql(DEFINE, { input: { caseId: id, catalogueCode: 'REPEAT_INCIDENTS', baselineValue: 5, baselineDate: day(-30), targetValue: 1, targetDate: day(60) } }, { token: staff });
    let version = 1;
    for (const phase of ['ANALYSIS', 'RESPONSE']) version = (await api.gql<{ changeCasePhase: { version: number } }>('mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { version } }', { input: { id, version, phase } }, { token: coordinator })).data!.changeCasePhase.version;
    const before = await api.gql<{ case: { assessment: unknown } }>('query($id: ID!) { case(id: $id) { assessment { id } } }', { id }, { token: staff });
    expect(before.data!.case.assessment).toBeNull();
    version = (await api.gql<{ changeCasePhase: { version: number } }>('mutation($input: ChangeCasePhaseInput!) { changeCasePhase(input: $input) { version } }', { input: { id, version, phase: 'ASSESSMENT' } }, { token: coordinator })).data!.changeCasePhase.version;
    const assessment = await api.gql<{ case: { assessment: { baselineValue: number; latestValue: number | null; targetValue: number }[] } }>('query($id: ID!) { case(id: $id) { assessment { baselineValue latestValue targetValue } } }', { id }, { token: staff });
    expect(assessment.data!.case.assessment).toEqual([{ baselineValue: 5, latestValue: null, targetValue: 1 }]);
    const close = (extra: Record<string, unknown> = {}) => api.gql('mutation($input: CloseCaseInput!) { closeCase(input: $input) { phase } }', { input: { id, version, outcome: 'REDUCED', assessment: 'Mniej zdarzeń', ...extra } }, { token: coordinator });
    const refused = await close();
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('1 wskaźników nie ma pomiaru');
    const closed = await close({ indicatorWaiverReason: 'Policja nie prowadzi już statystyki dla tego miejsca' });
    expect(closed.errors).toBeUndefined();
    const [row] = await api.dataSource.query('SELECT phase, indicator_waiver_reason FROM cases WHERE id = $1', [id]);
    expect(row).toEqual({ phase: 'CLOSED', indicator_waiver_reason: 'Policja nie prowadzi już statystyki dla tego miejsca' });
  });

  it('writes a measurement-due event once per indicator and period', async () => {
    const monthly = await openCase(coordinator, 'Zielona');
    await api.gql(DEFINE, { input: { caseId: monthly, catalogueCode: 'THREAT_MAP_REPORTS', baselineValue: 9, baselineDate: day(-70), targetValue: 3, targetDate: day(100) } }, { token: staff });
    const handler = new MeasurementDueHandler(api.app.get(IndicatorsService), api.app.get(DataSource), api.app.get(OutboxService));
    const context = { jobId: 'test', attempt: 1, maxAttempts: 1, progress: async () => undefined };
    const first = await handler.handle({}, context);
    const second = await handler.handle({}, context);
    expect(first.written).toBeGreaterThan(0);
    expect(second.written).toBe(0);
    const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'indicator.measurement-due'`);
    expect(n).toBe(first.written);
  });

  it('exports a case’s indicators and measurements as CSV', async () => {
    const response = await api.gql<{ caseIndicatorsCsv: string }>('query($id: ID!) { caseIndicatorsCsv(id: $id) }', { id: caseId }, { token: staff });
    const lines = response.data!.caseIndicatorsCsv.trim().split('\r\n');
    expect(lines[0]).toBe('indicator_code,indicator_name,unit,direction,baseline_value,baseline_date,target_value,target_date,progress,on_track,measured_on,value,sample_size,source_note');
    expect(lines.some((l) => l.startsWith('SAFE_AFTER_DARK,') && l.includes(',212,'))).toBe(true);
    const foreign = (await api.signedIn(await api.fixtures.organisation(), [Role.STAFF])).token;
    expect(errorCode(await api.gql('query($id: ID!) { caseIndicatorsCsv(id: $id) }', { id: caseId }, { token: foreign }))).toBe('NOT_FOUND');
  });

  describe('indicatorSummary', () => {
    let analyst: string;
    let otherCoordinator: string;
    const SUMMARY = 'query($groupBy: SummaryGroupBy!) { indicatorSummary(code: "POLICE_CONFIDENCE", groupBy: $groupBy) { totalCases groups { key caseCount suppressed medianProgress meanProgress shareOnTrack meanLatestValue } } }';
    type Summary = { indicatorSummary: { totalCases: number; groups: { key: string; caseCount: number; suppressed: boolean; medianProgress: number | null; shareOnTrack: number | null }[] } };

    beforeAll(async () => {
      analyst = (await api.signedIn(police, [Role.ANALYST])).token;
      const other = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
      otherCoordinator = (await api.signedIn(other, [Role.COORDINATOR])).token;
      // Six cases in Piaski and two in Centrum led by the police; three in Zatorze led by the town hall.
      const plan: [string, string, number][] = [
        ...Array.from({ length: 6 }, (_, i) => [coordinator, 'Piaski', 40 + i * 4] as [string, string, number]),
        [coordinator, 'Centrum', 35],
        [coordinator, 'Centrum', 50],
        ...Array.from({ length: 3 }, () => [otherCoordinator, 'Zatorze', 45] as [string, string, number]),
      ];
      for (const [token, district, latest] of plan) {
        const id = await openCase(token, district);
        const defined = await api.gql<{ defineIndicator: { id: string } }>(DEFINE, { input: { caseId: id, catalogueCode: 'POLICE_CONFIDENCE', baselineValue: 30, baselineDate: day(-100), targetValue: 50, targetDate: day(100) } }, { token });
        await api.gql(RECORD, { input: { indicatorId: defined.data!.defineIndicator.id, value: latest, measuredOn: day(-5) } }, { token });
      }
    });

    it('gives analysts every case, with groups under five cases suppressed and no case identity', async () => {
      const response = await api.gql<Summary>(SUMMARY, { groupBy: 'DISTRICT' }, { token: analyst });
      expect(response.errors).toBeUndefined();
      const summary = response.data!.indicatorSummary;
      expect(summary.totalCases).toBe(11);
      const piaski = summary.groups.find((g) => g.key === 'Piaski')!;
      expect(piaski).toMatchObject({ caseCount: 6, suppressed: false });
      // progress: (40,44,48,52,56,60 - 30) / 20 → 50, 70, 90, 100, 100, 100 → median 95
      expect(piaski.medianProgress).toBe(95);
      expect(piaski.shareOnTrack).toBe(100);
      for (const key of ['Centrum', 'Zatorze']) expect(summary.groups.find((g) => g.key === key)).toMatchObject({ suppressed: true, medianProgress: null, shareOnTrack: null });
      expect(JSON.stringify(response.data)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    });

    it('gives coordinators only the cases they may see, unsuppressed', async () => {
      const mine = await api.gql<Summary>(SUMMARY, { groupBy: 'DISTRICT' }, { token: otherCoordinator });
      expect(mine.data!.indicatorSummary.totalCases).toBe(3);
      expect(mine.data!.indicatorSummary.groups).toEqual([expect.objectContaining({ key: 'Zatorze', caseCount: 3, suppressed: false, medianProgress: 75 })]);
    });

    it('names the codes it has cases for, in the caller\'s scope, so that the page offers one with figures first', async () => {
      const CODES = '{ indicatorSummaryCodes }';
      const all = await api.gql<{ indicatorSummaryCodes: string[] }>(CODES, {}, { token: analyst });
      const inDatabase = await api.dataSource.query('SELECT DISTINCT code FROM indicators WHERE code IS NOT NULL ORDER BY code');
      expect(all.data!.indicatorSummaryCodes).toEqual(inDatabase.map((r: { code: string }) => r.code));
      expect(all.data!.indicatorSummaryCodes).toContain('POLICE_CONFIDENCE');
      // The town hall's coordinator: only the indicator of its own three cases, none of the police's.
      expect((await api.gql<{ indicatorSummaryCodes: string[] }>(CODES, {}, { token: otherCoordinator })).data!.indicatorSummaryCodes).toEqual(['POLICE_CONFIDENCE']);
      const newcomer = await api.signedIn(await api.fixtures.organisation({ kind: OrganisationKind.NGO }), [Role.COORDINATOR]);
      expect((await api.gql<{ indicatorSummaryCodes: string[] }>(CODES, {}, { token: newcomer.token })).data!.indicatorSummaryCodes).toEqual([]);
      const staff = (await api.signedIn(police, [Role.STAFF])).token;
      expect(errorCode(await api.gql(CODES, {}, { token: staff }))).toBe('FORBIDDEN');
    });

    it('is refused to everyone else', async () => {
      for (const role of [Role.STAFF, Role.PARTNER, Role.ADMIN, Role.AUDITOR]) {
        const token = (await api.signedIn(police, [role])).token;
        expect([role, errorCode(await api.gql(SUMMARY, { groupBy: 'DISTRICT' }, { token }))]).toEqual([role, 'FORBIDDEN']);
      }
    });

    it('groups by case type, lead organisation and period, in a bounded number of statements', async () => {
      const byType = await api.countQueries(() => api.gql<Summary>(SUMMARY, { groupBy: 'CASE_TYPE' }, { token: analyst }));
      const byLead = await api.countQueries(() => api.gql<Summary>(SUMMARY, { groupBy: 'LEAD_ORGANISATION' }, { token: analyst }));
      const byPeriod = await api.countQueries(() => api.gql<Summary>(SUMMARY, { groupBy: 'PERIOD' }, { token: analyst }));
      expect(byType.result.data!.indicatorSummary.groups).toEqual([expect.objectContaining({ key: 'SOCIAL_TENSION', caseCount: 11 })]);
      expect(byLead.result.data!.indicatorSummary.groups.map((g) => g.caseCount).sort()).toEqual([3, 8]);
      expect(byPeriod.result.data!.indicatorSummary.groups.length).toBeGreaterThanOrEqual(1);
      expect(new Set([byType.count, byLead.count, byPeriod.count]).size).toBe(1);
      expect(byType.count).toBeLessThanOrEqual(2);
      const csv = await api.gql<{ indicatorSummaryCsv: string }>('{ indicatorSummaryCsv(code: "POLICE_CONFIDENCE", groupBy: DISTRICT) }', {}, { token: analyst });
      expect(csv.data!.indicatorSummaryCsv.split('\r\n')[0]).toBe('indicator_code,group_by,group,case_count,suppressed,median_progress,mean_progress,share_on_track,mean_latest_value');
    });
  });
});
