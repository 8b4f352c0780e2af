import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { graphql } from '../gql';
import type { CaseLinkKind } from '../gql/graphql';
import { problemOf, type ApiProblem } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { WorkSection } from '../work/WorkSection';

/** Long labels (a reference in them) wrap on a phone instead of widening the page. */
const WRAPPING = { root: { height: 'auto', maxWidth: '100%' }, label: { whiteSpace: 'normal', textAlign: 'left' } } as const;

export const LINK_KINDS: readonly CaseLinkKind[] = ['RELATED', 'SAME_PLACE', 'SAME_PEOPLE', 'CONTINUATION_OF'];

export const CaseLinksQuery = graphql(`
  query CaseLinks($id: ID!) {
    case(id: $id) {
      id
      version
      viewerCan {
        linkCases
        mergeCase
      }
      links {
        id
        kind
        outgoing
        viewerCanRemove
        linkedCase {
          id
          reference
          title
          phase
          version
        }
      }
    }
  }
`);

const LinkCandidates = graphql(`
  query LinkCandidates($search: String!) {
    cases(first: 10, filter: { search: $search }, orderBy: LAST_ACTIVITY) {
      edges {
        node {
          id
          reference
          title
        }
      }
    }
  }
`);

const LinkCases = graphql(`
  mutation LinkCases($input: LinkCasesInput!) {
    linkCases(input: $input) {
      id
    }
  }
`);

export const UnlinkCasesMutation = graphql(`
  mutation UnlinkCases($input: UnlinkCasesInput!) {
    unlinkCases(input: $input)
  }
`);

const MergeCase = graphql(`
  mutation MergeCase($input: MergeCaseInput!) {
    mergeCase(input: $input) {
      id
    }
  }
`);

/**
 * The cases linked to this one, both ways, as the API shows them (only those the reader may read); linking and
 * unlinking for those allowed on both cases, and merging this case into a linked one for the lead's coordinators.
 */
