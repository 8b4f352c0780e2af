import { screen } from '@testing-library/react';
import { vi } from 'vitest';
import { AssignablePeopleQuery } from './documents';
import { TaskPage, TaskPageQuery } from './TaskPage';
import { NGO, POLICE, renderWithApi, taskNode } from './test-utils';

const PERMISSIONS = { __typename: 'TaskViewerPermissions' as const, respond: true, assign: true, overrideCapacity: true, cancel: true, moveTo: [] as string[] };

function renderTask(task: ReturnType<typeof taskNode>) {
  const people = (organisationId: string) => ({ request: { query: AssignablePeopleQuery, variables: { organisationId } }, result: { data: { users: { __typename: 'UserConnection', edges: [] } } } });
  return renderWithApi(<TaskPage />, {
    path: `/tasks/${task.id}`,
    route: '/tasks/:id',
    mocks: [{ request: { query: TaskPageQuery, variables: { id: task.id } }, result: { data: { task } } }, people(POLICE.id), people(NGO.id)],
  });
}

vi.setConfig({ testTimeout: 20_000 });

describe('the task page', () => {
  it('a request from another organisation: answered (accept or decline), not assigned beside it', async () => {
    renderTask(taskNode({ organisation: POLICE, requesterOrganisationId: NGO.id, isRequest: true, viewerCan: PERMISSIONS }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Answer this request' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Decline…' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 2, name: 'Assign' })).not.toBeInTheDocument();
  });

  it('my organisation’s own task, still PROPOSED for want of an assignee: assigned, never “declined”', async () => {
    renderTask(taskNode({ organisation: POLICE, requesterOrganisationId: POLICE.id, isRequest: false, viewerCan: PERMISSIONS }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Assign' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /Assign to/ })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 2, name: 'Answer this request' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Decline…' })).not.toBeInTheDocument();
  });
});
