import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router';
import { createI18n, type Language } from '../../i18n';
import { theme } from '../../ui/theme';
import { CaseIndicatorsQuery, IndicatorCatalogueQuery } from './documents';

export const CASE = '5d1f0000-0000-4000-8000-000000000007';
export const INDICATOR = '1d000000-0000-4000-8000-000000000001';

/** A page as the app shows it: Mantine, i18n, a router at `path` (matching `route`), and the API's answers. */
export function renderWithApi(ui: ReactNode, { mocks, path = '/', route, language = 'en' }: { mocks: MockLink.MockedResponse[]; path?: string; route?: string; language?: Language }) {
  return render(
    <MockedProvider mocks={mocks}>
      <I18nextProvider i18n={createI18n(language)}>
        <MantineProvider theme={theme} env="test">
          <MemoryRouter initialEntries={[path]}>
            {route ? (
              <Routes>
                <Route path={route} element={ui} />
                <Route path="*" element={null} />
              </Routes>
            ) : (
              ui
            )}
          </MemoryRouter>
        </MantineProvider>
      </I18nextProvider>
    </MockedProvider>,
  );
}

export function measurement(id: string, measuredOn: string, value: number, patch: Record<string, unknown> = {}) {
  return { __typename: 'Measurement' as const, id, value, measuredOn, sourceNote: 'Sondaż', sampleSize: 200, supersedesId: null as string | null, recordedBy: 'Anna Wiśniewska', ...patch };
}

/** A survey indicator as the API answers `IndicatorFields`: 38 % at the baseline, 60 % the target, a correction among its measurements. */
export function indicatorNode(patch: Record<string, unknown> = {}) {
  return {
    __typename: 'Indicator' as const,
    id: INDICATOR,
    code: 'SAFE_AFTER_DARK' as string | null,
    name: 'Residents feeling safe after dark',
    unit: 'PERCENT' as const,
    direction: 'INCREASE' as const,
    source: 'SURVEY' as const,
    cadence: 'SEMIANNUAL' as const,
    baselineValue: 38,
    baselineDate: '2026-08-01',
    targetValue: 60,
    targetDate: '2027-04-01',
    latestValue: 52 as number | null,
    latestMeasuredOn: '2026-11-20' as string | null,
    progress: 63.6 as number | null,
    expectedProgress: 50,
    onTrack: true as boolean | null,
    targetReached: false as boolean | null,
    measurementDue: false,
    series: [measurement('m-1', '2026-10-01', 44, { supersedesId: 'm-0', sourceNote: 'korekta: ważenie próby' }), measurement('m-2', '2026-11-20', 52)],
    ...patch,
  };
}

export const NO_FLAGS = { __typename: 'CaseViewerPermissions' as const, defineIndicator: false, recordMeasurement: false, importSurvey: false };
export const ALL_FLAGS = { ...NO_FLAGS, defineIndicator: true, recordMeasurement: true, importSurvey: true };

export function caseIndicators(viewerCan = NO_FLAGS, indicators: unknown[] = [indicatorNode()], phase = 'ANALYSIS') {
  return {
    request: { query: CaseIndicatorsQuery, variables: { id: CASE } },
    result: { data: { case: { __typename: 'Case' as const, id: CASE, reference: 'LEG/2026/0007', title: 'Napięcia na osiedlu Piaski', phase, viewerCan, indicators } } },
  };
}

export function catalogue() {
  const entry = (code: string, name: string, unit: string, direction: string, source: string, cadence: string) => ({
    __typename: 'CatalogueIndicator' as const,
    id: `cat-${code}`,
    code,
    name,
    description: `${name}: description`,
    unit,
    direction,
    source,
    cadence,
  });
  return {
    request: { query: IndicatorCatalogueQuery },
    result: {
      data: {
        indicatorCatalogue: [
          entry('SAFE_AFTER_DARK', 'Residents feeling safe after dark', 'PERCENT', 'INCREASE', 'SURVEY', 'SEMIANNUAL'),
          entry('POLICE_INTERVENTIONS', 'Police interventions for the problem', 'COUNT', 'DECREASE', 'POLICE_RECORDS', 'MONTHLY'),
        ],
      },
    },
  };
}
