import { Button, Checkbox, Group, MultiSelect, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { CaseOrder } from '../gql/graphql';
import { ESCALATIONS, clearFilters, ORDERS, PHASES, TYPES, isFiltered, type CaseListView } from './view';

export const LeadOrganisations = graphql(`
  query CaseListLeadOrganisations {
    organisations(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export interface CaseFiltersProps {
  view: CaseListView;
  /** A changed view (always back to the first page: a cursor belongs to the filters it was read with). */
  onChange: (view: CaseListView) => void;
  /** Validation problems the API reported, by filter field (`search`, `district`). */
  fieldErrors?: Record<string, string[]>;
  /** On a phone the choices fold away behind a button (the search stays), so the cases come first. */
  compact?: boolean;
}

/** The lead organisation choice, from the organisations the viewer may see; absent when the API refuses them. */
function LeadSelect({ value, onChange }: { value: string; onChange: (lead: string) => void }) {
  const { t } = useTranslation('cases');
  const { data, error } = useQuery(LeadOrganisations, { fetchPolicy: 'cache-first' });
  if (error && !data) return null;
  const organisations = data?.organisations.edges.map((edge) => edge.node) ?? [];
  return (
    <NativeSelect
      label={t('filters.lead')}
      value={value}
      disabled={!data}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={[{ value: '', label: t('filters.anyLead') }, ...organisations.map((o) => ({ value: o.id, label: o.name }))]}
    />
  );
}

export function CaseFilters({ view, onChange, fieldErrors = {}, compact = false }: CaseFiltersProps) {
  const { t } = useTranslation('cases');
  const [unfolded, setUnfolded] = useState(false);
  const choices = view.phase.length + view.type.length + view.escalation.length + (view.lead ? 1 : 0) + (view.reviewBefore ? 1 : 0) + (view.awaitingReview ? 1 : 0);
  const showChoices = !compact || unfolded;
  const change = (patch: Partial<CaseListView>) => onChange({ ...view, ...patch, after: [] });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    change({ search: String(form.get('q') ?? '').trim(), district: String(form.get('district') ?? '').trim() });
  };

  return (
    <Stack component="section" aria-label={t('filters.label')} gap="sm">
      {/* The text fields apply on Enter or the button; the choices apply at once. The keys reset the fields when
          the address changes (back/forward, a cleared filter). */}
      <form role="search" onSubmit={onSubmit} aria-label={t('filters.searchForm')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            key={`q:${view.search}`}
            name="q"
            type="search"
            label={t('filters.search')}
            placeholder={t('filters.searchPlaceholder')}
            defaultValue={view.search}
            maxLength={200}
            error={fieldErrors.search?.join(' ')}
            style={{ flex: '1 1 16rem' }}
          />
          <TextInput
            key={`d:${view.district}`}
            name="district"
            label={t('filters.district')}
            defaultValue={view.district}
            maxLength={120}
            error={fieldErrors.district?.join(' ')}
            style={{ flex: '0 1 12rem' }}
          />
          <Button type="submit">{t('filters.apply')}</Button>
        </Group>
      </form>
      {compact && (
        <Group>
          <Button variant="default" size="xs" aria-expanded={unfolded} aria-controls="case-filter-choices" onClick={() => setUnfolded((open) => !open)}>
            {choices ? t('filters.toggleActive', { n: choices }) : t('filters.toggle')}
          </Button>
        </Group>
      )}
      {showChoices && (
        <SimpleGrid id="case-filter-choices" cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          <MultiSelect
            label={t('filters.phase')}
            placeholder={view.phase.length ? undefined : t('filters.any')}
            data={PHASES.map((value) => ({ value, label: t(`phase.${value}`) }))}
            value={view.phase}
            onChange={(values) => change({ phase: PHASES.filter((p) => values.includes(p)) })}
            clearable
          />
          <MultiSelect
            label={t('filters.type')}
            placeholder={view.type.length ? undefined : t('filters.any')}
            data={TYPES.map((value) => ({ value, label: t(`type.${value}`) }))}
            value={view.type}
            onChange={(values) => change({ type: TYPES.filter((p) => values.includes(p)) })}
            clearable
          />
          <MultiSelect
            label={t('filters.escalation')}
            placeholder={view.escalation.length ? undefined : t('filters.any')}
            data={ESCALATIONS.map((value) => ({ value, label: t(`escalation.${value}`) }))}
            value={view.escalation}
            onChange={(values) => change({ escalation: ESCALATIONS.filter((p) => values.includes(p)) })}
            clearable
          />
          <LeadSelect value={view.lead} onChange={(lead) => change({ lead })} />
          <TextInput
            type="date"
            label={t('filters.reviewBefore')}
            value={view.reviewBefore}
            error={fieldErrors.reviewBefore?.join(' ')}
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value)) change({ reviewBefore: value });
            }}
          />
          <NativeSelect
            label={t('filters.sort')}
            value={view.sort}
            onChange={(event) => change({ sort: event.currentTarget.value as CaseOrder })}
            data={ORDERS.map((value) => ({ value, label: t(`order.${value}`) }))}
          />
        </SimpleGrid>
      )}
      {showChoices && (
        <Checkbox
          label={t('filters.awaitingReview')}
          checked={view.awaitingReview}
          onChange={(event) => change({ awaitingReview: event.currentTarget.checked })}
        />
      )}
      {isFiltered(view) && (
        <Group>
          <Button variant="default" size="xs" onClick={() => onChange(clearFilters(view))}>
            {t('filters.clear')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
