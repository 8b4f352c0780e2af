import { Button, Divider, Text } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CaseTimelineQuery } from '../gql/graphql';
import { problemOf, useViewer } from '../../../lib';
import { AttachFile, AttachmentList } from '../work/Attachments';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { useFormat } from '../../../ui/format';
import { PostUpdateForm } from '../work/PostUpdateForm';
import { TIMELINE_PAGE, TimelineQuery } from '../work/timeline';
import { VisibilityBadge } from '../work/VisibilityBadge';
import { WorkSection } from '../work/WorkSection';

type Entry = CaseTimelineQuery['case']['updates']['edges'][number]['node'];

/**
 * One entry, plainly (a busy case has hundreds): kind, author and organisation, time, who can read it, the text. The
 * translations and the date format come from the list, so that an entry builds no formatter and subscribes to nothing.
 */
const TimelineEntry = memo(function TimelineEntry({
  entry,
  organisation,
  t,
  dateTime,
  onAttached,
}: {
  entry: Entry;
  organisation: string | undefined;
  t: TFunction<'caseWork'>;
  dateTime: (value: string) => string;
  /** Set when the reader may attach files to this entry (their organisation's, of a visibility they may post). */
  onAttached: (() => void) | null;
}) {
  const author = entry.author ? (organisation ? t('timeline.byWithOrganisation', { name: entry.author.displayName, organisation }) : entry.author.displayName) : t('timeline.system');
  return (
    <li className="cg-timeline-entry" data-update-id={entry.id}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem', alignItems: 'baseline' }}>
        <strong>{t(`updateKind.${entry.kind}`)}</strong>
        <span>{author}</span>
        <time dateTime={entry.createdAt} style={{ color: 'var(--mantine-color-dimmed)' }}>
          {dateTime(entry.createdAt)}
        </time>
        <VisibilityBadge visibility={entry.visibility} t={t} />
      </div>
      <p style={{ whiteSpace: 'pre-wrap', margin: '0.25rem 0 0.75rem' }}>{entry.body}</p>
      <AttachmentList attachments={entry.attachments} />
      {onAttached && <AttachFile parent="UPDATE" parentId={entry.id} onAttached={onAttached} />}
    </li>
  );
});

/** The case's timeline, newest first, page by page; and posting to it with the visibility chosen. */
export function TimelineSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation('caseWork');
  const format = useFormat();
  const { data, loading, error, refetch, fetchMore } = useQuery(TimelineQuery, { variables: { id: caseId, first: TIMELINE_PAGE } });
  const [more, setMore] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });
  const organisations = useMemo(() => new Map((data?.case.participants ?? []).map((p) => [p.organisation.id, p.organisation.name])), [data?.case.participants]);

  const updates = data?.case.updates;
  const viewer = useViewer();
  const viewerCan = data?.case.viewerCan;
  const refreshTimeline = useMemo(() => () => void refetch(), [refetch]);
  /** Files go on one's own organisation's updates, of a visibility one may post (the API decides again). */
  const mayAttach = (entry: Entry) =>
    Boolean(
      viewerCan?.postUpdate &&
        entry.author?.organisationId === viewer?.organisation.id &&
        (entry.kind === 'INCIDENT' ? viewerCan.postIncidentVisibilities : viewerCan.postUpdateVisibilities).includes(entry.visibility),
    );
  const loadMore = () => {
    if (!updates?.pageInfo.endCursor) return;
    setMore({ loading: true, error: null });
    fetchMore({
      variables: { after: updates.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => {
        const known = new Set(previous.case.updates.edges.map((edge) => edge.node.id));
        return {
          ...previous,
          case: {
            ...previous.case,
            updates: {
              ...fetchMoreResult.case.updates,
              edges: [...previous.case.updates.edges, ...fetchMoreResult.case.updates.edges.filter((edge) => !known.has(edge.node.id))],
            },
          },
        };
      },
    })
      .then(() => setMore({ loading: false, error: null }))
      .catch((failure: unknown) => setMore({ loading: false, error: failure }));
  };
  const moreProblem = problemOf(more.error);

  return (
    <WorkSection name="Timeline" title={t('timeline.title')} loading={loading && !data} problem={data ? null : problemOf(error)} onRetry={() => void refetch()}>
      {data?.case.viewerCan.postUpdate && (
        <>
          <PostUpdateForm caseId={caseId} visibilities={data.case.viewerCan.postUpdateVisibilities} incidentVisibilities={data.case.viewerCan.postIncidentVisibilities} />
          <Divider />
        </>
      )}
      {updates && (
        <>
          <Text size="sm" c="dimmed" role="status">
            {t('timeline.count', { shown: updates.edges.length, count: updates.totalCount })}
          </Text>
          {updates.edges.length === 0 ? (
            <Text>{t('timeline.empty')}</Text>
          ) : (
            <ol aria-label={t('timeline.list')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {updates.edges.map((edge) => (
                <TimelineEntry key={edge.node.id} entry={edge.node} organisation={edge.node.author ? organisations.get(edge.node.author.organisationId) : undefined} t={t} dateTime={format.dateTime} onAttached={mayAttach(edge.node) ? refreshTimeline : null} />
              ))}
            </ol>
          )}
          {moreProblem && <ErrorAlert problem={moreProblem} onRetry={loadMore} />}
          {updates.pageInfo.hasNextPage && (
            <Button variant="default" onClick={loadMore} loading={more.loading} style={{ alignSelf: 'flex-start' }}>
              {t('timeline.more')}
            </Button>
          )}
        </>
      )}
    </WorkSection>
  );
}
