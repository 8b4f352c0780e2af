import { CASE_SEARCH_SQL, toQuery } from '@cg/server/db';
import { caseSearchVector } from './cases.queries';

describe('cases.queries', () => {
  it('searches on exactly the expression the full-text index is built on', () => {
    expect(toQuery(caseSearchVector('c'))).toEqual([CASE_SEARCH_SQL('c'), []]);
  });
});
