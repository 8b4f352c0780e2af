import { ActionIcon, Alert, Badge, Button, Group, NativeSelect, NumberInput, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from './gql';
import type { ActionKind, AdminCaseTemplatesQuery, CaseType, OrganisationKind, SaveCaseTemplateInput } from './gql/graphql';
import { problemOf, type ApiProblem } from '../../lib';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Refused } from './Refused';

export const CaseTemplatesDocument = graphql(`
  query AdminCaseTemplates {
    caseTemplates {
      ...AdminCaseTemplateFields
    }
    indicatorCatalogue {
      code
      name
    }
  }
  fragment AdminCaseTemplateFields on CaseTemplate {
    id
    caseType
    version
    summaryPl
    summaryEn
    actions {
      key
      kind
      titlePl
      titleEn
      descriptionPl
      descriptionEn
      startDay
      endDay
    }
    tasks {
      key
      titlePl
      titleEn
      descriptionPl
      descriptionEn
      dueInDays
      effortPoints
      organisationKind
      actionKey
    }
    indicators {
      code
      baselineValue
      targetValue
      targetInDays
    }
  }
`);

export const SaveCaseTemplateMutation = graphql(`
  mutation AdminSaveCaseTemplate($input: SaveCaseTemplateInput!) {
    saveCaseTemplate(input: $input) {
      ...AdminCaseTemplateFields
    }
  }
`);

type Template = AdminCaseTemplatesQuery['caseTemplates'][number];
type Draft = SaveCaseTemplateInput;

const TYPES: CaseType[] = ['PRIORITY_PLAN', 'SOCIAL_TENSION', 'LOCAL_CONFLICT', 'CRISIS', 'PUBLIC_NUISANCE'];
const ACTION_KINDS: ActionKind[] = ['MEDIATION', 'COMMUNITY_MEETING', 'PATROL', 'PREVENTION', 'ENVIRONMENTAL_DESIGN', 'REFERRAL', 'COMMUNICATION', 'OTHER'];
const ORGANISATION_KINDS: OrganisationKind[] = ['POLICE_UNIT', 'MUNICIPALITY', 'MUNICIPAL_GUARD', 'SOCIAL_SERVICES', 'SCHOOL', 'HOUSING', 'NGO', 'OTHER'];

/** The whole template as the input that saves it (its next version). */
export function draftOf(template: Template): Draft {
  return {
    caseType: template.caseType,
    baseVersion: template.version,
    summaryPl: template.summaryPl,
    summaryEn: template.summaryEn,
    actions: template.actions.map(({ key, kind, titlePl, titleEn, descriptionPl, descriptionEn, startDay, endDay }) => ({ key, kind, titlePl, titleEn, descriptionPl, descriptionEn, startDay, endDay })),
    tasks: template.tasks.map(({ key, titlePl, titleEn, descriptionPl, descriptionEn, dueInDays, effortPoints, organisationKind, actionKey }) => ({ key, titlePl, titleEn, descriptionPl, descriptionEn, dueInDays, effortPoints, organisationKind: organisationKind ?? null, actionKey: actionKey ?? null })),
    indicators: template.indicators.map(({ code, baselineValue, targetValue, targetInDays }) => ({ code, baselineValue, targetValue, targetInDays })),
  };
}

