import { Button, Group, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { graphql } from '../gql';
import type { CaseType } from '../gql/graphql';
import { problemOf, type ApiProblem } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { usePageTitle } from '../../../ui/usePageTitle';
import { useFieldError } from '../page/problems';
import { LikelyDuplicates } from './LikelyDuplicates';

const CASE_TYPES: readonly CaseType[] = ['SOCIAL_TENSION', 'LOCAL_CONFLICT', 'CRISIS', 'PUBLIC_NUISANCE', 'PRIORITY_PLAN'];

const OpenCase = graphql(`
  mutation OpenCase($input: OpenCaseInput!) {
    openCase(input: $input) {
      id
    }
  }
`);

/**
 * Opening a case (coordinators of a public body; the API refuses anyone else): title, type, area and what the problem
 * is, with likely duplicates offered beside as they are typed (`LikelyDuplicates`).
 */
export function OpenCasePage() {
  const { t } = useTranslation('caseLinks');
  usePageTitle(t('open.title'));
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [type, setType] = useState<CaseType>('PUBLIC_NUISANCE');
  const [district, setDistrict] = useState('');
  const [address, setAddress] = useState('');
  const [diagnosis, setDiagnosis] = useState('');
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const fieldError = useFieldError(problem);
  const [open, { loading }] = useMutation(OpenCase);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lacking = { title: title.trim().length < 3, district: district.trim().length === 0, diagnosis: diagnosis.trim().length === 0 };
    setMissing(lacking);
    if (Object.values(lacking).some(Boolean)) return;
    setProblem(null);
    try {
      const result = await open({ variables: { input: { title: title.trim(), type, area: { district: district.trim(), address: address.trim() }, diagnosis: { what: diagnosis.trim() } } } });
      if (result.data) void navigate(`/cases/${result.data.openCase.id}`);
    } catch (failure) {
      setProblem(problemOf(failure));
    }
  };
  const error = (field: string, apiField = field) => (missing[field] ? t('open.required') : fieldError(apiField));

  return (
    <Stack gap="lg" maw={760}>
      <Title order={1}>{t('open.title')}</Title>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          <TextInput label={t('open.field.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={200} required error={error('title')} />
          <Select
            label={t('open.field.type')}
            data={CASE_TYPES.map((value) => ({ value, label: t(`caseType.${value}`) }))}
            value={type}
            onChange={(value) => value && setType(value as CaseType)}
            allowDeselect={false}
          />
          <Group grow align="flex-start">
            <TextInput label={t('open.field.district')} value={district} onChange={(e) => setDistrict(e.currentTarget.value)} maxLength={120} required error={error('district', 'area.district')} />
            <TextInput label={t('open.field.address')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} maxLength={300} error={fieldError('area.address')} />
          </Group>
          <Textarea label={t('open.field.diagnosis')} value={diagnosis} onChange={(e) => setDiagnosis(e.currentTarget.value)} autosize minRows={3} required error={error('diagnosis', 'diagnosis.what')} />
          <LikelyDuplicates probe={{ title, district, address, diagnosis }} />
          {problem && Object.keys(problem.fields).length === 0 && <ErrorAlert problem={problem} />}
          <Group>
            <Button type="submit" loading={loading}>
              {t('open.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
