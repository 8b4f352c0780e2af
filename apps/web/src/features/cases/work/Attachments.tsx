import { Button, FileButton, Text } from '@mantine/core';
import { useApolloClient } from '@apollo/client/react';
import { useContext, useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { AttachmentItemFragment } from '../gql/graphql';

/** What a file hangs on (the API's AttachmentParent). */
export type AttachmentParent = 'CASE' | 'UPDATE' | 'PARTNER_INPUT';
import { problemOf, SessionContext, useSession, type ApiProblem } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { useFormat } from '../../../ui/format';

graphql(`
  fragment AttachmentItem on Attachment {
    id
    fileName
    contentType
    sizeBytes
    createdAt
    downloadUrl
    thumbnailUrl
    linksExpireAt
  }
`);

const FreshLinks = graphql(`
  query AttachmentLinks($id: ID!) {
    attachment(id: $id) {
      ...AttachmentItem
    }
  }
`);

/** The short name of a document's format (a format's name, the same in every language). */
const FORMATS: [string, string][] = [
  ['pdf', 'PDF'],
  ['wordprocessingml', 'DOCX'],
  ['spreadsheetml', 'XLSX'],
  ['presentationml', 'PPTX'],
  ['opendocument.text', 'ODT'],
  ['opendocument.spreadsheet', 'ODS'],
  ['opendocument.presentation', 'ODP'],
];
const formatOf = (contentType: string) => FORMATS.find(([part]) => contentType.includes(part))?.[1] ?? 'FILE';

/** What the file input offers (the API checks the content whatever is picked). */
const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp';

/**
 * The files of an update, a partner input or a case: images as thumbnails, the rest by name and size, each a link
 * to download. Links are short-lived: one about to expire is asked for again before it is followed.
 */
export function AttachmentList({ attachments }: { attachments: readonly AttachmentItemFragment[] }) {
  const { t } = useTranslation('caseWork');
  const format = useFormat();
  const client = useApolloClient();
  const ready = useFilesAccess(attachments.length > 0);
  if (attachments.length === 0 || !ready) return null;
  const follow = (attachment: AttachmentItemFragment) => async (event: MouseEvent<HTMLAnchorElement>) => {
    if (new Date(attachment.linksExpireAt).getTime() - Date.now() > 15_000) return;
    event.preventDefault();
    const fresh = await client.query({ query: FreshLinks, variables: { id: attachment.id }, fetchPolicy: 'network-only' }).catch(() => null);
    window.location.assign(fresh?.data?.attachment.downloadUrl ?? attachment.downloadUrl);
  };
  const size = (bytes: number) => (bytes >= 1_048_576 ? t('attachments.megabytes', { size: format.number(Math.round(bytes / 104_857.6) / 10) }) : t('attachments.kilobytes', { size: format.number(Math.max(1, Math.round(bytes / 1024))) }));
  return (
    <ul aria-label={t('attachments.list')} className="cg-attachments" style={{ listStyle: 'none', padding: 0, margin: '0 0 0.75rem', display: 'flex', flexWrap: 'wrap', gap: '0.75rem' }}>
      {attachments.map((attachment) => (
        <li key={attachment.id} data-attachment-id={attachment.id} style={{ maxWidth: 180 }}>
          <a href={attachment.downloadUrl} onClick={follow(attachment)} rel="noopener" target="_blank" aria-label={t('attachments.download', { name: attachment.fileName, size: size(attachment.sizeBytes) })}>
            {attachment.thumbnailUrl ? (
              <img src={attachment.thumbnailUrl} alt={attachment.fileName} style={{ display: 'block', maxWidth: 160, maxHeight: 160, minWidth: 48, minHeight: 48, borderRadius: 4, border: '1px solid var(--mantine-color-gray-4)' }} />
            ) : (
              <span style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', padding: '0.5rem 0.75rem', border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, overflowWrap: 'anywhere' }}>
                <span aria-hidden="true" style={{ flexShrink: 0, whiteSpace: 'nowrap', fontSize: '0.7rem', fontWeight: 700, padding: '0.1rem 0.3rem', borderRadius: 3, background: 'var(--mantine-color-gray-2)', color: 'var(--mantine-color-dark-7)' }}>
                  {formatOf(attachment.contentType)}
                </span>
                {attachment.fileName}
              </span>
            )}
          </a>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {attachment.thumbnailUrl ? `${attachment.fileName} · ` : ''}
            {/* The size never breaks between its number and its unit ("17 / kB" under a thumbnail). */}
            <span style={{ whiteSpace: 'nowrap' }}>{size(attachment.sizeBytes)}</span>
          </Text>
        </li>
      ))}
    </ul>
  );
}

/**
 * Whether this browser holds the files cookie of its session (links open only with it); asked for once per session.
 * Without a session (component tests) there is nothing to ask.
 */
function useFilesAccess(needed: boolean): boolean {
  const session = useContext(SessionContext);
  const [ready, setReady] = useState(!session);
  useEffect(() => {
    if (!session || !needed) return;
    let live = true;
    void session.filesAccess().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [session, needed]);
  return ready;
}

/** "Attach a file": sends it to the API as it is read from disk; the list refreshes, or the API's refusal is shown. */
export function AttachFile({ parent, parentId, onAttached }: { parent: AttachmentParent; parentId: string; onAttached: () => void }) {
  const { t } = useTranslation('caseWork');
  const session = useSession();
  const [state, setState] = useState<{ busy: boolean; problem: ApiProblem | null }>({ busy: false, problem: null });
  const send = async (file: File | null) => {
    if (!file) return;
    setState({ busy: true, problem: null });
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      await session.upload(`/attachments?parent=${parent}&parentId=${encodeURIComponent(parentId)}`, form);
      setState({ busy: false, problem: null });
      onAttached();
    } catch (error) {
      setState({ busy: false, problem: problemOf(error) });
    }
  };
  return (
    <div style={{ marginBottom: '0.75rem' }}>
      <FileButton onChange={(file) => void send(file)} accept={ACCEPT}>
        {(props) => (
          <Button {...props} variant="default" size="xs" loading={state.busy}>
            {t('attachments.attach')}
          </Button>
        )}
      </FileButton>
      {state.problem && (
        <div style={{ marginTop: '0.5rem' }}>
          <ErrorAlert problem={state.problem} />
        </div>
      )}
    </div>
  );
}
