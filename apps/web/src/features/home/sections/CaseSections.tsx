import { Text } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { HomeCaseItemFragment } from '../gql/graphql';
import { useFormat } from '../../../ui/format';
import { OPEN_PHASES } from '../dates';
import { WorkSection } from './WorkSection';

/** How many of each kind the start page lists; the count says how many there are in all. */
export const SHORT_LIST = 5;

export const HomeCaseItem = graphql(`
  fragment HomeCaseItem on Case {
    id
    reference
    title
    reviewDate
    inputsAwaitingReviewCount
  }
`);

export const CrisisCasesQuery = graphql(`
  query HomeCrisisCases($first: Int!, $filter: CaseFilter!) {
    cases(first: $first, filter: $filter, orderBy: LAST_ACTIVITY) {
      totalCount
      edges {
        node {
          ...HomeCaseItem
        }
      }
    }
  }
`);

export const OverdueReviewQuery = graphql(`
  query HomeOverdueReviews($first: Int!, $filter: CaseFilter!) {
    cases(first: $first, filter: $filter, orderBy: REVIEW_DATE) {
      totalCount
      edges {
        node {
          ...HomeCaseItem
        }
      }
    }
  }
`);

export const AwaitingReviewQuery = graphql(`
  query HomeAwaitingReview($first: Int!, $filter: CaseFilter!) {
    cases(first: $first, filter: $filter, orderBy: LAST_ACTIVITY) {
      totalCount
      edges {
        node {
          ...HomeCaseItem
        }
      }
    }
  }
`);

const label = (item: HomeCaseItemFragment) => (
  <>
    <Text component="span" ff="monospace" size="sm" mr={6}>
      {item.reference}
    </Text>
    {item.title}
  </>
);

const openPhases = (): string => OPEN_PHASES.map((phase) => `phase=${phase}`).join('&');

/** Open cases whose escalation is CRISIS. */
export function CrisisCasesSection() {
  const { t } = useTranslation('home');
  const { data, loading, error, refetch } = useQuery(CrisisCasesQuery, {
    variables: { first: SHORT_LIST, filter: { escalation: ['CRISIS'], phase: [...OPEN_PHASES] } },
  });
  return (
    <WorkSection
      id="crisis"
      title={t('crisis.title')}
      empty={t('crisis.empty')}
      count={data?.cases.totalCount}
      items={data?.cases.edges.map(({ node }) => ({ key: node.id, to: `/cases/${node.id}`, label: label(node) }))}
      loading={loading}
      error={error}
      onRetry={() => void refetch()}
      all={{ to: `/cases?${openPhases()}&escalation=CRISIS`, label: t('crisis.all') }}
    />
  );
}

/** Open cases whose review date has passed (before today in Warsaw), the longest overdue first. */
export function OverdueReviewSection({ today }: { today: string }) {
  const { t } = useTranslation('home');
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(OverdueReviewQuery, {
    variables: { first: SHORT_LIST, filter: { reviewBefore: today, phase: [...OPEN_PHASES] } },
  });
  return (
    <WorkSection
      id="review"
      title={t('review.title')}
      empty={t('review.empty')}
      count={data?.cases.totalCount}
      items={data?.cases.edges.map(({ node }) => ({
        key: node.id,
        to: `/cases/${node.id}`,
        label: label(node),
        detail: node.reviewDate ? t('review.due', { date: format.date(node.reviewDate) }) : undefined,
      }))}
      loading={loading}
      error={error}
      onRetry={() => void refetch()}
      all={{ to: `/cases?${openPhases()}&reviewBefore=${today}&sort=REVIEW_DATE`, label: t('review.all') }}
    />
  );
}

/** Cases with partner input awaiting a review the viewer may give (the API decides who may review). */
export function AwaitingReviewSection() {
  const { t } = useTranslation('home');
  const { number } = useFormat();
  const { data, loading, error, refetch } = useQuery(AwaitingReviewQuery, {
    variables: { first: SHORT_LIST, filter: { inputsAwaitingReview: true } },
  });
  return (
    <WorkSection
      id="inputs"
      title={t('inputs.title')}
      empty={t('inputs.empty')}
      count={data?.cases.totalCount}
      items={data?.cases.edges.map(({ node }) => ({
        key: node.id,
        to: `/cases/${node.id}`,
        label: label(node),
        detail: t('inputs.waiting', { n: number(node.inputsAwaitingReviewCount) }),
      }))}
      loading={loading}
      error={error}
      onRetry={() => void refetch()}
      all={{ to: '/cases?awaitingReview=true', label: t('inputs.all') }}
    />
  );
}
