import { Button, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { graphql } from '../gql';
import type { CaseType, TemplateChoiceInput } from '../gql/graphql';
import { problemOf, type ApiProblem } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { usePageTitle } from '../../../ui/usePageTitle';
import { LikelyDuplicates } from './LikelyDuplicates';
import { TemplateChoice } from './TemplateChoice';

export const OpenCaseMutation = graphql(`
  mutation OpenCaseFromForm($input: OpenCaseInput!) {
    openCase(input: $input) {
      id
    }
  }
`);

const TYPES: CaseType[] = ['PRIORITY_PLAN', 'SOCIAL_TENSION', 'LOCAL_CONFLICT', 'CRISIS', 'PUBLIC_NUISANCE'];

function fieldError(problem: ApiProblem | null, ...names: string[]): string | undefined {
  if (problem?.code !== 'BAD_USER_INPUT') return undefined;
  const found = names.map((name) => problem.fields[name]).find((f) => f && f.length > 0);
  return found ? found.join(' ') : undefined;
}

/**
 * `/cases/new`: a coordinator opens a case led by their organisation. The type's template is offered below the case's
 * fields (TemplateChoice), every item ticked; what stays ticked is created with the case. Likely duplicates are
 * offered as the title, district, address and diagnosis are typed (LikelyDuplicates).
 */
export function OpenCasePage() {
  const { t } = useTranslation('templates');
  const { t: tc } = useTranslation('cases');
  usePageTitle(t('open.title'));
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [type, setType] = useState<CaseType>('PRIORITY_PLAN');
  const [district, setDistrict] = useState('');
  const [address, setAddress] = useState('');
  const [what, setWhat] = useState('');
  const [goal, setGoal] = useState('');
  const [choice, setChoice] = useState<TemplateChoiceInput | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [open, { loading }] = useMutation(OpenCaseMutation);

  async function send() {
    try {
      const result = await open({
        variables: { input: { title: title.trim(), type, area: { district: district.trim(), address: address.trim() }, diagnosis: { what: what.trim() }, goal: goal.trim(), ...(choice ? { template: choice } : {}) } },
      });
      const id = result.data?.openCase.id;
      if (id) void navigate(`/cases/${id}`);
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  return (
    <Stack gap="lg" data-page="open-case">
      <Title order={1}>{t('open.title')}</Title>
      <Text>{t('open.intro')}</Text>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <Stack gap="md">
          <Paper withBorder p="md" component="section" aria-labelledby="open-case-fields">
            <Title order={2} size="h3" id="open-case-fields" mb="sm">
              {t('open.case')}
            </Title>
            <Stack gap="sm">
              <TextInput label={t('open.caseTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={fieldError(problem, 'title')} />
              <NativeSelect label={tc('fields.type')} value={type} onChange={(e) => setType(e.currentTarget.value as CaseType)} data={TYPES.map((value) => ({ value, label: tc(`type.${value}`) }))} />
              <Group grow align="flex-start" wrap="wrap">
                <TextInput label={tc('fields.district')} value={district} onChange={(e) => setDistrict(e.currentTarget.value)} required error={fieldError(problem, 'area.district', 'district')} />
                <TextInput label={t('open.address')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} error={fieldError(problem, 'area.address', 'address')} />
              </Group>
              <Textarea label={t('open.what')} value={what} onChange={(e) => setWhat(e.currentTarget.value)} required autosize minRows={2} error={fieldError(problem, 'diagnosis.what', 'what')} />
              <LikelyDuplicates probe={{ title, district, address, diagnosis: what }} />
              <Textarea label={t('open.goal')} value={goal} onChange={(e) => setGoal(e.currentTarget.value)} autosize minRows={2} error={fieldError(problem, 'goal')} />
            </Stack>
          </Paper>
          <TemplateChoice caseType={type} value={choice} onChange={setChoice} />
          {problem && <ErrorAlert problem={problem} />}
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
