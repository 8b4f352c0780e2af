import { Alert, Button, Checkbox, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { DataCategory, ParticipantRole } from '../gql/graphql';
import { problemOf, type ApiProblem } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { useFormat } from '../../../ui/format';
import { isOnFields, useFieldError } from './problems';

export const DATA_CATEGORIES: readonly DataCategory[] = ['CASE_CONTENT', 'TASKS', 'INDICATORS', 'INCIDENT_DATA', 'STAKEHOLDER_CONTACTS'];
const ROLES: readonly ParticipantRole[] = ['PARTNER', 'CONSULTED'];
const OVERRIDE_REASON_MIN = 10;

export const ParticipantOrganisations = graphql(`
  query ParticipantOrganisations {
    organisations(first: 100, filter: { active: true }) {
      edges {
        node {
          id
          name
          kind
        }
      }
    }
  }
`);

export const LeadAgreements = graphql(`
  query LeadAgreements($organisationId: ID!) {
    partnershipAgreements(first: 100, organisationId: $organisationId) {
      edges {
        node {
          id
          purpose
          status
          inForce
          validFrom
          validTo
          dataCategories
          organisationAId
          organisationBId
        }
      }
    }
  }
`);

export const AddCaseParticipant = graphql(`
  mutation AddCaseParticipant($input: AddCaseParticipantInput!) {
    addCaseParticipant(input: $input) {
      id
      participantCount
      participants {
        ...ParticipantFields
      }
    }
  }
`);

interface Props {
  caseId: string;
  leadOrganisationId: string;
  /** Organisations already on the case (not offered again). */
  participantIds: readonly string[];
  onCancel: () => void;
  onAdded: (organisationName: string) => void;
}

/**
 * Adds an organisation to the case. It joins under the agreement in force between it and the lead organisation
 * (the API picks it; the form shows which), or, when none is in force, on the coordinator's override: a reason
 * (audited) and the data categories the override shares.
 */
export function AddParticipantForm({ caseId, leadOrganisationId, participantIds, onCancel, onAdded }: Props) {
  const { t } = useTranslation('casePage');
  const format = useFormat();
  const organisations = useQuery(ParticipantOrganisations);
  const agreements = useQuery(LeadAgreements, { variables: { organisationId: leadOrganisationId } });
  const [add, { loading }] = useMutation(AddCaseParticipant);
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const [role, setRole] = useState<ParticipantRole>('PARTNER');
  const [overrideReason, setOverrideReason] = useState('');
  const [categories, setCategories] = useState<DataCategory[]>(['CASE_CONTENT']);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const fieldError = useFieldError(problem);

  const choices = (organisations.data?.organisations.edges ?? []).map((e) => e.node).filter((o) => o.id !== leadOrganisationId && !participantIds.includes(o.id));
  const chosen = choices.find((o) => o.id === organisationId) ?? null;
  // Which agreement the organisation would join under, from the agreements the viewer may read (the API decides).
  const agreementsKnown = agreements.data !== undefined;
  const agreement = organisationId
    ? (agreements.data?.partnershipAgreements.edges ?? [])
        .map((e) => e.node)
        .find((a) => a.inForce && ((a.organisationAId === organisationId && a.organisationBId === leadOrganisationId) || (a.organisationBId === organisationId && a.organisationAId === leadOrganisationId))) ?? null
    : null;
  const override = chosen !== null && agreement === null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lacking: Record<string, string> = {};
    if (!organisationId) lacking.organisationId = t('validation.organisationRequired');
    // Known to have no agreement in force: the override's reason and categories are needed (the API holds it too).
    if (override && agreementsKnown) {
      if (overrideReason.trim().length < OVERRIDE_REASON_MIN) lacking.overrideReason = t('validation.overrideReasonRequired', { min: OVERRIDE_REASON_MIN });
      if (categories.length === 0) lacking.grantedCategories = t('validation.categoriesRequired');
    }
    setMissing(lacking);
    if (Object.values(lacking).some(Boolean) || !organisationId) return;
    setProblem(null);
    const withOverride = override && overrideReason.trim().length > 0;
    try {
      await add({
        variables: {
          input: { caseId, organisationId, role, ...(withOverride ? { overrideReason: overrideReason.trim(), grantedCategories: categories } : {}) },
        },
      });
      onAdded(chosen?.name ?? '');
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  const fields = ['organisationId', 'role', 'overrideReason', 'grantedCategories'];
  return (
    <Paper withBorder p="md" component="form" onSubmit={(event) => void submit(event)} aria-label={t('participants.addTitle')} noValidate>
      <Stack gap="sm">
        <Title order={3}>{t('participants.addTitle')}</Title>
        {organisations.error && <ErrorAlert problem={problemOf(organisations.error)!} onRetry={() => void organisations.refetch()} />}
        {problem && !isOnFields(problem, fields) && <ErrorAlert problem={problem} />}
        <Select
          label={t('participants.organisation')}
          placeholder={organisations.data ? undefined : t('participants.loadingOrganisations')}
          disabled={!organisations.data}
          required
          searchable
          nothingFoundMessage={t('participants.noOrganisations')}
          data={choices.map((o) => ({ value: o.id, label: `${o.name} (${t(`organisationKind.${o.kind}`)})` }))}
          value={organisationId}
          onChange={(value) => {
            setOrganisationId(value);
            setMissing({});
            setProblem(null);
          }}
          error={missing.organisationId || fieldError('organisationId')}
        />
        <Select
          label={t('participants.role')}
          data={ROLES.map((r) => ({ value: r, label: t(`participantRole.${r}`) }))}
          value={role}
          onChange={(value) => value && setRole(value as ParticipantRole)}
          allowDeselect={false}
          error={fieldError('role')}
        />
        {agreement && (
          <Alert color="green" variant="light" title={t('participants.underAgreement')}>
            <Text size="sm">{agreement.purpose}</Text>
            <Text size="sm">
              {agreement.validTo
                ? t('participants.agreementValid', { from: format.date(agreement.validFrom), to: format.date(agreement.validTo) })
                : t('participants.agreementOpenEnded', { from: format.date(agreement.validFrom) })}
            </Text>
            <Text size="sm">
              {t('participants.agreementShares', { categories: agreement.dataCategories.map((c) => t(`category.${c}`)).join(', ') })}
            </Text>
          </Alert>
        )}
        {override && (
          <>
            <Text size="sm" role="note">
              {agreementsKnown ? t('participants.noAgreement') : t('participants.agreementsUnknown')}
            </Text>
            <Textarea
              label={t('participants.overrideReasonLabel')}
              description={t('participants.overrideReasonHint', { min: OVERRIDE_REASON_MIN })}
              required={agreementsKnown}
              autosize
              minRows={2}
              value={overrideReason}
              onChange={(event) => {
                setOverrideReason(event.currentTarget.value);
                setMissing((m) => ({ ...m, overrideReason: '' }));
              }}
              error={missing.overrideReason || fieldError('overrideReason')}
            />
            <Checkbox.Group
              label={t('participants.grantedCategories')}
              description={t('participants.grantedCategoriesHint')}
              required={agreementsKnown}
              value={categories}
              onChange={(value) => {
                setCategories(value as DataCategory[]);
                setMissing((m) => ({ ...m, grantedCategories: '' }));
              }}
              error={missing.grantedCategories || fieldError('grantedCategories')}
            >
              <Stack gap={6} mt={6}>
                {DATA_CATEGORIES.map((c) => (
                  <Checkbox key={c} value={c} label={t(`category.${c}`)} />
                ))}
              </Stack>
            </Checkbox.Group>
          </>
        )}
        <Group gap="sm">
          <Button type="submit" loading={loading}>
            {t('participants.addSubmit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('actions.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
