import { graphql } from './gql';

export const MapSettingsQuery = graphql(`
  query MapSettings {
    mapSettings {
      tileUrl
      tileAttribution
    }
  }
`);

export const CaseMapQuery = graphql(`
  query CaseMapPoints($filter: CaseFilter, $limit: Int) {
    caseMap(filter: $filter, limit: $limit) {
      located
      unlocated
      truncated
      points {
        id
        reference
        title
        type
        phase
        escalation
        district
        latitude
        longitude
        polygon {
          type
          coordinates
        }
      }
    }
  }
`);

export const CaseHotspotsQuery = graphql(`
  query CaseHotspots($input: CaseHotspotsInput!) {
    caseHotspots(input: $input) {
      cellSize
      suppressedBelow
      truncated
      cells {
        south
        west
        north
        east
        period
        cases
        incidents
        suppressed
      }
    }
  }
`);

export const PERIODS = ['ALL', 'YEAR', 'QUARTER', 'MONTH'] as const;
