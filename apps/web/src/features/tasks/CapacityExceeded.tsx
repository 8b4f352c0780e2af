import { Alert, Button, Group, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../lib';
import { useFormat } from '../../ui/format';
import { capacityFigures, fieldError } from './problems';

/**
 * The workload guard's answer, visible: the person's load, this task's effort, their capacity and the overage. Where
 * the API says the reader may override (`viewerCan.overrideCapacity`), the override with its reason, to retry.
 */
export function CapacityExceeded({
  problem,
  personName,
  canOverride,
  busy,
  overrideProblem,
  onOverride,
  note,
  children,
}: {
  problem: ApiProblem;
  personName?: string;
  canOverride: boolean;
  busy?: boolean;
  /** The refusal of the override itself (its reason, e.g.). */
  overrideProblem?: ApiProblem | null;
  onOverride?: (reason: string) => void;
  /** What to do instead, where no override is offered here. */
  note?: string;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const figures = capacityFigures(problem);
  if (!figures) return null;
  const figure = (label: string, value: number, testId: string) => (
    <div>
      <Text size="xs" c="gray.8" component="dt">
        {label}
      </Text>
      <Text fw={700} component="dd" m={0} data-testid={testId}>
        {t('capacity.points', { count: value, formatted: format.number(value) })}
      </Text>
    </div>
  );
  return (
    <Alert color="orange" role="alert" title={t('capacity.title')} data-error-code="CAPACITY_EXCEEDED">
      <Stack gap="sm">
        <Text size="sm">{personName ? t('capacity.bodyNamed', { name: personName }) : t('capacity.body')}</Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0}>
          {figure(t('capacity.load'), figures.load, 'capacity-load')}
          {figure(t('capacity.effort'), figures.effort, 'capacity-effort')}
          {figure(t('capacity.capacity'), figures.capacity, 'capacity-capacity')}
          {figure(t('capacity.overage'), figures.overage, 'capacity-overage')}
        </SimpleGrid>
        {canOverride && onOverride ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (!reason.trim()) {
                setMissing(true);
                return;
              }
              onOverride(reason.trim());
            }}
          >
            <Stack gap="xs">
              <Textarea
                label={t('capacity.overrideReason')}
                description={t('capacity.overrideHelp')}
                value={reason}
                onChange={(event) => {
                  setReason(event.currentTarget.value);
                  setMissing(false);
                }}
                required
                autosize
                minRows={2}
                error={missing ? t('capacity.reasonRequired') : fieldError(overrideProblem ?? null, 'capacityOverrideReason')}
              />
              <Group gap="sm">
                <Button type="submit" color="yellow.5" loading={busy}>
                  {t('capacity.override')}
                </Button>
                {children}
              </Group>
            </Stack>
          </form>
        ) : (
          <>
            <Text size="sm">{note ?? t('capacity.askCoordinator')}</Text>
            {children && <Group gap="sm">{children}</Group>}
          </>
        )}
      </Stack>
    </Alert>
  );
}
