import { graphql } from './gql';

/** What a task row shows in every list (my tasks, requests, a case's tasks, an action's tasks). */
export const TaskRowFields = graphql(`
  fragment TaskRowFields on Task {
    id
    title
    caseId
    caseReference
    dueDate
    priority
    effortPoints
    status
    overdue
    isRequest
    needsReassignment
    declineReason
    organisation {
      id
      name
    }
    assignee {
      id
      displayName
    }
    version
  }
`);

/** What the task page shows and decides its controls from (`viewerCan`: the API decides). */
export const TaskDetailFields = graphql(`
  fragment TaskDetailFields on Task {
    ...TaskRowFields
    description
    blockReason
    capacityOverrideReason
    createdAt
    respondedAt
    requesterOrganisationId
    requestedBy {
      id
      displayName
    }
    viewerCan {
      respond
      assign
      overrideCapacity
      cancel
      moveTo
    }
  }
`);

/** The people of an organisation who may take a task (the API lists only those the caller may see). */
export const AssignablePeopleQuery = graphql(`
  query AssignablePeople($organisationId: ID!) {
    users(first: 100, filter: { organisationId: $organisationId, active: true }) {
      edges {
        node {
          id
          displayName
          roles
          weeklyCapacity
        }
      }
    }
  }
`);

export const AssignTaskMutation = graphql(`
  mutation AssignTask($input: AssignTaskInput!) {
    assignTask(input: $input) {
      ...TaskDetailFields
    }
  }
`);

export const RespondToTaskMutation = graphql(`
  mutation RespondToTask($input: RespondToTaskInput!) {
    respondToTask(input: $input) {
      ...TaskDetailFields
    }
  }
`);

export const ChangeTaskStatusMutation = graphql(`
  mutation ChangeTaskStatus($input: ChangeTaskStatusInput!) {
    changeTaskStatus(input: $input) {
      ...TaskDetailFields
    }
  }
`);
