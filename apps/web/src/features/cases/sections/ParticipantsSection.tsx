import { Alert, Badge, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { CaseParticipantsQuery } from '../gql/graphql';
import { problemOf, type ApiProblem } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { Loading } from '../../../ui/Loading';
import { useFormat } from '../../../ui/format';
import { AddParticipantForm } from '../page/AddParticipantForm';
import { RebaseParticipantForm } from '../page/RebaseParticipantForm';

export const CaseParticipants = graphql(`
  query CaseParticipants($id: ID!) {
    case(id: $id) {
      id
      leadOrganisation {
        id
        name
      }
      participants {
        ...ParticipantFields
      }
      viewerCan {
        ...CasePermissionsFields
      }
    }
  }
`);

graphql(`
  fragment ParticipantFields on CaseParticipant {
    id
    role
    basis
    categories
    grantedCategories
    suspended
    validUntil
    overrideReason
    addedAt
    organisation {
      id
      name
      kind
    }
    agreement {
      id
      validFrom
      validTo
      inForce
    }
  }
`);

export const RemoveCaseParticipant = graphql(`
  mutation RemoveCaseParticipant($input: RemoveCaseParticipantInput!) {
    removeCaseParticipant(input: $input) {
      id
      participantCount
      participants {
        ...ParticipantFields
      }
    }
  }
`);

type Participant = CaseParticipantsQuery['case']['participants'][number];

const BASIS_COLOUR = { LEAD: 'blue', AGREEMENT: 'green', OVERRIDE: 'orange', SUSPENDED: 'red' } as const;

/**
 * The organisations on the case and what each participation rests on: the lead itself, an agreement in force with the
 * lead organisation (until when), a coordinator's override (its reason), or nothing (suspended: it sees only the
 * header). Lead coordinators add, remove and re-base participants; the API decides who may.
 */
export function ParticipantsSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation('casePage');
  const { data, error, refetch } = useQuery(CaseParticipants, { variables: { id: caseId } });
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const heading = (
    <Title order={2} id="case-participants-title">
      {t('participants.heading')}
    </Title>
  );
  if (!data?.case) {
    const loadProblem = problemOf(error);
    return (
      <Stack component="section" aria-labelledby="case-participants-title">
        {heading}
        {loadProblem ? <ErrorAlert problem={loadProblem} onRetry={() => void refetch()} /> : <Center><Loading label={t('loading')} /></Center>}
      </Stack>
    );
  }
  const c = data.case;

  return (
    <Stack component="section" aria-labelledby="case-participants-title" gap="md">
      <Group justify="space-between" align="center">
        {heading}
        {c.viewerCan.addParticipant && !adding && (
          <Button
            variant="default"
            onClick={() => {
              setAdding(true);
              setNotice(null);
            }}
          >
            {t('participants.add')}
          </Button>
        )}
      </Group>
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('actions.dismiss')} onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {adding && (
        <AddParticipantForm
          caseId={c.id}
          leadOrganisationId={c.leadOrganisation.id}
          participantIds={c.participants.map((p) => p.organisation.id)}
          onCancel={() => setAdding(false)}
          onAdded={(name) => {
            setAdding(false);
            setNotice(t('participants.added', { name }));
          }}
        />
      )}
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('participants.listLabel')}>
        {c.participants.map((participant) => (
          <ParticipantItem key={participant.id} caseId={c.id} participant={participant} manage={c.viewerCan.removeParticipant} onNotice={setNotice} />
        ))}
      </Stack>
    </Stack>
  );
}

