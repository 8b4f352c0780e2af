import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { IndicatorSummaryCodesQuery, IndicatorSummaryQuery } from './documents';
import { IndicatorSummaryPage } from './IndicatorSummaryPage';
import { catalogue, renderWithApi } from './test-utils';

const group = (key: string, caseCount: number, figures: { mean: number | null; median: number | null; onTrack: number | null; latest: number | null } | 'suppressed') => ({
  __typename: 'IndicatorSummaryGroup' as const,
  key,
  caseCount,
  suppressed: figures === 'suppressed',
  meanProgress: figures === 'suppressed' ? null : figures.mean,
  medianProgress: figures === 'suppressed' ? null : figures.median,
  shareOnTrack: figures === 'suppressed' ? null : figures.onTrack,
  meanLatestValue: figures === 'suppressed' ? null : figures.latest,
});

function summary(groupBy: string, period: string, groups: ReturnType<typeof group>[]) {
  return {
    request: { query: IndicatorSummaryQuery, variables: { code: 'SAFE_AFTER_DARK', groupBy, period } },
    result: { data: { indicatorSummary: { __typename: 'IndicatorSummary' as const, code: 'SAFE_AFTER_DARK', groupBy, totalCases: groups.reduce((n, g) => n + g.caseCount, 0), groups } } },
  };
}

/** As an analyst gets it: Centrum has two cases, so the API withholds its figures; Jabłonna truly stands at 0 %. */
const BY_DISTRICT = summary('DISTRICT', 'QUARTER', [
  group('Centrum', 2, 'suppressed'),
  group('Jabłonna', 5, { mean: 0, median: 0, onTrack: 0, latest: 38 }),
  group('Piaski', 7, { mean: 55.2, median: 60, onTrack: 71.4, latest: 51.3 }),
]);

/** The codes the summary has cases for, as the API answers them. */
const codes = (...indicatorSummaryCodes: string[]) => ({ request: { query: IndicatorSummaryCodesQuery }, result: { data: { indicatorSummaryCodes } } });

const row = (table: HTMLElement, key: string) => within(table).getByRole('rowheader', { name: key }).closest('tr') as HTMLElement;
const user = () => userEvent.setup({ delay: null });

