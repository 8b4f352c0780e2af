import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Session, SessionContext } from '../../../lib';
import { AttachFile } from './Attachments';
import { renderWork } from './testing';

function withSession(fetchImpl: typeof fetch, language: 'pl' | 'en') {
  const session = new Session(() => language, fetchImpl);
  return (ui: React.ReactElement) => <SessionContext.Provider value={session}>{ui}</SessionContext.Provider>;
}

describe('AttachFile', () => {
  it('sends the file chosen to the update, in the reader’s language, and refreshes the list', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ id: 'a-1' }), { status: 201, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const attached = vi.fn();
    renderWork(withSession(fetchImpl, 'en')(<AttachFile parent="UPDATE" parentId="up-1" onAttached={attached} />), []);
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'photo.png', { type: 'image/png' });
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    await userEvent.upload(input, file);
    await waitFor(() => expect(attached).toHaveBeenCalled());
    expect(calls[0]!.url).toBe('/attachments?parent=UPDATE&parentId=up-1');
    expect((calls[0]!.init.body as FormData).get('file')).toBeInstanceOf(File);
    expect((calls[0]!.init.headers as Record<string, string>)['accept-language']).toBe('en');
  });

  it('shows the API’s refusal (a type refused by content) in Polish, and does not refresh', async () => {
    const message = 'Tego rodzaju pliku nie można załączyć.';
    const fetchImpl = (async () =>
      new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', reason: 'ATTACHMENT_TYPE_REFUSED' } }] }), { status: 400 })) as unknown as typeof fetch;
    const attached = vi.fn();
    renderWork(withSession(fetchImpl, 'pl')(<AttachFile parent="UPDATE" parentId="up-1" onAttached={attached} />), [], 'pl');
    expect(screen.getByRole('button', { name: 'Dołącz plik' })).toBeInTheDocument();
    await userEvent.upload(document.querySelector('input[type=file]') as HTMLInputElement, new File(['text'], 'photo.jpg', { type: 'image/jpeg' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(alert).toHaveAttribute('data-error-code', 'BAD_USER_INPUT');
    expect(attached).not.toHaveBeenCalled();
  });
});
