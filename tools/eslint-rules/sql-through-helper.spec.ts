/**
 * The SQL rule (tools/eslint-rules/rules/sql-through-helper.mjs) refuses every way of writing SQL but the `sql`
 * tagged template. Run with ESLint's Linter in a child process (the rule is an ES module, which Jest's loader does
 * not import).
 */
import { reportedBy } from './support/lint-snippets';

jest.setTimeout(120_000);

const reported = (snippets: string[]): string[][] => reportedBy('sql-through-helper', snippets);

describe('SQL only through the sql tagged template', () => {
  it('accepts statements written with the tag, run by query() or execute()', () => {
    const ok = [
      'const rows = await query(manager, sql`SELECT id FROM cases WHERE id = ${id} AND ${visible}`);',
      'await execute(manager, sql`UPDATE cases SET ${sql.ident(column)} = now() WHERE id = ${caseId}`);',
      'const where = sql.and([a, b]);',
      // Text that is not SQL may be interpolated as ever.
      'const message = `Case ${reference} was updated where you asked`;',
      'log(`${count} rows`);',
    ];
    expect(reported(ok)).toEqual(ok.map(() => []));
  });

  it('refuses a statement handed to a driver as a string, and SQL text built by interpolation', () => {
    expect(
      reported([
        "await manager.query('SELECT 1');",
        'await this.dataSource.query(`SELECT id FROM cases WHERE id = $1`, [id]);',
        'const text = `UPDATE cases SET ${column} = now() WHERE id = $1`;',
        'const exists = `EXISTS (SELECT 1 FROM case_participants WHERE case_id = ${c}.id)`;',
      ]),
    ).toEqual([['stringQuery'], ['stringQuery'], ['interpolatedSql'], ['interpolatedSql']]);
  });

  it('refuses sql called as a function and TypeORM named parameters', () => {
    expect(reported(['const s = sql([userInput]);', "const [text, params] = driver.escapeQueryWithParameters('a = :a', { a });"])).toEqual([
      ['sqlAsFunction'],
      ['namedParameters'],
    ]);
  });
});