describe('IndicatorSummaryPage', () => {
  it('shows a withheld group as withheld in the chart and the table, never as zero, beside a group that truly is at zero', async () => {
    renderWithApi(<IndicatorSummaryPage />, { mocks: [catalogue(), codes('SAFE_AFTER_DARK', 'POLICE_INTERVENTIONS'), BY_DISTRICT] });
    expect(screen.getByRole('heading', { level: 1, name: 'Indicator summary' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Results by District' });
    const centrum = row(table, 'Centrum');
    expect(within(centrum).getByText('fewer than 5')).toBeInTheDocument();
    expect(within(centrum).getByText('withheld: fewer than 5 cases')).toBeInTheDocument();
    expect(within(centrum).queryByText(/^0/)).not.toBeInTheDocument();
    expect(within(centrum).queryByText('2')).not.toBeInTheDocument();
    expect(within(row(table, 'Jabłonna')).getAllByText('0 %')).toHaveLength(3);
    expect(within(row(table, 'Piaski')).getByText('55 %')).toBeInTheDocument();
    expect(within(row(table, 'Piaski')).getByText('71 %')).toBeInTheDocument();

    const chart = screen.getByRole('img', { name: 'Mean progress by District, groups: 3; the figures are in the table below.' });
    const bar = (key: string) => chart.querySelector(`[data-group="${key}"]`) as HTMLElement;
    // Withheld: no bar at all, and the words; a real zero: a bar of zero length and its figure.
    expect(bar('Centrum').querySelector('[data-bar]')).toBeNull();
    expect(bar('Centrum')).toHaveTextContent('withheld: fewer than 5 cases');
    expect(bar('Jabłonna').querySelector('[data-bar]')?.getAttribute('width')).toBe('0');
    expect(bar('Jabłonna')).toHaveTextContent('0 %');
    expect(bar('Piaski').querySelector('[data-bar]')?.getAttribute('width')).toBe('55.2');
  });

  it('groups by period, month or quarter, and draws the share on track when asked', async () => {
    const quarters = summary('PERIOD', 'QUARTER', [group('2026-Q3', 6, { mean: 20, median: 20, onTrack: 50, latest: 42 }), group('2026-Q4', 3, 'suppressed')]);
    const months = summary('PERIOD', 'MONTH', [group('2026-10', 6, { mean: 25, median: 25, onTrack: 66.7, latest: 44 })]);
    renderWithApi(<IndicatorSummaryPage />, { mocks: [catalogue(), codes('SAFE_AFTER_DARK', 'POLICE_INTERVENTIONS'), BY_DISTRICT, quarters, months] });
    await screen.findByRole('table', { name: 'Results by District' });
    expect(screen.queryByLabelText('Period')).not.toBeInTheDocument();
    await user().selectOptions(screen.getByLabelText('Group by'), 'Period');
    const table = await screen.findByRole('table', { name: 'Results by Period' });
    expect(within(row(table, '2026-Q4')).getByText('withheld: fewer than 5 cases')).toBeInTheDocument();
    await user().selectOptions(screen.getByLabelText('Chart shows'), 'Share on track');
    const chart = screen.getByRole('img', { name: /^Share on track by Period/ });
    expect(chart.querySelector('[data-group="2026-Q3"] [data-bar]')?.getAttribute('width')).toBe('50');
    await user().selectOptions(screen.getByLabelText('Period'), 'Month');
    expect(await screen.findByRole('rowheader', { name: '2026-10' })).toBeInTheDocument();
  });

  it('names case types in the reader’s language', async () => {
    const byType = summary('CASE_TYPE', 'QUARTER', [group('SOCIAL_TENSION', 6, { mean: 40, median: 40, onTrack: 50, latest: 45 })]);
    renderWithApi(<IndicatorSummaryPage />, { mocks: [catalogue(), codes('SAFE_AFTER_DARK', 'POLICE_INTERVENTIONS'), BY_DISTRICT, byType], language: 'pl' });
    await screen.findByRole('table', { name: 'Wyniki według: Dzielnica' });
    await user().selectOptions(screen.getByLabelText('Grupuj według'), 'Rodzaj sprawy');
    expect(await screen.findByRole('rowheader', { name: 'Napięcia społeczne' })).toBeInTheDocument();
  });

  it('explains a refusal from the API (someone who may not read summaries)', async () => {
    renderWithApi(<IndicatorSummaryPage />, { mocks: [catalogue(), codes('SAFE_AFTER_DARK', 'POLICE_INTERVENTIONS'), { request: BY_DISTRICT.request, result: { errors: [new GraphQLError('Access denied', { extensions: { code: 'FORBIDDEN' } })] } }] });
    expect(await screen.findByRole('alert')).toHaveAttribute('data-error-code', 'FORBIDDEN');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('opens on the first indicator that has cases, and says which have none yet', async () => {
    const interventions = { request: { ...BY_DISTRICT.request, variables: { code: 'POLICE_INTERVENTIONS', groupBy: 'DISTRICT', period: 'QUARTER' } }, result: { data: { indicatorSummary: { ...BY_DISTRICT.result.data.indicatorSummary, code: 'POLICE_INTERVENTIONS' } } } };
    renderWithApi(<IndicatorSummaryPage />, { mocks: [catalogue(), codes('POLICE_INTERVENTIONS'), interventions] });
    await screen.findByRole('table', { name: 'Results by District' });
    const choice = screen.getByLabelText('Indicator');
    expect(choice).toHaveValue('POLICE_INTERVENTIONS');
    expect(within(choice).getByRole('option', { name: 'Residents feeling safe after dark (no cases yet)' })).toBeInTheDocument();
    expect(within(choice).getByRole('option', { name: 'Police interventions for the problem' })).toBeInTheDocument();
  });
});
