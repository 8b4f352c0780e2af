import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PostCaseUpdateMutation } from '../work/PostUpdateForm';
import { COORDINATOR, PARTNER, fill, org, person, refusal, renderWork, viewerCan } from '../work/testing';
import { TIMELINE_PAGE, TimelineQuery } from '../work/timeline';
import type { AttachmentItemFragment } from '../gql/graphql';
import { TimelineSection } from './TimelineSection';

const CASE = 'c-1';

function update(id: string, body: string, visibility: 'PARTNERS' | 'AGENCIES' | 'LEAD', createdAt = '2026-03-02T10:00:00Z') {
  return { __typename: 'CaseUpdate' as const, id, caseId: CASE, kind: 'NOTE' as const, body, visibility, createdAt, author: person('u-1', 'Katarzyna Nowak', 'o-police'), attachments: [] as AttachmentItemFragment[] };
}

function timeline(nodes: ReturnType<typeof update>[], page: { hasNextPage: boolean; endCursor: string | null; totalCount: number }, can = COORDINATOR) {
  return {
    data: {
      case: {
        __typename: 'Case' as const,
        id: CASE,
        viewerCan: can,
        participants: [{ __typename: 'CaseParticipant' as const, id: 'p-1', organisation: org('o-police', 'KPP Legionowo') }],
        updates: {
          __typename: 'CaseUpdateConnection' as const,
          totalCount: page.totalCount,
          pageInfo: { __typename: 'PageInfo' as const, hasNextPage: page.hasNextPage, endCursor: page.endCursor },
          edges: nodes.map((node) => ({ __typename: 'CaseUpdateEdge' as const, cursor: `cur-${node.id}`, node })),
        },
      },
    },
  };
}

const firstPage = { request: { query: TimelineQuery, variables: { id: CASE, first: TIMELINE_PAGE } }, result: timeline([update('up-1', 'Meeting with residents held', 'PARTNERS')], { hasNextPage: false, endCursor: 'cur-up-1', totalCount: 1 }) };

