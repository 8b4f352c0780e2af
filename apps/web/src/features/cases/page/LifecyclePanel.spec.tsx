import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CaseHeaderData } from './CaseHeader';
import { ChangeCasePhase, LifecyclePanel } from './LifecyclePanel';
import { ALLOWED, apiError, CASE_ID, LEAD_ID, renderWithApi } from './testing';

const header = (phase: CaseHeaderData['phase']): CaseHeaderData => ({
  id: CASE_ID,
  reference: 'LEG/2026/0007',
  title: 'Noise on the Piaski estate',
  phase,
  escalation: 'NORMAL',
  priority: 'HIGH',
  type: 'SOCIAL_TENSION',
  version: 4,
  reviewDate: null,
  closedAt: null,
  outcome: null,
  closingAssessment: null,
  area: { district: 'Piaski', address: '' },
  leadOrganisation: { id: LEAD_ID, name: 'KPP Legionowo' },
  coordinator: { id: 'u1', displayName: 'Katarzyna Nowak' },
  viewerCan: ALLOWED,
});
const moved = (phase: CaseHeaderData['phase']) => ({
  data: { changeCasePhase: { __typename: 'Case', id: CASE_ID, version: 5, phase, escalation: 'NORMAL', closedAt: null, outcome: null, closingAssessment: null, viewerCan: ALLOWED } },
});

// Rendering Mantine forms in jsdom takes seconds on a busy machine; the flows, not the clock, are under test.
describe('LifecyclePanel', { timeout: 30_000 }, () => {
  it('going back to an earlier phase requires a reason, then sends it with the phase and the version read', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderWithApi(<LifecyclePanel case={header('RESPONSE')} can={ALLOWED} onReload={() => undefined} />, {
      mocks: [
        {
          request: { query: ChangeCasePhase, variables: () => true },
          result: (variables) => {
            sent.push(variables);
            return moved('ANALYSIS');
          },
        },
      ],
    });

    await user.click(screen.getByRole('button', { name: 'Go back to an earlier phase…' }));
    const form = screen.getByRole('form', { name: 'Go back to an earlier phase' });
    expect(screen.getByRole('textbox', { name: /back to phase/i })).toHaveValue('Analysis');
    await user.click(screen.getByRole('button', { name: 'Go back' }));
    expect(await screen.findByText('Give a reason.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /reason/i })).toHaveAttribute('aria-invalid', 'true');
    expect(sent).toEqual([]);

    await user.type(screen.getByRole('textbox', { name: /reason/i }), 'The school partner withdrew');
    await user.click(screen.getByRole('button', { name: 'Go back' }));
    expect(await screen.findByText('The case went back to Analysis.')).toBeInTheDocument();
    expect(form).not.toBeInTheDocument();
    expect(sent).toEqual([{ input: { id: CASE_ID, version: 4, phase: 'ANALYSIS', reason: 'The school partner withdrew' } }]);
  });

  it("shows the API's refusal of the reason on the reason field", async () => {
    const user = userEvent.setup();
    renderWithApi(<LifecyclePanel case={header('ANALYSIS')} can={ALLOWED} onReload={() => undefined} />, {
      mocks: [
        {
          request: { query: ChangeCasePhase, variables: { input: { id: CASE_ID, version: 4, phase: 'SCANNING', reason: 'ab' } } },
          result: apiError('BAD_USER_INPUT', 'Going back needs a reason (at least 3 characters).', { field: 'reason' }),
        },
      ],
    });
    await user.click(screen.getByRole('button', { name: 'Go back to an earlier phase…' }));
    await user.type(screen.getByRole('textbox', { name: /reason/i }), 'ab');
    await user.click(screen.getByRole('button', { name: 'Go back' }));
    expect(await screen.findByText('Going back needs a reason (at least 3 characters).')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /reason/i })).toHaveAttribute('aria-invalid', 'true');
  });

  it('moves forward one step without a reason; FORBIDDEN is shown in the reader’s language', async () => {
    const user = userEvent.setup();
    renderWithApi(<LifecyclePanel case={header('SCANNING')} can={ALLOWED} onReload={() => undefined} />, {
      mocks: [{ request: { query: ChangeCasePhase, variables: { input: { id: CASE_ID, version: 4, phase: 'ANALYSIS' } } }, result: apiError('FORBIDDEN', 'Forbidden') }],
      language: 'pl',
    });
    expect(screen.getByText('Obecny etap: Rozpoznanie (krok 1 z 5)')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Wróć do wcześniejszego etapu…' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Przejdź do etapu: Analiza' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nie masz uprawnień do tej czynności.');
  });

  it('offers closing (not moving forward) in ASSESSMENT and reopening when CLOSED; hides what the API does not allow', () => {
    const { unmount } = renderWithApi(<LifecyclePanel case={header('ASSESSMENT')} can={ALLOWED} onReload={() => undefined} />, { mocks: [] });
    expect(screen.getByRole('button', { name: 'Close the case…' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Move to/ })).not.toBeInTheDocument();
    unmount();
    renderWithApi(<LifecyclePanel case={header('CLOSED')} can={{ ...ALLOWED, reopen: false, escalate: false }} onReload={() => undefined} />, { mocks: [] });
    expect(screen.queryByRole('button', { name: 'Reopen the case…' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Change escalation…' })).not.toBeInTheDocument();
  });
});
