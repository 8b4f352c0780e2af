import { messageProblems } from '@cg/shared/domain';
import { DASHBOARD_TEXTS } from './queue-dashboard';

describe('the queue dashboard sign-in form', () => {
  it('has every text in both languages', () => {
    expect(messageProblems(DASHBOARD_TEXTS)).toEqual([]);
  });
});
