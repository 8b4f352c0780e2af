import { clearFilters, isFiltered, readView, variablesOf, writeView } from './view';

describe('the case list view in the address', () => {
  it('reads what it writes, so a link reproduces the view', () => {
    const view = readView(new URLSearchParams('q=garaż&phase=RESPONSE&phase=ANALYSIS&type=CRISIS&escalation=ELEVATED&lead=abc&district=Piaski&reviewBefore=2026-06-01&awaitingReview=true&sort=PRIORITY&after=c1&after=c2'));
    expect(readView(writeView(view))).toEqual(view);
    expect(variablesOf(view)).toEqual({
      first: 25,
      after: 'c2',
      orderBy: 'PRIORITY',
      filter: { search: 'garaż', phase: ['ANALYSIS', 'RESPONSE'], type: ['CRISIS'], escalation: ['ELEVATED'], leadOrganisationId: 'abc', district: 'Piaski', reviewBefore: '2026-06-01', inputsAwaitingReview: true },
    });
  });

  it('ignores values a hand-edited address may carry that the API would refuse', () => {
    const view = readView(new URLSearchParams('phase=SLEEPING&escalation=crisis&sort=RANDOM&reviewBefore=tomorrow&awaitingReview=yes&after='));
    expect(variablesOf(view)).toEqual({ first: 25, after: null, filter: {}, orderBy: 'LAST_ACTIVITY' });
    expect(isFiltered(view)).toBe(false);
  });

  it('writes nothing for the default view, and clearing keeps the order but not the page', () => {
    expect(writeView(readView(new URLSearchParams(''))).toString()).toBe('');
    const cleared = clearFilters(readView(new URLSearchParams('district=Piaski&sort=REVIEW_DATE&after=c1')));
    expect(writeView(cleared).toString()).toBe('sort=REVIEW_DATE');
  });
});