/** A key not used yet in the list: `<prefix>-<n>`. */
function freshKey(prefix: string, used: readonly { key: string }[]): string {
  let n = used.length + 1;
  while (used.some((item) => item.key === `${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
}

const num = (value: string | number, fallback: number) => (typeof value === 'number' ? value : Number.isFinite(Number(value)) && value !== '' ? Number(value) : fallback);

/**
 * `/administration/templates`: the template of each case type. Administrators edit the whole template and save it as
 * its next version (a version edited meanwhile by someone else is refused as a conflict); coordinators may read it
 * on the open-case form, not here.
 */
export function TemplatesSection() {
  const { t, i18n } = useTranslation('templates');
  const { t: tc } = useTranslation('cases');
  const english = i18n.language === 'en';
  const { data, error, refetch } = useQuery(CaseTemplatesDocument);
  const [type, setType] = useState<CaseType>('PRIORITY_PLAN');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [save, { loading }] = useMutation(SaveCaseTemplateMutation);
  const template = data?.caseTemplates.find((candidate) => candidate.caseType === type) ?? null;

  useEffect(() => {
    setDraft(template ? draftOf(template) : null);
    // a new template (type or version) starts a new draft
  }, [template?.id]);

  if (!data) return <Refused problem={problemOf(error)} onRetry={() => void refetch()} forbidden="templates.forbidden" />;
  const catalogue = data.indicatorCatalogue;

  async function send() {
    if (!draft) return;
    try {
      const result = await save({ variables: { input: draft } });
      setProblem(null);
      setSaved(result.data?.saveCaseTemplate.version ?? null);
      await refetch();
    } catch (failure) {
      setSaved(null);
      setProblem(problemOf(failure));
    }
  }

  const change = (next: Partial<Draft>) => setDraft((current) => (current ? { ...current, ...next } : current));
  const actionOptions = [{ value: '', label: t('admin.noAction') }, ...(draft?.actions ?? []).map((a) => ({ value: a.key, label: (english ? a.titleEn : a.titlePl) || a.key }))];

  return (
    <Stack gap="md" data-section="templates">
      <Text>{t('admin.intro')}</Text>
      <Group align="flex-end">
        <NativeSelect label={t('admin.type')} value={type} onChange={(e) => { setType(e.currentTarget.value as CaseType); setSaved(null); setProblem(null); }} data={TYPES.map((value) => ({ value, label: tc(`type.${value}`) }))} />
        {template && <Badge variant="light">{t('version', { version: template.version })}</Badge>}
      </Group>
      {draft && (
        <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
          <Stack gap="md">
            <Group grow align="flex-start" wrap="wrap">
              <Textarea label={t('admin.summaryPl')} value={draft.summaryPl ?? ''} autosize minRows={2} onChange={(e) => change({ summaryPl: e.currentTarget.value })} />
              <Textarea label={t('admin.summaryEn')} value={draft.summaryEn ?? ''} autosize minRows={2} onChange={(e) => change({ summaryEn: e.currentTarget.value })} />
            </Group>

            <Paper withBorder p="md" component="section" aria-labelledby="template-actions">
              <Title order={3} id="template-actions" mb="sm">{t('admin.actions')}</Title>
              <Stack gap="sm">
                {draft.actions.length === 0 && <Text size="sm">{t('admin.empty')}</Text>}
                {draft.actions.map((a, i) => {
                  const set = (next: Partial<typeof a>) => change({ actions: draft.actions.map((x, j) => (j === i ? { ...x, ...next } : x)) });
                  return (
                    <Paper key={i} withBorder p="xs" bg="gray.0"><Group align="flex-end" gap="xs" wrap="wrap" data-template-action={a.key}>
                      <TextInput label={t('admin.key')} value={a.key} onChange={(e) => set({ key: e.currentTarget.value })} w={130} />
                      <NativeSelect label={t('admin.kind')} value={a.kind} onChange={(e) => set({ kind: e.currentTarget.value as ActionKind })} data={ACTION_KINDS.map((value) => ({ value, label: t(`actionKind.${value}`) }))} />
                      <TextInput label={t('admin.titlePl')} value={a.titlePl} onChange={(e) => set({ titlePl: e.currentTarget.value })} style={{ flex: 1, minWidth: 180 }} />
                      <TextInput label={t('admin.titleEn')} value={a.titleEn} onChange={(e) => set({ titleEn: e.currentTarget.value })} style={{ flex: 1, minWidth: 180 }} />
                      <NumberInput label={t('admin.startDay')} value={a.startDay} min={0} onChange={(v) => set({ startDay: num(v, 0) })} w={90} />
                      <NumberInput label={t('admin.endDay')} value={a.endDay} min={0} onChange={(v) => set({ endDay: num(v, 0) })} w={90} />
                      <ActionIcon variant="default" size="lg" aria-label={t('admin.remove', { what: (english ? a.titleEn : a.titlePl) || a.key })} onClick={() => change({ actions: draft.actions.filter((_, j) => j !== i), tasks: draft.tasks.map((k) => (k.actionKey === a.key ? { ...k, actionKey: null } : k)) })}>
                        ×
                      </ActionIcon>
                    </Group></Paper>
                  );
                })}
                <Group>
                  <Button variant="default" size="xs" onClick={() => change({ actions: [...draft.actions, { key: freshKey('action', draft.actions), kind: 'OTHER', titlePl: '', titleEn: '', descriptionPl: '', descriptionEn: '', startDay: 0, endDay: 30 }] })}>
                    {t('admin.addAction')}
                  </Button>
                </Group>
              </Stack>
            </Paper>

            <Paper withBorder p="md" component="section" aria-labelledby="template-tasks">
              <Title order={3} id="template-tasks" mb="sm">{t('admin.tasks')}</Title>
              <Stack gap="sm">
                {draft.tasks.length === 0 && <Text size="sm">{t('admin.empty')}</Text>}
                {draft.tasks.map((k, i) => {
                  const set = (next: Partial<typeof k>) => change({ tasks: draft.tasks.map((x, j) => (j === i ? { ...x, ...next } : x)) });
                  return (
                    <Paper key={i} withBorder p="xs" bg="gray.0"><Group align="flex-end" gap="xs" wrap="wrap" data-template-task={k.key}>
                      <TextInput label={t('admin.key')} value={k.key} onChange={(e) => set({ key: e.currentTarget.value })} w={130} />
                      <TextInput label={t('admin.titlePl')} value={k.titlePl} onChange={(e) => set({ titlePl: e.currentTarget.value })} style={{ flex: 1, minWidth: 180 }} />
                      <TextInput label={t('admin.titleEn')} value={k.titleEn} onChange={(e) => set({ titleEn: e.currentTarget.value })} style={{ flex: 1, minWidth: 180 }} />
                      <NumberInput label={t('admin.dueInDays')} value={k.dueInDays} min={0} onChange={(v) => set({ dueInDays: num(v, 0) })} w={100} />
                      <NumberInput label={t('admin.effortPoints')} value={k.effortPoints} min={1} max={20} onChange={(v) => set({ effortPoints: num(v, 1) })} w={110} />
                      <NativeSelect label={t('admin.organisationKind')} value={k.organisationKind ?? ''} onChange={(e) => set({ organisationKind: (e.currentTarget.value || null) as OrganisationKind | null })} data={[{ value: '', label: t('kind.lead') }, ...ORGANISATION_KINDS.map((value) => ({ value, label: t(`kind.${value}`) }))]} />
                      <NativeSelect label={t('admin.actionKey')} value={k.actionKey ?? ''} onChange={(e) => set({ actionKey: e.currentTarget.value || null })} data={actionOptions} />
                      <ActionIcon variant="default" size="lg" aria-label={t('admin.remove', { what: (english ? k.titleEn : k.titlePl) || k.key })} onClick={() => change({ tasks: draft.tasks.filter((_, j) => j !== i) })}>
                        ×
                      </ActionIcon>
                    </Group></Paper>
                  );
                })}
                <Group>
                  <Button variant="default" size="xs" onClick={() => change({ tasks: [...draft.tasks, { key: freshKey('task', draft.tasks), titlePl: '', titleEn: '', descriptionPl: '', descriptionEn: '', dueInDays: 14, effortPoints: 1, organisationKind: null, actionKey: null }] })}>
                    {t('admin.addTask')}
                  </Button>
                </Group>
              </Stack>
            </Paper>

            <Paper withBorder p="md" component="section" aria-labelledby="template-indicators">
              <Title order={3} id="template-indicators" mb="sm">{t('admin.indicators')}</Title>
              <Stack gap="sm">
                {draft.indicators.length === 0 && <Text size="sm">{t('admin.empty')}</Text>}
                {draft.indicators.map((ind, i) => {
                  const set = (next: Partial<typeof ind>) => change({ indicators: draft.indicators.map((x, j) => (j === i ? { ...x, ...next } : x)) });
                  return (
                    <Paper key={i} withBorder p="xs" bg="gray.0"><Group align="flex-end" gap="xs" wrap="wrap" data-template-indicator={ind.code}>
                      <NativeSelect label={t('admin.code')} value={ind.code} onChange={(e) => set({ code: e.currentTarget.value })} data={catalogue.map((entry) => ({ value: entry.code, label: entry.name }))} style={{ flex: 1, minWidth: 220 }} />
                      <NumberInput label={t('admin.baselineValue')} value={ind.baselineValue} onChange={(v) => set({ baselineValue: num(v, 0) })} w={110} />
                      <NumberInput label={t('admin.targetValue')} value={ind.targetValue} onChange={(v) => set({ targetValue: num(v, 0) })} w={110} />
                      <NumberInput label={t('admin.targetInDays')} value={ind.targetInDays} min={1} onChange={(v) => set({ targetInDays: num(v, 1) })} w={110} />
                      <ActionIcon variant="default" size="lg" aria-label={t('admin.remove', { what: ind.code })} onClick={() => change({ indicators: draft.indicators.filter((_, j) => j !== i) })}>
                        ×
                      </ActionIcon>
                    </Group></Paper>
                  );
                })}
                <Group>
                  <Button variant="default" size="xs" disabled={catalogue.length === 0} onClick={() => change({ indicators: [...draft.indicators, { code: catalogue.find((entry) => !draft.indicators.some((x) => x.code === entry.code))?.code ?? catalogue[0]!.code, baselineValue: 0, targetValue: 0, targetInDays: 180 }] })}>
                    {t('admin.addIndicator')}
                  </Button>
                </Group>
              </Stack>
            </Paper>

            {problem && <ErrorAlert problem={problem} />}
            {saved !== null && (
              <Alert color="green" role="status">
                {t('admin.saved', { version: saved })}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={loading}>
                {t('admin.save', { version: draft.baseVersion + 1 })}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
