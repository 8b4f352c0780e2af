import { Badge, Button, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartnerInputFieldsFragment, PartnerInputStatus } from '../gql/graphql';
import { problemOf, useViewer } from '../../../lib';
import { AttachFile, AttachmentList } from '../work/Attachments';
import { useFormat } from '../../../ui/format';
import { PartnerInputsQuery, ReviewInputForm, SubmitInputForm } from '../work/PartnerInputForms';
import { WorkSection } from '../work/WorkSection';

const STATUS_COLOUR: Record<PartnerInputStatus, string> = { SUBMITTED: 'yellow', ACKNOWLEDGED: 'blue', ACCEPTED: 'green', DECLINED: 'red' };
const OPEN: readonly PartnerInputStatus[] = ['SUBMITTED', 'ACKNOWLEDGED'];

function InputItem({ input, canReview, onAttached }: { input: PartnerInputFieldsFragment; canReview: boolean; onAttached: (() => void) | null }) {
  const { t } = useTranslation('caseWork');
  const format = useFormat();
  const [reviewing, setReviewing] = useState(false);
  return (
    <Paper withBorder p="sm" component="li" data-input-id={input.id}>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Title order={3} size="h5">
            {t(`inputKind.${input.kind}`)}
          </Title>
          <Badge color={STATUS_COLOUR[input.status]} data-status={input.status}>
            {t(`inputStatus.${input.status}`)}
          </Badge>
          <Text size="sm">{t('input.from', { organisation: input.organisation.name, name: input.author?.displayName ?? '—' })}</Text>
          <Text size="sm" c="dimmed" component="time" dateTime={input.createdAt}>
            {format.dateTime(input.createdAt)}
          </Text>
          {input.waitingHours !== null && OPEN.includes(input.status) && (
            <Text size="sm" c="dimmed">
              {t('input.waiting', { count: input.waitingHours })}
            </Text>
          )}
        </Group>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{input.body}</Text>
        <AttachmentList attachments={input.attachments} />
        {onAttached && <AttachFile parent="PARTNER_INPUT" parentId={input.id} onAttached={onAttached} />}
        {input.response !== null && (
          <div data-testid="input-response">
            <Text size="sm" fw={600}>
              {t('input.response')}
              {input.reviewedAt && ` · ${format.dateTime(input.reviewedAt)}`}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {input.response}
            </Text>
          </div>
        )}
        {canReview &&
          OPEN.includes(input.status) &&
          (reviewing ? (
            <ReviewInputForm id={input.id} version={input.version} onDone={() => setReviewing(false)} />
          ) : (
            <Group>
              <Button size="xs" variant="default" onClick={() => setReviewing(true)} aria-label={t('input.review.open', { kind: t(`inputKind.${input.kind}`), organisation: input.organisation.name })}>
                {t('input.review.button')}
              </Button>
            </Group>
          ))}
      </Stack>
    </Paper>
  );
}

/** Partner input: NGOs submit observations and proposals; coordinators answer each, and the partner sees the answer. */
export function PartnerInputSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation('caseWork');
  const { data, loading, error, refetch } = useQuery(PartnerInputsQuery, { variables: { id: caseId } });
  const inputs = data?.case.partnerInputs ?? [];
  const viewer = useViewer();
  // Files go on one's own organisation's input, by those who may submit input (the API decides again).
  const mayAttach = (input: PartnerInputFieldsFragment) => Boolean(data?.case.viewerCan.submitPartnerInput && viewer && input.organisation.id === viewer.organisation.id);
  return (
    <WorkSection name="PartnerInput" title={t('input.title')} loading={loading && !data} problem={data ? null : problemOf(error)} onRetry={() => void refetch()}>
      {data?.case.viewerCan.submitPartnerInput && (
        <>
          <SubmitInputForm caseId={caseId} />
          <Divider />
        </>
      )}
      {inputs.length === 0 ? (
        <Text>{t('input.empty')}</Text>
      ) : (
        <Stack component="ul" gap="sm" aria-label={t('input.list')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {inputs.map((input) => (
            <InputItem key={input.id} input={input} canReview={data?.case.viewerCan.reviewPartnerInput ?? false} onAttached={mayAttach(input) ? () => void refetch() : null} />
          ))}
        </Stack>
      )}
    </WorkSection>
  );
}
