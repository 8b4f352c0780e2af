import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { apiError, renderWithApi } from '../page/testing';
import { OpenCaseMutation, OpenCasePage } from './OpenCasePage';
import { CaseTemplateForOpeningQuery } from './TemplateChoice';

const TEMPLATE_ID = '0d0d0d0d-0000-4000-8000-000000000001';
const plan = {
  __typename: 'CaseTemplate' as const,
  id: TEMPLATE_ID,
  caseType: 'PRIORITY_PLAN',
  version: 3,
  summary: 'The neighbourhood officer’s six-month priority plan',
  actions: [
    { __typename: 'CaseTemplateAction' as const, key: 'diagnosis', kind: 'OTHER', title: 'Diagnosis of the threat', startDay: 0, endDay: 14 },
    { __typename: 'CaseTemplateAction' as const, key: 'prevention', kind: 'PREVENTION', title: 'Prevention with partners', startDay: 30, endDay: 168 },
  ],
  tasks: [{ __typename: 'CaseTemplateTask' as const, key: 'guard-patrols', title: 'Joint patrols with the municipal guard', dueInDays: 60, effortPoints: 3, organisationKind: 'MUNICIPAL_GUARD' }],
  indicators: [{ __typename: 'CaseTemplateIndicator' as const, code: 'SAFE_AFTER_DARK', name: 'Residents feeling safe after dark', targetInDays: 182 }],
};

const input = {
  title: 'Bicycle thefts at the station',
  type: 'PRIORITY_PLAN',
  area: { district: 'Centrum', address: '' },
  diagnosis: { what: 'Bicycles stolen from the racks' },
  goal: '',
  template: { templateId: TEMPLATE_ID, actionKeys: ['diagnosis'], taskKeys: ['guard-patrols'], indicatorCodes: ['SAFE_AFTER_DARK'] },
};

vi.setConfig({ testTimeout: 30_000 });

async function fill(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByRole('textbox', { name: /^Title/ }), input.title);
  await user.type(screen.getByRole('textbox', { name: /^District/ }), input.area.district);
  await user.type(screen.getByRole('textbox', { name: /^What is the problem/ }), input.diagnosis.what);
}

describe('opening a case from its type’s template', () => {
  it('offers every item ticked and opens the case with those left ticked', async () => {
    const user = userEvent.setup();
    const opened = vi.fn(() => ({ data: { openCase: { __typename: 'Case' as const, id: '6f1c2b1e-8d7a-4c1e-9b53-0a4b7f3e2d99' } } }));
    renderWithApi(<OpenCasePage />, {
      path: '/cases/new',
      mocks: [
        { request: { query: CaseTemplateForOpeningQuery, variables: { caseType: 'PRIORITY_PLAN' } }, result: { data: { caseTemplates: [plan] } }, maxUsageCount: 5 },
        { request: { query: OpenCaseMutation, variables: { input } }, result: opened },
      ],
    });
    const choice = within(await screen.findByRole('region', { name: 'From the template' }));
    expect(choice.getByText('Version 3')).toBeTruthy();
    const boxes = choice.getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((box) => box.checked)).toEqual([true, true, true, true]);
    expect(choice.getByText('Due on day 60 · 3 points · municipal guard')).toBeTruthy();
    await fill(user);
    await user.click(choice.getByRole('checkbox', { name: 'Prevention with partners' }));
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    await waitFor(() => expect(opened).toHaveBeenCalledTimes(1));
  });

  it('shows a refusal of the choice in words and stays on the form', async () => {
    const user = userEvent.setup();
    renderWithApi(<OpenCasePage />, {
      path: '/cases/new',
      mocks: [
        { request: { query: CaseTemplateForOpeningQuery, variables: { caseType: 'PRIORITY_PLAN' } }, result: { data: { caseTemplates: [plan] } }, maxUsageCount: 5 },
        { request: { query: OpenCaseMutation, variables: { input } }, result: apiError('BAD_USER_INPUT', 'The template has no item prevention.', { reason: 'TEMPLATE_UNKNOWN_ITEM' }) },
      ],
    });
    const choice = within(await screen.findByRole('region', { name: 'From the template' }));
    await fill(user);
    await user.click(choice.getByRole('checkbox', { name: 'Prevention with partners' }));
    await user.click(screen.getByRole('button', { name: 'Open the case' }));
    expect(await screen.findByText('The template has no item prevention.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Open a case' })).toBeTruthy();
  });
});