export function LinkedCasesSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation('caseLinks');
  const { data, loading, error, refetch } = useQuery(CaseLinksQuery, { variables: { id: caseId } });
  const [adding, setAdding] = useState(false);
  const [merging, setMerging] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [unlink] = useMutation(UnlinkCasesMutation);
  const current = data?.case;
  const links = current?.links ?? [];

  const remove = async (linkId: string) => {
    setProblem(null);
    try {
      await unlink({ variables: { input: { linkId } } });
      setNotice(t('section.removed'));
      await refetch();
    } catch (failure) {
      setProblem(problemOf(failure));
    }
  };

  return (
    <WorkSection name="Links" title={t('section.title')} loading={loading && !data} problem={data ? null : problemOf(error)} onRetry={() => void refetch()}>
      {notice && (
        <Alert color="green" withCloseButton closeButtonLabel={t('section.dismiss')} onClose={() => setNotice(null)} role="status">
          {notice}
        </Alert>
      )}
      {problem && <ErrorAlert problem={problem} />}
      {links.length === 0 ? (
        <Text>{t('section.empty')}</Text>
      ) : (
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('section.list')}>
          {links.map((link) => {
            const other = link.linkedCase;
            // A continuation has a direction, said in words; the other kinds read the same both ways (the badge says it).
            const direction =
              link.kind === 'CONTINUATION_OF' ? t(link.outgoing ? 'direction.CONTINUATION_OF_out' : 'direction.CONTINUATION_OF_in', { reference: other.reference }) : null;
            return (
              <Paper component="li" withBorder p="xs" key={link.id} data-link-id={link.id}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
                    <Group gap="xs">
                      <Badge variant="light" color="blue">
                        {t(`kind.${link.kind}`)}
                      </Badge>
                      <Anchor component={Link} to={`/cases/${other.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                        {other.reference} {other.title}
                      </Anchor>
                    </Group>
                    {direction && <Text size="sm">{direction}</Text>}
                  </Stack>
                  <Group gap="xs">
                    {current?.viewerCan.mergeCase && other.phase !== 'CLOSED' && (
                      <Button variant="default" size="xs" styles={WRAPPING} onClick={() => setMerging(link.id)}>
                        {t('section.merge', { reference: other.reference })}
                      </Button>
                    )}
                    {link.viewerCanRemove && (
                      <Button variant="subtle" color="red" size="xs" styles={WRAPPING} onClick={() => void remove(link.id)}>
                        {t('section.remove', { reference: other.reference })}
                      </Button>
                    )}
                  </Group>
                </Group>
                {merging === link.id && current && (
                  <MergeForm duplicate={{ id: current.id, version: current.version }} survivor={other} onCancel={() => setMerging(null)} />
                )}
              </Paper>
            );
          })}
        </Stack>
      )}
      {current?.viewerCan.linkCases &&
        (adding ? (
          <AddLinkForm
            caseId={caseId}
            onDone={async (added) => {
              setAdding(false);
              if (added) {
                setNotice(t('add.added'));
                await refetch();
              }
            }}
          />
        ) : (
          <Group>
            <Button variant="default" onClick={() => setAdding(true)}>
              {t('add.open')}
            </Button>
          </Group>
        ))}
    </WorkSection>
  );
}

function AddLinkForm({ caseId, onDone }: { caseId: string; onDone: (added: boolean) => void | Promise<void> }) {
  const { t } = useTranslation('caseLinks');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const candidates = useQuery(LinkCandidates, { variables: { search: debounced }, skip: debounced.length < 2 });
  const [linkedCaseId, setLinkedCaseId] = useState<string | null>(null);
  const [kind, setKind] = useState<CaseLinkKind>('RELATED');
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [link, { loading }] = useMutation(LinkCases);
  const options = (candidates.data?.cases.edges ?? []).map((e) => e.node).filter((c) => c.id !== caseId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMissing(!linkedCaseId);
    if (!linkedCaseId) return;
    setProblem(null);
    try {
      await link({ variables: { input: { caseId, linkedCaseId, kind } } });
      await onDone(true);
    } catch (failure) {
      setProblem(problemOf(failure));
    }
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="sm">
        <Select
          label={t('add.case')}
          placeholder={t('add.casePlaceholder')}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={options.map((c) => ({ value: c.id, label: `${c.reference} ${c.title}` }))}
          value={linkedCaseId}
          onChange={setLinkedCaseId}
          filter={({ options: all }) => all}
          error={missing ? t('add.caseRequired') : undefined}
          required
        />
        <Select
          label={t('add.kind')}
          data={LINK_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          value={kind}
          onChange={(value) => value && setKind(value as CaseLinkKind)}
          allowDeselect={false}
        />
        {problem && <ErrorAlert problem={problem} />}
        <Group>
          <Button type="submit" loading={loading}>
            {t('add.submit')}
          </Button>
          <Button variant="default" onClick={() => void onDone(false)}>
            {t('section.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function MergeForm({ duplicate, survivor, onCancel }: { duplicate: { id: string; version: number }; survivor: { id: string; reference: string; version: number }; onCancel: () => void }) {
  const { t } = useTranslation('caseLinks');
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [merge, { loading }] = useMutation(MergeCase);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const result = await merge({
        variables: { input: { duplicateId: duplicate.id, duplicateVersion: duplicate.version, survivorId: survivor.id, survivorVersion: survivor.version, reason: reason.trim() || undefined } },
      });
      void navigate(`/cases/${result.data?.mergeCase.id ?? survivor.id}`);
    } catch (failure) {
      setProblem(problemOf(failure));
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="sm" mt="sm">
        <Text>{t('section.mergeConfirm', { reference: survivor.reference })}</Text>
        <Textarea label={t('section.mergeReason')} value={reason} onChange={(event) => setReason(event.currentTarget.value)} maxLength={1000} autosize minRows={2} />
        {problem && <ErrorAlert problem={problem} />}
        <Group>
          <Button type="submit" color="red" loading={loading}>
            {t('section.mergeSubmit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('section.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