function ParticipantItem({ caseId, participant: p, manage, onNotice }: { caseId: string; participant: Participant; manage: boolean; onNotice: (text: string) => void }) {
  const { t } = useTranslation('casePage');
  const format = useFormat();
  const [mode, setMode] = useState<'view' | 'confirmRemove' | 'rebase'>('view');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [remove, { loading }] = useMutation(RemoveCaseParticipant);
  const name = p.organisation.name;
  const isLead = p.role === 'LEAD';

  const confirmRemove = async () => {
    setProblem(null);
    try {
      await remove({ variables: { input: { caseId, organisationId: p.organisation.id } } });
      onNotice(t('participants.removed', { name }));
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  return (
    <Paper component="li" withBorder p="sm" aria-label={name}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Text fw={600}>{name}</Text>
            <Text size="xs" c="gray.7">
              {t(`organisationKind.${p.organisation.kind}`)}
            </Text>
          </div>
          <Group gap={6}>
            <Badge variant="light" c="dark.7">
              {t(`participantRole.${p.role}`)}
            </Badge>
            {/* The lead's basis is itself: its role says it. */}
            {p.basis !== 'LEAD' && (
              <Badge variant="light" color={BASIS_COLOUR[p.basis]} c="dark.7">
                {t(`basis.${p.basis}`)}
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="sm">{basisText(t, format, p)}</Text>
        {p.overrideReason && p.basis === 'OVERRIDE' && (
          <Text size="sm">
            <Text span fw={500}>
              {t('participants.overrideReason')}:
            </Text>{' '}
            {p.overrideReason}
          </Text>
        )}
        <Text size="sm">
          <Text span fw={500}>
            {t('participants.shared')}:
          </Text>{' '}
          {p.categories.length > 0 ? p.categories.map((category) => t(`category.${category}`)).join(', ') : t('participants.nothingShared')}
        </Text>
        {p.suspended && (
          <Alert color="red" variant="light" p="xs">
            <Text size="sm">{t('participants.suspendedHint')}</Text>
          </Alert>
        )}
        {problem && <ErrorAlert problem={problem} />}
        {manage && !isLead && mode === 'view' && (
          <Group gap="sm">
            {(p.basis === 'SUSPENDED' || p.basis === 'OVERRIDE') && (
              <Button size="xs" variant="default" onClick={() => setMode('rebase')} aria-label={t('participants.rebaseFor', { name })}>
                {p.basis === 'SUSPENDED' ? t('participants.rebase') : t('participants.changeOverride')}
              </Button>
            )}
            <Button size="xs" variant="default" color="red" onClick={() => setMode('confirmRemove')} aria-label={t('participants.removeFor', { name })}>
              {t('participants.remove')}
            </Button>
          </Group>
        )}
        {mode === 'confirmRemove' && (
          <Group gap="sm" role="group" aria-label={t('participants.confirmRemoveLabel', { name })}>
            <Text size="sm">{t('participants.confirmRemove', { name })}</Text>
            <Button size="xs" color="red" loading={loading} onClick={() => void confirmRemove()}>
              {t('participants.removeConfirm')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setMode('view')}>
              {t('actions.cancel')}
            </Button>
          </Group>
        )}
        {mode === 'rebase' && (
          <RebaseParticipantForm
            caseId={caseId}
            organisationId={p.organisation.id}
            organisationName={name}
            initialCategories={p.grantedCategories}
            onCancel={() => setMode('view')}
            onDone={() => {
              setMode('view');
              onNotice(t('participants.rebased', { name }));
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}

function basisText(t: (key: string, options?: Record<string, unknown>) => string, format: ReturnType<typeof useFormat>, p: Participant): string {
  switch (p.basis) {
    case 'LEAD':
      return t('participants.basisLead');
    case 'AGREEMENT':
      return p.validUntil ? t('participants.basisAgreementUntil', { date: format.date(p.validUntil) }) : t('participants.basisAgreementOpen');
    case 'OVERRIDE':
      return t('participants.basisOverride');
    case 'SUSPENDED':
      return p.agreement?.validTo && !p.agreement.inForce
        ? t('participants.basisSuspendedEnded', { date: format.date(p.agreement.validTo) })
        : t('participants.basisSuspended');
  }
}