describe('TimelineSection', () => {
  it('shows each entry with its kind, author, organisation and who can read it', async () => {
    renderWork(<TimelineSection caseId={CASE} />, [firstPage]);
    const entry = (await screen.findByText('Meeting with residents held')).closest('li') as HTMLElement;
    expect(within(entry).getByText('Note')).toBeInTheDocument();
    expect(within(entry).getByText('Katarzyna Nowak (KPP Legionowo)')).toBeInTheDocument();
    expect(within(entry).getByText('Seen by: All partners')).toBeInTheDocument();
    expect(within(entry).getByText(/2026/)).toBeInTheDocument();
  });

  it('shows an entry’s photo as a thumbnail that links to the file, and a document by its name and size', async () => {
    const photo = { __typename: 'Attachment' as const, id: 'a-1', fileName: 'podwórko.jpg', contentType: 'image/jpeg', sizeBytes: 2_400_000, createdAt: '2026-03-02T10:01:00Z', downloadUrl: '/attachments/a-1/file?t=x', thumbnailUrl: '/attachments/a-1/thumbnail?t=x', linksExpireAt: '2099-01-01T00:00:00Z' };
    const report = { ...photo, id: 'a-2', fileName: 'protokół.pdf', contentType: 'application/pdf', sizeBytes: 52_000, downloadUrl: '/attachments/a-2/file?t=y', thumbnailUrl: null };
    const withFiles = { ...update('up-1', 'Meeting with residents held', 'PARTNERS'), attachments: [photo, report] };
    renderWork(<TimelineSection caseId={CASE} />, [{ ...firstPage, result: timeline([withFiles], { hasNextPage: false, endCursor: 'cur-up-1', totalCount: 1 }) }]);
    const files = await screen.findByRole('list', { name: 'Attached files' });
    const thumbnail = within(files).getByRole('img', { name: 'podwórko.jpg' });
    expect(thumbnail).toHaveAttribute('src', '/attachments/a-1/thumbnail?t=x');
    expect(within(files).getByRole('link', { name: 'Download podwórko.jpg (2.3 MB)' })).toHaveAttribute('href', '/attachments/a-1/file?t=x');
    expect(within(files).getByRole('link', { name: 'Download protokół.pdf (51 kB)' })).toHaveAttribute('href', '/attachments/a-2/file?t=y');
    // No viewer of the entry's organisation here: nothing to attach with.
    expect(screen.queryByRole('button', { name: 'Attach a file' })).not.toBeInTheDocument();
  });

  it('posts with the visibility chosen, and the new entry shows that visibility at the top', async () => {
    const sent: unknown[] = [];
    const posted = update('up-2', 'Only for public bodies', 'AGENCIES', '2026-03-03T09:00:00Z');
    renderWork(<TimelineSection caseId={CASE} />, [
      firstPage,
      {
        request: {
          query: PostCaseUpdateMutation,
          variables: (vars: Record<string, unknown>) => {
            sent.push(vars.input);
            return true;
          },
        },
        result: { data: { postCaseUpdate: posted } },
      },
    ]);
    await screen.findByText('Meeting with residents held');
    const user = userEvent.setup({ delay: null });
    await fill(user, screen.getByRole('textbox', { name: /^Update/ }), 'Only for public bodies');
    await user.click(screen.getByLabelText('Public bodies'));
    await user.click(screen.getByRole('button', { name: 'Post update' }));

    const list = screen.getByRole('list', { name: 'Updates, newest first' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(sent).toEqual([{ caseId: CASE, kind: 'NOTE', body: 'Only for public bodies', visibility: 'AGENCIES' }]);
    const items = within(list).getAllByRole('listitem');
    expect(within(items[0] as HTMLElement).getByText('Only for public bodies')).toBeInTheDocument();
    expect(within(items[0] as HTMLElement).getByText('Seen by: Public bodies')).toBeInTheDocument();
    expect(screen.getByText('Updates shown: 2 of 2')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^Update/ })).toHaveValue('');
  });

  it('shows a visibility the API refuses on the visibility field, and keeps the text', async () => {
    const message = 'You may not post updates with visibility AGENCIES on this case.';
    renderWork(<TimelineSection caseId={CASE} />, [
      firstPage,
      { request: { query: PostCaseUpdateMutation, variables: { input: { caseId: CASE, kind: 'NOTE', body: 'Draft', visibility: 'AGENCIES' } } }, result: refusal('BAD_USER_INPUT', message, { field: 'visibility' }) },
    ]);
    await screen.findByText('Meeting with residents held');
    const user = userEvent.setup({ delay: null });
    await fill(user, screen.getByRole('textbox', { name: /^Update/ }), 'Draft');
    await user.click(screen.getByLabelText('Public bodies'));
    await user.click(screen.getByRole('button', { name: 'Post update' }));

    const group = await screen.findByRole('radiogroup', { name: /Who can read it/ });
    await waitFor(() => expect(within(group.parentElement as HTMLElement).getByText(message)).toBeInTheDocument());
    expect(screen.getByRole('textbox', { name: /^Update/ })).toHaveValue('Draft');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('loads older updates on request and appends them after the newer ones', async () => {
    renderWork(<TimelineSection caseId={CASE} />, [
      { request: { query: TimelineQuery, variables: { id: CASE, first: TIMELINE_PAGE } }, result: timeline([update('up-9', 'Newest', 'PARTNERS')], { hasNextPage: true, endCursor: 'cur-up-9', totalCount: 2 }) },
      {
        request: { query: TimelineQuery, variables: { id: CASE, first: TIMELINE_PAGE, after: 'cur-up-9' } },
        result: timeline([update('up-1', 'Oldest', 'LEAD', '2026-01-01T08:00:00Z')], { hasNextPage: false, endCursor: 'cur-up-1', totalCount: 2 }),
      },
    ]);
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('button', { name: 'Show older updates' }));
    await screen.findByText('Oldest');
    const items = within(screen.getByRole('list', { name: 'Updates, newest first' })).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByText(/Newest|Oldest/).textContent)).toEqual(['Newest', 'Oldest']);
    expect(within(items[1] as HTMLElement).getByText('Seen by: Lead organisation')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show older updates' })).not.toBeInTheDocument();
  });

  it('offers only the visibilities the API allows the reader: a partner posts for all partners only', async () => {
    renderWork(<TimelineSection caseId={CASE} />, [{ ...firstPage, result: timeline([], { hasNextPage: false, endCursor: null, totalCount: 0 }, PARTNER) }]);
    const group = await screen.findByRole('radiogroup', { name: /Who can read it/ });
    expect(within(group).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual(['PARTNERS']);
  });

  it('offers for an incident the visibilities the API allows for incidents, and sends the one chosen', async () => {
    const sent: unknown[] = [];
    const can = viewerCan({ postUpdate: true, postUpdateVisibilities: ['PARTNERS', 'AGENCIES'], postIncidentVisibilities: ['AGENCIES'] });
    renderWork(<TimelineSection caseId={CASE} />, [
      { ...firstPage, result: timeline([], { hasNextPage: false, endCursor: null, totalCount: 0 }, can) },
      {
        request: { query: PostCaseUpdateMutation, variables: (v: Record<string, unknown>) => (sent.push(v.input), true) },
        result: { data: { postCaseUpdate: { ...update('up-3', 'Window broken at night', 'AGENCIES'), kind: 'INCIDENT' as const } } },
      },
    ]);
    const user = userEvent.setup({ delay: null });
    const group = await screen.findByRole('radiogroup', { name: /Who can read it/ });
    expect(within(group).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual(['PARTNERS', 'AGENCIES']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind of update' }), 'Incident');
    expect(within(group).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual(['AGENCIES']);
    await fill(user, screen.getByRole('textbox', { name: /^Update/ }), 'Window broken at night');
    await user.click(screen.getByRole('button', { name: 'Post update' }));
    await waitFor(() => expect(sent).toEqual([{ caseId: CASE, kind: 'INCIDENT', body: 'Window broken at night', visibility: 'AGENCIES' }]));
    expect(await screen.findByText('Seen by: Public bodies')).toBeInTheDocument();
  });

  it('shows no posting form to a reader the API does not let post', async () => {
    renderWork(<TimelineSection caseId={CASE} />, [{ ...firstPage, result: timeline([update('up-1', 'Meeting with residents held', 'PARTNERS')], { hasNextPage: false, endCursor: null, totalCount: 1 }, viewerCan()) }]);
    await screen.findByText('Meeting with residents held');
    expect(screen.queryByRole('form', { name: 'Post an update' })).not.toBeInTheDocument();
  });

  it('shows the refusal of the timeline query', async () => {
    renderWork(<TimelineSection caseId={CASE} />, [{ request: { query: TimelineQuery, variables: { id: CASE, first: TIMELINE_PAGE } }, result: refusal('NOT_FOUND', 'Not found: case.') }]);
    expect(await screen.findByRole('alert')).toHaveAttribute('data-error-code', 'NOT_FOUND');
  });
});
