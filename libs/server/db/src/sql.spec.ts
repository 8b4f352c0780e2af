import { execute, isConstant, query, sql, toQuery } from './sql';

describe('sql: the tagged template every statement is written with', () => {
  it('turns every value into a parameter, whatever it holds', () => {
    const name = "Robert'); DROP TABLE cases; --";
    expect(toQuery(sql`SELECT id FROM users WHERE display_name = ${name} AND roles && ${['STAFF']}`)).toEqual([
      'SELECT id FROM users WHERE display_name = $1 AND roles && $2',
      [name, ['STAFF']],
    ]);
  });

  it('splices fragments in with their parameters renumbered in order', () => {
    const access = sql`c.lead_organisation_id = ${'org-1'} OR c.id = ANY(${['a', 'b']})`;
    const statement = sql`SELECT c.id FROM cases c WHERE c.phase = ${'RESPONSE'} AND (${access}) LIMIT ${21}`;
    expect(toQuery(statement)).toEqual([
      'SELECT c.id FROM cases c WHERE c.phase = $1 AND (c.lead_organisation_id = $2 OR c.id = ANY($3)) LIMIT $4',
      ['RESPONSE', 'org-1', ['a', 'b'], 21],
    ]);
  });

  it('joins fragments with a separator, and nothing for an empty list', () => {
    const columns = ['id', 'title'].map((column) => sql.ident(`c.${column}`));
    expect(toQuery(sql`SELECT ${sql.join(columns)} FROM cases c`)[0]).toBe('SELECT c.id, c.title FROM cases c');
    const rows = [sql`(${1}, ${'a'})`, sql`(${2}, ${'b'})`];
    expect(toQuery(sql`VALUES ${sql.join(rows)}`)).toEqual(['VALUES ($1, $2), ($3, $4)', [1, 'a', 2, 'b']]);
    expect(toQuery(sql`SELECT 1 ${sql.join([])}`)[0]).toBe('SELECT 1 ');
  });

  it('takes an identifier only when it is a plain lower-case name', () => {
    expect(toQuery(sql`ORDER BY ${sql.ident('c.last_activity_at')}`)[0]).toBe('ORDER BY c.last_activity_at');
    for (const bad of ['title; DROP TABLE x', 'Title', '"quoted"', '', 'a.b.c']) expect(() => sql.ident(bad)).toThrow(/not a plain identifier/);
  });

  it('quotes a name that is not a plain identifier, and refuses one that could end the quoting', () => {
    expect(toQuery(sql`CREATE DATABASE ${sql.quoted('CommonGround-dev')}`)).toEqual(['CREATE DATABASE "CommonGround-dev"', []]);
    for (const bad of ['a" ; DROP DATABASE x; --', '', 'a\0b']) expect(() => sql.quoted(bad)).toThrow(/cannot be a quoted identifier/);
  });

  it('folds constant conditions in AND, OR and NOT', () => {
    const a = sql`a = ${1}`;
    const b = sql`b = ${2}`;
    expect(toQuery(sql.and([sql.true, a, b]))).toEqual(['(a = $1 AND b = $2)', [1, 2]]);
    expect(isConstant(sql.and([a, sql.false]), 'FALSE')).toBe(true);
    expect(isConstant(sql.or([a, sql.true]), 'TRUE')).toBe(true);
    expect(toQuery(sql.or([sql.false, a]))).toEqual(['a = $1', [1]]);
    expect(isConstant(sql.or([]), 'FALSE')).toBe(true);
    expect(isConstant(sql.and([]), 'TRUE')).toBe(true);
    expect(toQuery(sql.not(a))).toEqual(['NOT (a = $1)', [1]]);
    expect(isConstant(sql.not(sql.true), 'FALSE')).toBe(true);
  });

  it('runs statements through anything with query(text, parameters)', async () => {
    const calls: [string, unknown[] | undefined][] = [];
    const runner = { query: async (text: string, parameters?: unknown[]) => (calls.push([text, parameters]), [{ id: 'x' }]) };
    await expect(query<{ id: string }>(runner, sql`SELECT id FROM t WHERE id = ${'x'}`)).resolves.toEqual([{ id: 'x' }]);
    await execute(runner, sql`UPDATE t SET n = n + ${1}`);
    expect(calls).toEqual([
      ['SELECT id FROM t WHERE id = $1', ['x']],
      ['UPDATE t SET n = n + $1', [1]],
    ]);
  });
});
