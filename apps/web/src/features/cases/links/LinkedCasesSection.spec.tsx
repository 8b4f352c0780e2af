import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { refusal, renderWork } from '../work/testing';
import { CaseLinksQuery, LinkedCasesSection, UnlinkCasesMutation } from './LinkedCasesSection';

const CASE = 'c-1';
const other = (id: string, reference: string, title: string, phase = 'RESPONSE') => ({ __typename: 'CaseSummary' as const, id, reference, title, phase, version: 4 });
const link = (id: string, kind: string, outgoing: boolean, linked: ReturnType<typeof other>, viewerCanRemove = false) => ({ __typename: 'CaseLink' as const, id, kind, outgoing, viewerCanRemove, linkedCase: linked });
const answer = (links: ReturnType<typeof link>[], can = { linkCases: false, mergeCase: false }) => ({
  request: { query: CaseLinksQuery, variables: { id: CASE } },
  result: { data: { case: { __typename: 'Case' as const, id: CASE, version: 2, viewerCan: { __typename: 'CaseViewerPermissions' as const, ...can }, links } } },
});

describe('LinkedCasesSection', () => {
  it('lists the links with their kind, the direction of a continuation, and no control for a reader who may not link', async () => {
    renderWork(<LinkedCasesSection caseId={CASE} />, [
      answer([link('l-1', 'SAME_PLACE', true, other('c-2', 'KPP/2026/0002', 'Bus stop')), link('l-2', 'CONTINUATION_OF', false, other('c-3', 'KPP/2026/0003', 'Follow-up'))]),
    ]);
    const list = await screen.findByRole('list', { name: 'Linked cases' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0] as HTMLElement).getByRole('link', { name: 'KPP/2026/0002 Bus stop' })).toHaveAttribute('href', '/cases/c-2');
    expect(within(items[0] as HTMLElement).getByText('Same place')).toBeInTheDocument();
    expect(within(items[1] as HTMLElement).getByText('Continued by KPP/2026/0003')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Link a case' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Remove the link/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Merge this case/ })).not.toBeInTheDocument();
  });

  it('says so when there is no link', async () => {
    renderWork(<LinkedCasesSection caseId={CASE} />, [answer([])]);
    expect(await screen.findByText('No linked cases.')).toBeInTheDocument();
  });

  it('removes a link for those allowed, and shows the refusal when the API says no', async () => {
    const user = userEvent.setup();
    const linked = other('c-2', 'KPP/2026/0002', 'Bus stop');
    renderWork(<LinkedCasesSection caseId={CASE} />, [
      answer([link('l-1', 'RELATED', true, linked, true)], { linkCases: true, mergeCase: true }),
      { request: { query: UnlinkCasesMutation, variables: { input: { linkId: 'l-1' } } }, result: refusal('FORBIDDEN', 'You may not do this.') },
    ]);
    expect(await screen.findByRole('button', { name: 'Link a case' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Merge this case into KPP/2026/0002' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove the link to KPP/2026/0002' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('You may not do this.'));
  });
});
