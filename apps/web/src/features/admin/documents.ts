import { graphql } from './gql';

// The organisations every administration page names (the tree, the pickers of users and agreements).
export const OrganisationsQuery = graphql(`
  query AdminOrganisations {
    organisations(first: 100) {
      totalCount
      edges {
        node {
          id
          name
          code
          kind
          area
          active
          parentId
          version
        }
      }
    }
  }
`);
