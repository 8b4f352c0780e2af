import { graphql } from '../gql';

/** The tasks shown under the actions: the API's bound. */
export const TASKS_SHOWN = 100;

export const ActionsQuery = graphql(`
  query CaseActions($id: ID!, $first: Int!) {
    case(id: $id) {
      id
      actions {
        id
        title
        kind
        status
        startsOn
        endsOn
        leadOrganisation {
          id
          name
        }
        progress {
          tasks
          done
          open
          overdue
          percentDone
        }
      }
      tasks(first: $first) {
        totalCount
        edges {
          node {
            id
            actionId
            title
            status
            dueDate
            overdue
            organisation {
              id
              name
            }
            assignee {
              id
              displayName
            }
          }
        }
      }
    }
  }
`);
