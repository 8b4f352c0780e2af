import { graphql } from './gql';

/** What an indicator card shows: the figures, the state the API computes (progress, on track, due) and the series. */
export const IndicatorFields = graphql(`
  fragment IndicatorFields on Indicator {
    id
    code
    name
    unit
    direction
    source
    cadence
    baselineValue
    baselineDate
    targetValue
    targetDate
    latestValue
    latestMeasuredOn
    progress
    expectedProgress
    onTrack
    targetReached
    measurementDue
    series {
      id
      value
      measuredOn
      sourceNote
      sampleSize
      supersedesId
      recordedBy
    }
  }
`);

/** The case's indicators and what the reader may do with them (`viewerCan`: the API decides). */
export const CaseIndicatorsQuery = graphql(`
  query CaseIndicators($id: ID!) {
    case(id: $id) {
      id
      reference
      title
      phase
      viewerCan {
        defineIndicator
        recordMeasurement
        importSurvey
      }
      indicators {
        ...IndicatorFields
      }
    }
  }
`);

/** The shared catalogue (latest version of each code), in the reader's language. */
export const IndicatorCatalogueQuery = graphql(`
  query IndicatorCatalogue {
    indicatorCatalogue {
      id
      code
      name
      description
      unit
      direction
      source
      cadence
    }
  }
`);

/** The catalogue codes the summary has cases for, in the reader's scope: the page offers one of them first. */
export const IndicatorSummaryCodesQuery = graphql(`
  query IndicatorSummaryCodes {
    indicatorSummaryCodes
  }
`);

export const DefineIndicatorMutation = graphql(`
  mutation DefineIndicator($input: DefineIndicatorInput!) {
    defineIndicator(input: $input) {
      ...IndicatorFields
    }
  }
`);

export const RecordMeasurementMutation = graphql(`
  mutation RecordMeasurement($input: RecordMeasurementInput!) {
    recordMeasurement(input: $input) {
      ...IndicatorFields
    }
  }
`);

export const ImportSurveyMutation = graphql(`
  mutation ImportSurvey($input: ImportSurveyInput!) {
    importSurveyResults(input: $input) {
      imported
      indicators {
        ...IndicatorFields
      }
    }
  }
`);

export const CaseIndicatorsCsvQuery = graphql(`
  query CaseIndicatorsCsv($id: ID!) {
    caseIndicatorsCsv(id: $id)
  }
`);

export const IndicatorSummaryQuery = graphql(`
  query IndicatorSummary($code: String!, $groupBy: SummaryGroupBy!, $period: SummaryPeriod!) {
    indicatorSummary(code: $code, groupBy: $groupBy, period: $period) {
      code
      groupBy
      totalCases
      groups {
        key
        caseCount
        suppressed
        medianProgress
        meanProgress
        shareOnTrack
        meanLatestValue
      }
    }
  }
`);

export const IndicatorSummaryCsvQuery = graphql(`
  query IndicatorSummaryCsv($code: String!, $groupBy: SummaryGroupBy!, $period: SummaryPeriod!) {
    indicatorSummaryCsv(code: $code, groupBy: $groupBy, period: $period)
  }
`);

export const UNITS = ['PERCENT', 'COUNT', 'SCORE'] as const;
export const DIRECTIONS = ['INCREASE', 'DECREASE'] as const;
export const SOURCES = ['SURVEY', 'POLICE_RECORDS', 'THREAT_MAP', 'PARTNER_REPORT', 'OBSERVATION'] as const;
export const CADENCES = ['MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'ANNUAL'] as const;
export const GROUP_BY = ['DISTRICT', 'CASE_TYPE', 'LEAD_ORGANISATION', 'PERIOD'] as const;
export const PERIODS = ['QUARTER', 'MONTH'] as const;
