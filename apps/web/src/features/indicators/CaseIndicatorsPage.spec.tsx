import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { afterEach, vi } from 'vitest';
import { CaseIndicatorsPage } from './CaseIndicatorsPage';
import { CaseIndicatorsCsvQuery, DefineIndicatorMutation, ImportSurveyMutation, RecordMeasurementMutation } from './documents';
import { ALL_FLAGS, CASE, INDICATOR, NO_FLAGS, caseIndicators, catalogue, indicatorNode, measurement, renderWithApi } from './test-utils';

const page = (mocks: Parameters<typeof renderWithApi>[1]['mocks']) => renderWithApi(<CaseIndicatorsPage />, { mocks, path: `/cases/${CASE}/indicators`, route: '/cases/:id/indicators' });
const card = () => screen.getByRole('article', { name: 'Residents feeling safe after dark' });
const user = () => userEvent.setup({ delay: null });

function bytes(blob: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.readAsArrayBuffer(blob);
  });
}

const SURVEY = 'indicator_code,area,positive_percent,sample_size,measured_on\nSAFE_AFTER_DAR,Piaski,54.5,212,2026-11-20\nSAFE_AFTER_DARK,Piaski,1o5,abc,2026-11-20\n';

describe('CaseIndicatorsPage', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows each indicator with baseline, target, latest and progress, its chart and the table of measurements, a correction marked in both', async () => {
    page([caseIndicators()]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Indicators · LEG/2026/0007' })).toBeInTheDocument();
    const indicator = card();
    expect(within(indicator).getByText('38 % (1 Aug 2026)')).toBeInTheDocument();
    expect(within(indicator).getByText('60 % (1 Apr 2027)')).toBeInTheDocument();
    expect(within(indicator).getByText('52 % (20 Nov 2026)')).toBeInTheDocument();
    expect(within(indicator).getByText('64 % (plan for today: 50 %)')).toBeInTheDocument();
    expect(within(indicator).getByText('On track')).toBeInTheDocument();
    const chart = within(indicator).getByRole('img', { name: /Residents feeling safe after dark: measurements \(count: 2\) against the baseline 38 % and the target 60 %/ });
    expect(chart.querySelectorAll('[data-point="correction"]')).toHaveLength(1);
    expect(within(indicator).getByText(/Hollow dot: a corrected measurement/)).toBeInTheDocument();
    const table = within(indicator).getByRole('table', { name: 'Measurements of Residents feeling safe after dark' });
    expect(within(within(table).getByRole('rowheader', { name: '1 Oct 2026' }).closest('tr')!).getByText('44 % (correction)')).toBeInTheDocument();
    expect(within(within(table).getByRole('rowheader', { name: '20 Nov 2026' }).closest('tr')!).getByText('52 %')).toBeInTheDocument();
  });

  it('offers no control the API does not allow: without the viewerCan flags only the export remains', async () => {
    page([caseIndicators(NO_FLAGS)]);
    await screen.findByRole('article', { name: 'Residents feeling safe after dark' });
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add an indicator' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Import a survey (CSV)' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Record a measurement/ })).not.toBeInTheDocument();
  });

  it('offers each control its flag allows, and only that one', async () => {
    page([caseIndicators({ ...NO_FLAGS, recordMeasurement: true })]);
    await screen.findByRole('article', { name: 'Residents feeling safe after dark' });
    expect(within(card()).getByRole('button', { name: 'Record a measurement of Residents feeling safe after dark' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add an indicator' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Import a survey (CSV)' })).not.toBeInTheDocument();
  });

  it('records a correction of an earlier measurement: it names the measurement it supersedes and the card shows the corrected series', async () => {
    const corrected = indicatorNode({ series: [indicatorNode().series[0], measurement('m-3', '2026-11-20', 51, { supersedesId: 'm-2', sourceNote: 're-weighted' })], latestValue: 51 });
    const input = { indicatorId: INDICATOR, value: 51, measuredOn: '2026-11-20', sourceNote: 're-weighted', supersedesId: 'm-2' };
    page([caseIndicators(ALL_FLAGS), { request: { query: RecordMeasurementMutation, variables: { input } }, result: { data: { recordMeasurement: corrected } } }]);
    await user().click(await screen.findByRole('button', { name: 'Record a measurement of Residents feeling safe after dark' }));
    const form = screen.getByRole('form', { name: 'Measurement of Residents feeling safe after dark' });
    await user().selectOptions(within(form).getByLabelText('What you record'), 'A correction of 20 Nov 2026: 52 %');
    expect(within(form).getByLabelText(/Date of the measurement/)).toHaveValue('2026-11-20');
    await user().type(within(form).getByLabelText(/^Value/), '51');
    await user().type(within(form).getByLabelText('Source'), 're-weighted');
    await user().click(within(form).getByRole('button', { name: 'Record the correction' }));
    await waitFor(() => expect(screen.queryByRole('form')).not.toBeInTheDocument());
    const table = within(card()).getByRole('table');
    expect(within(within(table).getByRole('rowheader', { name: '20 Nov 2026' }).closest('tr')!).getByText('51 % (correction)')).toBeInTheDocument();
    expect(within(card()).getByText('51 % (20 Nov 2026)')).toBeInTheDocument();
  });

  it('adds an indicator from the catalogue with baseline and target, and shows it at once', async () => {
    const added = indicatorNode({ id: 'i-new', code: 'POLICE_INTERVENTIONS', name: 'Police interventions for the problem', unit: 'COUNT', direction: 'DECREASE', source: 'POLICE_RECORDS', cadence: 'MONTHLY', baselineValue: 14, baselineDate: '2026-09-01', targetValue: 6, targetDate: '2027-06-01', latestValue: null, latestMeasuredOn: null, progress: null, onTrack: null, targetReached: null, series: [] });
    const input = { caseId: CASE, catalogueCode: 'POLICE_INTERVENTIONS', baselineValue: 14, baselineDate: '2026-09-01', targetValue: 6, targetDate: '2027-06-01' };
    page([caseIndicators(ALL_FLAGS), catalogue(), { request: { query: DefineIndicatorMutation, variables: { input } }, result: { data: { defineIndicator: added } } }]);
    await user().click(await screen.findByRole('button', { name: 'Add an indicator' }));
    const form = screen.getByRole('form', { name: 'New indicator' });
    await within(form).findByRole('option', { name: 'Police interventions for the problem (POLICE_INTERVENTIONS)' });
    await user().selectOptions(within(form).getByLabelText(/Catalogue indicator/), 'Police interventions for the problem (POLICE_INTERVENTIONS)');
    expect(within(form).getByTestId('catalogue-entry')).toHaveTextContent('Unit: count · the lower the better · source: police records · measured monthly');
    await user().type(within(form).getByLabelText(/Baseline value/), '14');
    fireEvent.change(within(form).getByLabelText(/Baseline date/), { target: { value: '2026-09-01' } });
    await user().type(within(form).getByLabelText(/Target value/), '6');
    fireEvent.change(within(form).getByLabelText(/Target date/), { target: { value: '2027-06-01' } });
    await user().click(within(form).getByRole('button', { name: 'Save the indicator' }));
    const article = await screen.findByRole('article', { name: 'Police interventions for the problem' });
    expect(within(article).getByText('14 (1 Sept 2026)')).toBeInTheDocument();
    expect(within(article).getByText('No measurements yet.')).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });

  it('lists every bad row of a refused survey by its line and says that nothing was imported', async () => {
    const errors = [
      { line: 2, message: 'Line 2: unknown indicator code “SAFE_AFTER_DAR”.' },
      { line: 3, message: 'Line 3: “1o5” is not a number.' },
      { line: 3, message: 'Line 3: the sample size must be a positive whole number, found “abc”.' },
    ];
    const refused = new GraphQLError('Nothing was imported: 3 rows with errors. Line 2: unknown indicator code “SAFE_AFTER_DAR”.', { extensions: { code: 'BAD_USER_INPUT', field: 'csv', errors } });
    page([caseIndicators(ALL_FLAGS), { request: { query: ImportSurveyMutation, variables: { input: { caseId: CASE, csv: SURVEY, sourceNote: '' } } }, result: { errors: [refused] } }]);
    await user().click(await screen.findByRole('button', { name: 'Import a survey (CSV)' }));
    const form = screen.getByRole('form', { name: 'Import survey results' });
    await user().click(within(form).getByLabelText(/Survey results \(CSV\)/));
    await user().paste(SURVEY);
    await user().click(within(form).getByRole('button', { name: 'Import' }));
    const alert = await within(form).findByTestId('import-errors');
    expect(within(alert).getByText('Nothing was imported')).toBeInTheDocument();
    expect(within(alert).getByText(/Rows with errors: 3\. Nothing was imported/)).toBeInTheDocument();
    const items = within(within(alert).getByRole('list', { name: 'Rows with errors' })).getAllByRole('listitem');
    expect(items.map((item) => [item.getAttribute('data-line'), item.textContent])).toEqual(errors.map((e) => [String(e.line), e.message]));
    // The form stays open with the text, to be corrected and sent again.
    expect(within(form).getByLabelText(/Survey results \(CSV\)/)).toHaveValue(SURVEY);
  });

  it('imports a survey chosen as a file and says how many rows were imported', async () => {
    const csv = 'indicator_code,area,positive_percent,sample_size,measured_on\nSAFE_AFTER_DARK,Piaski,54.5,212,2026-11-20\n';
    const updated = indicatorNode({ series: [...indicatorNode().series, measurement('m-4', '2026-11-20', 54.5)] });
    page([
      caseIndicators(ALL_FLAGS),
      { request: { query: ImportSurveyMutation, variables: { input: { caseId: CASE, csv, sourceNote: 'Piaski survey' } } }, result: { data: { importSurveyResults: { __typename: 'SurveyImportResult', imported: 1, indicators: [updated] } } } },
    ]);
    await user().click(await screen.findByRole('button', { name: 'Import a survey (CSV)' }));
    const form = screen.getByRole('form', { name: 'Import survey results' });
    await user().upload(within(form).getByLabelText('CSV file'), new File([csv], 'survey.csv', { type: 'text/csv' }));
    await waitFor(() => expect(within(form).getByLabelText(/Survey results \(CSV\)/)).toHaveValue(csv));
    await user().type(within(form).getByLabelText(/Source note/), 'Piaski survey');
    await user().click(within(form).getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Rows imported: 1.');
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(within(card()).getAllByText('54.5 %').length).toBeGreaterThan(0);
  });

  it('exports the case’s indicators as the CSV file the API writes', async () => {
    const csv = 'indicator_code,indicator_name\r\nSAFE_AFTER_DARK,Residents feeling safe after dark\r\n';
    const blobs: Blob[] = [];
    const created = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:indicators';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    page([caseIndicators(), { request: { query: CaseIndicatorsCsvQuery, variables: { id: CASE } }, result: { data: { caseIndicatorsCsv: csv } } }]);
    await user().click(await screen.findByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(created).toHaveBeenCalledTimes(1));
    expect(clicked).toEqual(['indicators-LEG-2026-0007.csv']);
    // The API's text unchanged, behind a byte-order mark (spreadsheets then read Polish letters as UTF-8).
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await bytes(blobs[0]!))).toBe(`\uFEFF${csv}`);
  });

  it('answers an unknown case, or one the reader may not see, with “not found”', async () => {
    page([{ request: caseIndicators().request, result: { errors: [new GraphQLError('Not found', { extensions: { code: 'NOT_FOUND' } })] } }]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Not found' })).toBeInTheDocument();
  });
});
