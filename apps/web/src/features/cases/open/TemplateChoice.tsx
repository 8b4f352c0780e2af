import { Badge, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { CaseType, TemplateChoiceInput } from '../gql/graphql';
import { problemOf } from '../../../lib';
import { ErrorAlert } from '../../../ui/ErrorAlert';

export const CaseTemplateForOpeningQuery = graphql(`
  query CaseTemplateForOpening($caseType: CaseType!) {
    caseTemplates(caseType: $caseType) {
      id
      caseType
      version
      summary
      actions {
        key
        kind
        title
        startDay
        endDay
      }
      tasks {
        key
        title
        dueInDays
        effortPoints
        organisationKind
      }
      indicators {
        code
        name
        targetInDays
      }
    }
  }
`);

/**
 * The open-case form's template part: the type's template, every item ticked; the coordinator unticks what the case
 * does not need. Reports the choice (null while there is no template) to the form, which sends it with openCase.
 */
export function TemplateChoice({ caseType, value, onChange }: { caseType: CaseType; value: TemplateChoiceInput | null; onChange: (choice: TemplateChoiceInput | null) => void }) {
  const { t } = useTranslation('templates');
  const { data, error, refetch } = useQuery(CaseTemplateForOpeningQuery, { variables: { caseType } });
  const template = data?.caseTemplates[0] ?? null;

  // A new type (or its template arriving): everything ticked.
  useEffect(() => {
    if (!template) {
      onChange(null);
      return;
    }
    if (value?.templateId === template.id) return;
    onChange({ templateId: template.id, actionKeys: template.actions.map((a) => a.key), taskKeys: template.tasks.map((k) => k.key), indicatorCodes: template.indicators.map((i) => i.code) });
    // only when the template shown changes (or the form forgot the choice)
  }, [template?.id, value === null]);

  const problem = problemOf(error);
  if (problem) return <ErrorAlert problem={problem} onRetry={() => void refetch()} />;
  if (!template || !value) return null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="template-choice" data-template-version={template.version}>
      <Group justify="space-between" align="baseline" mb={4}>
        <Title order={2} size="h3" id="template-choice">
          {t('choice.title')}
        </Title>
        <Badge variant="light">{t('version', { version: template.version })}</Badge>
      </Group>
      <Text size="sm" mb="sm">
        {template.summary}
      </Text>
      <Text size="sm" c="dimmed" mb="sm">
        {t('choice.hint')}
      </Text>
      <Stack gap="md">
        {template.actions.length > 0 && (
          <Checkbox.Group label={t('choice.actions')} value={value.actionKeys} onChange={(keys) => onChange({ ...value, actionKeys: keys })}>
            <Stack gap={6} mt={6}>
              {template.actions.map((a) => (
                <Checkbox key={a.key} value={a.key} label={a.title} description={t('choice.window', { start: a.startDay, end: a.endDay })} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        {template.tasks.length > 0 && (
          <Checkbox.Group label={t('choice.tasks')} value={value.taskKeys} onChange={(keys) => onChange({ ...value, taskKeys: keys })}>
            <Stack gap={6} mt={6}>
              {template.tasks.map((k) => (
                <Checkbox
                  key={k.key}
                  value={k.key}
                  label={k.title}
                  description={t('choice.task', {
                    days: k.dueInDays,
                    effort: k.effortPoints,
                    who: k.organisationKind ? t(`kind.${k.organisationKind}`) : t('kind.lead'),
                  })}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        {template.indicators.length > 0 && (
          <Checkbox.Group label={t('choice.indicators')} value={value.indicatorCodes} onChange={(codes) => onChange({ ...value, indicatorCodes: codes })}>
            <Stack gap={6} mt={6}>
              {template.indicators.map((i) => (
                <Checkbox key={i.code} value={i.code} label={i.name} description={t('choice.indicator', { days: i.targetInDays })} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
      </Stack>
    </Paper>
  );
}
