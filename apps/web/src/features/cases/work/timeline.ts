import { graphql } from '../gql';

/** Updates per page: the first page of a busy case stays small; "show more" fetches the next. */
export const TIMELINE_PAGE = 50;

export const TimelineQuery = graphql(`
  query CaseTimeline($id: ID!, $first: Int!, $after: String) {
    case(id: $id) {
      id
      viewerCan {
        ...CaseWorkViewerCan
      }
      participants {
        id
        organisation {
          id
          name
        }
      }
      updates(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            caseId
            kind
            body
            visibility
            createdAt
            author {
              id
              displayName
              organisationId
            }
            attachments {
              ...AttachmentItem
            }
          }
        }
      }
    }
  }
`);
