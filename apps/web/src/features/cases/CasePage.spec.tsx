import { screen } from '@testing-library/react';
import { casePageQuery, CasePage } from './CasePage';
import { apiError, CASE_ID, renderWithApi } from './page/testing';

// Rendering Mantine forms in jsdom takes seconds on a busy machine; the flows, not the clock, are under test.
describe('CasePage', { timeout: 30_000 }, () => {
  it.each([
    ['an unknown case or one of another partnership (NOT_FOUND)', apiError('NOT_FOUND', 'Case not found', { entity: 'Case' })],
    ['an address that is no case id (bad input on id)', apiError('BAD_USER_INPUT', 'Invalid input: id', { fields: [{ field: 'id', problems: ['isUuid'] }] })],
  ])('shows the not-found page for %s', async (_what, answer) => {
    renderWithApi(<CasePage />, { mocks: [{ request: { query: casePageQuery, variables: { id: CASE_ID } }, result: answer }] });
    expect(await screen.findByRole('heading', { level: 1, name: 'Not found' })).toBeInTheDocument();
    expect(screen.getByText('This page does not exist or you have no access to it.')).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Sections of the case' })).not.toBeInTheDocument();
  });

  it('shows another failure as an error with a retry, not as not found', async () => {
    renderWithApi(<CasePage />, { mocks: [{ request: { query: casePageQuery, variables: { id: CASE_ID } }, result: apiError('INTERNAL_SERVER_ERROR', 'boom', { errorId: 'e-1' }) }] });
    expect(await screen.findByRole('alert')).toHaveTextContent('e-1');
    expect(screen.queryByRole('heading', { name: 'Not found' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
