import { Badge, Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from './gql';
import type { AdminAgreementsQuery, AgreementStatus, DataCategory } from './gql/graphql';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { OrganisationsQuery } from './documents';
import { daysBetween, fieldError, isFieldProblem, warsawToday } from './problems';
import { Refused } from './Refused';

export const AgreementsQuery = graphql(`
  query AdminAgreements {
    partnershipAgreements(first: 100) {
      totalCount
      edges {
        node {
          ...AdminAgreementFields
        }
      }
    }
  }
  fragment AdminAgreementFields on PartnershipAgreement {
    id
    purpose
    dataCategories
    status
    inForce
    validFrom
    validTo
    version
    organisationA {
      id
      name
    }
    organisationB {
      id
      name
    }
  }
`);

export const CreateAgreementMutation = graphql(`
  mutation AdminCreateAgreement($input: CreateAgreementInput!) {
    createPartnershipAgreement(input: $input) {
      ...AdminAgreementFields
    }
  }
`);

export const ChangeAgreementStatusMutation = graphql(`
  mutation AdminChangeAgreementStatus($input: ChangeAgreementStatusInput!) {
    changePartnershipAgreementStatus(input: $input) {
      ...AdminAgreementFields
    }
  }
`);

const CATEGORIES: DataCategory[] = ['CASE_CONTENT', 'TASKS', 'INDICATORS', 'INCIDENT_DATA', 'STAKEHOLDER_CONTACTS'];
const STATUSES: AgreementStatus[] = ['DRAFT', 'ACTIVE', 'SUSPENDED', 'TERMINATED'];
export const EXPIRY_WARNING_DAYS = 30;
type Agreement = AdminAgreementsQuery['partnershipAgreements']['edges'][number]['node'];

/** Days left for an agreement in force that ends within 30 days (0 = its last day is today); otherwise null. */
export function expiresInDays(agreement: Pick<Agreement, 'inForce' | 'validTo'>, today: string): number | null {
  if (!agreement.inForce || !agreement.validTo) return null;
  const days = daysBetween(today, agreement.validTo);
  return days >= 0 && days <= EXPIRY_WARNING_DAYS ? days : null;
}

function AgreementCard({ agreement, today, onReload }: { agreement: Agreement; today: string; onReload: () => void }) {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const [status, setStatus] = useState<AgreementStatus>(agreement.status);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [change, { loading }] = useMutation(ChangeAgreementStatusMutation);
  const days = expiresInDays(agreement, today);

  async function send() {
    try {
      await change({ variables: { input: { id: agreement.id, version: agreement.version, status } } });
      setProblem(null);
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  return (
    <Paper withBorder p="sm" component="li" data-testid="agreement" data-expiring={days !== null} style={days !== null ? { borderLeft: '6px solid var(--mantine-color-red-9)' } : undefined}>
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Text fw={600}>{t('agreements.parties', { a: agreement.organisationA.name, b: agreement.organisationB.name })}</Text>
          <Badge variant="light" color={agreement.inForce ? 'green' : 'gray'}>{t(`agreementStatus.${agreement.status}`)}</Badge>
          {days !== null && (
            <Badge color="red.9" variant="outline" data-testid="expiring">
              {days === 0 ? t('agreements.expiresToday') : t('agreements.expiresIn', { count: days, date: format.date(agreement.validTo) })}
            </Badge>
          )}
        </Group>
        <Text size="sm">{agreement.purpose}</Text>
        <Text size="sm">{t('agreements.categoriesList', { categories: agreement.dataCategories.map((c) => t(`category.${c}`)).join(', ') })}</Text>
        <Text size="sm">
          {agreement.validTo ? t('agreements.validity', { from: format.date(agreement.validFrom), to: format.date(agreement.validTo) }) : t('agreements.validityOpen', { from: format.date(agreement.validFrom) })}
        </Text>
        <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
          <Group align="flex-end" gap="xs">
            <NativeSelect size="xs" label={t('agreements.status')} value={status} onChange={(e) => setStatus(e.currentTarget.value as AgreementStatus)} data={STATUSES.map((s) => ({ value: s, label: t(`agreementStatus.${s}`) }))} />
            <Button size="xs" type="submit" variant="default" loading={loading} disabled={status === agreement.status}>
              {t('agreements.changeStatus')}
            </Button>
          </Group>
        </form>
        {problem && (
          <ErrorAlert problem={problem}>
            {problem.code === 'CONFLICT' && (
              <Button size="xs" variant="white" color="red" onClick={onReload}>
                {t('actions.reload', { ns: 'common' })}
              </Button>
            )}
          </ErrorAlert>
        )}
      </Stack>
    </Paper>
  );
}

const FIELDS = ['organisationAId', 'organisationBId', 'purpose', 'dataCategories', 'validFrom', 'validTo'] as const;

function CreateAgreementForm({ organisations, today, onCreated }: { organisations: readonly { id: string; name: string }[]; today: string; onCreated: () => void }) {
  const { t } = useTranslation('admin');
  const [a, setA] = useState(organisations[0]?.id ?? '');
  const [b, setB] = useState(organisations[1]?.id ?? '');
  const [purpose, setPurpose] = useState('');
  const [categories, setCategories] = useState<string[]>(['CASE_CONTENT', 'TASKS']);
  const [validFrom, setValidFrom] = useState(today);
  const [validTo, setValidTo] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState(false);
  const [create, { loading }] = useMutation(CreateAgreementMutation);
  const options = organisations.map((o) => ({ value: o.id, label: o.name }));

  async function send() {
    try {
      await create({ variables: { input: { organisationAId: a, organisationBId: b, purpose: purpose.trim(), dataCategories: categories as DataCategory[], validFrom, ...(validTo ? { validTo } : {}) } } });
      setProblem(null);
      setDone(true);
      setPurpose('');
      onCreated();
    } catch (error) {
      setDone(false);
      setProblem(problemOf(error));
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="create-agreement">
      <Title order={3} id="create-agreement" mb="sm">
        {t('agreements.create')}
      </Title>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <Stack gap="sm">
          <Group grow gap="sm" wrap="wrap" align="flex-start">
            <NativeSelect label={t('agreements.partyA')} value={a} onChange={(e) => setA(e.currentTarget.value)} data={options} required error={fieldError(problem, 'organisationAId')} />
            <NativeSelect label={t('agreements.partyB')} value={b} onChange={(e) => setB(e.currentTarget.value)} data={options} required error={fieldError(problem, 'organisationBId')} />
          </Group>
          <Textarea label={t('agreements.purpose')} value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} required autosize minRows={2} error={fieldError(problem, 'purpose')} />
          <Checkbox.Group label={t('agreements.categories')} value={categories} onChange={setCategories} error={fieldError(problem, 'dataCategories')}>
            <Group gap="sm" mt={4} wrap="wrap">
              {CATEGORIES.map((c) => (
                <Checkbox key={c} value={c} label={t(`category.${c}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group gap="sm" wrap="wrap" align="flex-start">
            <TextInput type="date" label={t('agreements.validFrom')} value={validFrom} onChange={(e) => setValidFrom(e.currentTarget.value)} required error={fieldError(problem, 'validFrom')} />
            <TextInput type="date" label={t('agreements.validTo')} description={t('agreements.validToHelp')} value={validTo} onChange={(e) => setValidTo(e.currentTarget.value)} error={fieldError(problem, 'validTo')} />
          </Group>
          <Group>
            <Button type="submit" loading={loading}>
              {t('agreements.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      {problem && !isFieldProblem(problem, FIELDS) && <ErrorAlert problem={problem} />}
      {done && (
        <Text role="status" mt="sm" c="teal.9" fw={600}>
          {t('agreements.created')}
        </Text>
      )}
    </Paper>
  );
}

/** `/admin/agreements`: who shares what with whom, until when; those ending within 30 days are marked in words. */
export function AgreementsSection() {
  const { t } = useTranslation('admin');
  const today = warsawToday();
  const { data, error, refetch } = useQuery(AgreementsQuery);
  const organisations = useQuery(OrganisationsQuery);
  const orgs = (organisations.data?.organisations.edges.map((e) => e.node) ?? []).filter((o) => o.active);
  const agreements = data?.partnershipAgreements.edges.map((e) => e.node) ?? [];
  const expiring = agreements.filter((a) => expiresInDays(a, today) !== null).length;
  return (
    <Stack gap="md" component="section" aria-labelledby="agreements-title">
      <Title order={2} id="agreements-title">
        {t('agreements.title')}
      </Title>
      {!data ? (
        <Refused problem={problemOf(error)} onRetry={() => void refetch()} />
      ) : (
        <>
          <Text size="sm" fw={expiring > 0 ? 700 : undefined} data-testid="expiring-count">
            {t('agreements.count', { count: agreements.length })} {expiring > 0 && t('agreements.expiringCount', { count: expiring })}
          </Text>
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {agreements.map((agreement) => (
              <AgreementCard key={agreement.id} agreement={agreement} today={today} onReload={() => void refetch()} />
            ))}
          </Stack>
        </>
      )}
      {orgs.length > 1 && <CreateAgreementForm organisations={orgs} today={today} onCreated={() => void refetch()} />}
    </Stack>
  );
}
