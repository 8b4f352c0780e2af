import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ALLOWED, apiError, CASE_ID, READ_ONLY, renderWithApi } from '../page/testing';
import { CaseDiagnosis, DiagnosisSection, UpdateCaseDiagnosis } from './DiagnosisSection';

const Query = CaseDiagnosis;
const Update = UpdateCaseDiagnosis;

const diagnosis = { __typename: 'CaseDiagnosis' as const, what: 'Noise at night', where: 'Piaski estate', when: 'Weekends', who: 'Young adults', sources: 'Police records' };
const caseAt = (version: number, changes: Partial<typeof diagnosis> = {}, goal = 'Quiet nights') => ({
  case: { __typename: 'Case' as const, id: CASE_ID, version, phase: 'ANALYSIS' as const, goal, diagnosis: { ...diagnosis, ...changes }, viewerCan: ALLOWED },
});
const load = (version: number, changes: Partial<typeof diagnosis> = {}) => ({ request: { query: Query, variables: { id: CASE_ID } }, result: { data: caseAt(version, changes) } });
const updateInput = (version: number, what: string, where = diagnosis.where) => ({
  input: { id: CASE_ID, version, goal: 'Quiet nights', diagnosis: { what, where, when: diagnosis.when, who: diagnosis.who, sources: diagnosis.sources } },
});

// Rendering Mantine forms in jsdom takes seconds on a busy machine; the flows, not the clock, are under test.
describe('DiagnosisSection', { timeout: 30_000 }, () => {
  it('on CONFLICT tells the person, shows their edit next to the saved values, and reapplies the edit onto the current version', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const mine = 'Noise and vandalism at night';
    renderWithApi(<DiagnosisSection caseId={CASE_ID} />, {
      mocks: [
        load(3),
        {
          request: { query: Update, variables: updateInput(3, mine) },
          result: (variables) => {
            sent.push(variables);
            return apiError('CONFLICT', 'Someone else changed it', { entity: 'Case' });
          },
        },
        // Someone else changed "where" (version 4): loaded after the refusal, and again on "reload and reapply".
        load(4, { where: 'Piaski estate, block 7' }),
        load(4, { where: 'Piaski estate, block 7' }),
        {
          request: { query: Update, variables: updateInput(4, mine, 'Piaski estate, block 7') },
          result: (variables) => {
            sent.push(variables);
            return { data: { updateCase: caseAt(5, { what: mine, where: 'Piaski estate, block 7' }).case } };
          },
        },
      ],
    });

    await user.click(await screen.findByRole('button', { name: 'Edit diagnosis and goal' }));
    const what = screen.getByRole('textbox', { name: /what is the problem/i });
    await user.clear(what);
    await user.type(what, mine);
    await user.click(screen.getByRole('button', { name: 'Save diagnosis' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Someone else changed this case')).toBeInTheDocument();
    const table = within(alert).getByRole('table', { name: 'Your edit next to what is saved now' });
    const whatRow = within(table).getByRole('row', { name: /what is the problem/i });
    expect(within(whatRow).getByText(mine)).toBeInTheDocument();
    expect(within(whatRow).getByText('Noise at night')).toBeInTheDocument();
    const whereRow = within(table).getByRole('row', { name: /where it happens/i });
    expect(within(whereRow).getByText('changed by someone else')).toBeInTheDocument();
    expect(within(whereRow).getByText('Piaski estate, block 7')).toBeInTheDocument();
    expect(within(whereRow).getByText('not changed by you (kept as saved now)')).toBeInTheDocument();
    // Nothing can be saved over the newer version until the person chooses.
    expect(screen.queryByRole('button', { name: 'Save diagnosis' })).not.toBeInTheDocument();

    await user.click(within(alert).getByRole('button', { name: 'Reload and reapply my edit' }));
    expect(await screen.findByText('Your edit is applied to the current version. Check it and save again.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /what is the problem/i })).toHaveValue(mine);
    // The other person's change stays: the form now starts from the current version.
    expect(screen.getByRole('textbox', { name: /where it happens/i })).toHaveValue('Piaski estate, block 7');

    await user.click(screen.getByRole('button', { name: 'Save diagnosis' }));
    expect(await screen.findByText('The diagnosis is saved.')).toBeInTheDocument();
    expect(sent).toEqual([updateInput(3, mine), updateInput(4, mine, 'Piaski estate, block 7')]);
    expect(screen.getByText(mine)).toBeInTheDocument();
  });

  it('puts validation errors on their fields', async () => {
    const user = userEvent.setup();
    renderWithApi(<DiagnosisSection caseId={CASE_ID} />, {
      mocks: [
        load(3),
        {
          request: { query: Update, variables: updateInput(3, 'x'.repeat(12)) },
          result: apiError('BAD_USER_INPUT', 'Invalid input: input.diagnosis.what', { fields: [{ field: 'input.diagnosis.what', problems: ['maxLength'] }] }),
        },
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Edit diagnosis and goal' }));
    const what = screen.getByRole('textbox', { name: /what is the problem/i });
    await user.clear(what);
    await user.type(what, 'x'.repeat(12));
    await user.click(screen.getByRole('button', { name: 'Save diagnosis' }));

    expect(await screen.findByText('Too long.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /what is the problem/i })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: /where it happens/i })).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('offers no editing when the API says the viewer may not update the case', async () => {
    renderWithApi(<DiagnosisSection caseId={CASE_ID} />, { mocks: [{ request: { query: Query, variables: { id: CASE_ID } }, result: { data: { case: { ...caseAt(3).case, viewerCan: READ_ONLY } } } }] });
    expect(await screen.findByText('Noise at night')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit diagnosis and goal' })).not.toBeInTheDocument();
  });

  it('offers no editing when the diagnosis is not shared with the organisation', async () => {
    renderWithApi(<DiagnosisSection caseId={CASE_ID} />, {
      mocks: [{ request: { query: Query, variables: { id: CASE_ID } }, result: { data: { case: { ...caseAt(3).case, goal: null, diagnosis: null } } } }],
      language: 'pl',
    });
    expect(await screen.findByText('Diagnoza nie jest udostępniona Twojej organizacji.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edytuj diagnozę i cel' })).not.toBeInTheDocument();
  });
});
