import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { vi } from 'vitest';
import { CaseTemplatesDocument, SaveCaseTemplateMutation, TemplatesSection } from './TemplatesSection';
import { renderWithApi } from './test-utils';

function template(version: number, titlePl = 'Diagnoza zagrożenia') {
  return {
    __typename: 'CaseTemplate' as const,
    id: `0d0d0d0d-0000-4000-8000-00000000000${version}`,
    caseType: 'PRIORITY_PLAN',
    version,
    summaryPl: 'Plan',
    summaryEn: 'Plan',
    actions: [{ __typename: 'CaseTemplateAction' as const, key: 'diagnosis', kind: 'OTHER', titlePl, titleEn: 'Diagnosis of the threat', descriptionPl: 'opis', descriptionEn: 'text', startDay: 0, endDay: 14 }],
    tasks: [
      { __typename: 'CaseTemplateTask' as const, key: 'evaluation', titlePl: 'Ocena planu', titleEn: 'Evaluate the plan', descriptionPl: '', descriptionEn: '', dueInDays: 182, effortPoints: 3, organisationKind: null, actionKey: 'diagnosis' },
    ],
    indicators: [{ __typename: 'CaseTemplateIndicator' as const, code: 'SAFE_AFTER_DARK', baselineValue: 50, targetValue: 65, targetInDays: 182 }],
  };
}

const catalogue = [
  { __typename: 'CatalogueIndicator' as const, code: 'SAFE_AFTER_DARK', name: 'Residents feeling safe after dark' },
  { __typename: 'CatalogueIndicator' as const, code: 'POLICE_CONFIDENCE', name: 'Confidence in the local police' },
];

const input = {
  caseType: 'PRIORITY_PLAN',
  baseVersion: 1,
  summaryPl: 'Plan',
  summaryEn: 'Plan',
  actions: [{ key: 'diagnosis', kind: 'OTHER', titlePl: 'Diagnoza zagrożenia w rejonie', titleEn: 'Diagnosis of the threat', descriptionPl: 'opis', descriptionEn: 'text', startDay: 0, endDay: 14 }],
  tasks: [{ key: 'evaluation', titlePl: 'Ocena planu', titleEn: 'Evaluate the plan', descriptionPl: '', descriptionEn: '', dueInDays: 182, effortPoints: 3, organisationKind: null, actionKey: 'diagnosis' }],
  indicators: [{ code: 'SAFE_AFTER_DARK', baselineValue: 50, targetValue: 65, targetInDays: 182 }],
};

vi.setConfig({ testTimeout: 30_000 });

describe('case templates in the administration', () => {
  it('saves the whole template edited as its next version', async () => {
    const user = userEvent.setup();
    const saved = vi.fn(() => ({ data: { saveCaseTemplate: template(2, 'Diagnoza zagrożenia w rejonie') } }));
    renderWithApi(<TemplatesSection />, {
      mocks: [
        { request: { query: CaseTemplatesDocument }, result: { data: { caseTemplates: [template(1)], indicatorCatalogue: catalogue } } },
        { request: { query: SaveCaseTemplateMutation, variables: { input } }, result: saved },
        { request: { query: CaseTemplatesDocument }, result: { data: { caseTemplates: [template(2, 'Diagnoza zagrożenia w rejonie')], indicatorCatalogue: catalogue } } },
      ],
    });
    await screen.findByRole('button', { name: 'Save as version 2' });
    const action = within(document.querySelector('[data-template-action="diagnosis"]') as HTMLElement);
    await user.type(action.getByRole('textbox', { name: 'Title (Polish)' }), ' w rejonie');
    await user.click(screen.getByRole('button', { name: 'Save as version 2' }));
    expect(await screen.findByText('Saved as version 2.')).toBeTruthy();
    expect(saved).toHaveBeenCalledTimes(1);
  });

  it('a version saved meanwhile by someone else is a conflict, shown in words', async () => {
    const user = userEvent.setup();
    renderWithApi(<TemplatesSection />, {
      mocks: [
        { request: { query: CaseTemplatesDocument }, result: { data: { caseTemplates: [template(1)], indicatorCatalogue: catalogue } } },
        { request: { query: SaveCaseTemplateMutation, variables: { input } }, result: { errors: [new GraphQLError('The data has changed in the meantime. Reload and try again.', { extensions: { code: 'CONFLICT' } })] } },
      ],
    });
    await screen.findByRole('button', { name: 'Save as version 2' });
    const action = within(document.querySelector('[data-template-action="diagnosis"]') as HTMLElement);
    await user.type(action.getByRole('textbox', { name: 'Title (Polish)' }), ' w rejonie');
    await user.click(screen.getByRole('button', { name: 'Save as version 2' }));
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-error-code')).toBe('CONFLICT');
    expect(screen.queryByText('Saved as version 2.')).toBeNull();
  });

  it('explains to a coordinator that only administrators edit templates', async () => {
    renderWithApi(<TemplatesSection />, {
      mocks: [{ request: { query: CaseTemplatesDocument }, result: { errors: [new GraphQLError('Forbidden', { extensions: { code: 'FORBIDDEN' } })] } }],
    });
    expect(await screen.findByText('Only administrators edit case templates.')).toBeTruthy();
  });
});
