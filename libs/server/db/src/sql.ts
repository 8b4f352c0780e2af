import type { EntityManager, EntityTarget } from 'typeorm';

/**
 * The one way to write SQL in this codebase: a tagged template whose interpolated values always become
 * parameters (`$1`, `$2`, …), and whose interpolated fragments are spliced in with their own parameters renumbered.
 *
 *   const visible = rulesToSql(ability, 'read', 'Case', caseFields('c'));
 *   const rows = await query<CaseRow>(manager, sql`SELECT c.id FROM cases c WHERE c.id = ANY(${ids}) AND ${visible}`);
 *
 * Nothing but a fragment can add SQL text: a value is never text of the statement, whatever its type. The
 * exceptions are explicit and checked: `sql.ident` for an identifier chosen from code (a column of a whitelist),
 * `sql.join` to put fragments together. A statement is run with `query` (rows) or `execute` (what the driver
 * returns, e.g. TypeORM's `[rows, affected]` for UPDATE … RETURNING).
 */

const FRAGMENT = Symbol('sql.fragment');

export interface Sql {
  readonly [FRAGMENT]: true;
  /** The statement's text between the values: always one more than the values. */
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

function fragment(strings: readonly string[], values: readonly unknown[]): Sql {
  return { [FRAGMENT]: true, strings, values };
}

export function isSql(value: unknown): value is Sql {
  return typeof value === 'object' && value !== null && (value as { [FRAGMENT]?: unknown })[FRAGMENT] === true;
}

/** A fragment of SQL: values become parameters, fragments are spliced in. */
export function sql(strings: TemplateStringsArray | readonly string[], ...values: unknown[]): Sql {
  const outStrings: string[] = [strings[0] ?? ''];
  const outValues: unknown[] = [];
  values.forEach((value, index) => {
    const after = strings[index + 1] ?? '';
    if (isSql(value)) {
      // Splice: the fragment's first text joins ours, its values follow, its last text starts our next.
      outStrings[outStrings.length - 1] += value.strings[0] ?? '';
      for (let i = 0; i < value.values.length; i++) {
        outValues.push(value.values[i]);
        outStrings.push(value.strings[i + 1] ?? '');
      }
      outStrings[outStrings.length - 1] += after;
    } else {
      outValues.push(value);
      outStrings.push(after);
    }
  });
  return fragment(outStrings, outValues);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * An identifier (`column` or `alias.column`) chosen by code from a fixed set, e.g. the column of a sort order or of
 * a visibility tier. Refuses anything but lower-case identifier characters: never pass user input here.
 */
sql.ident = (name: string): Sql => {
  if (!IDENTIFIER.test(name)) throw new Error(`sql.ident: "${name}" is not a plain identifier`);
  return fragment([name], []);
};

/**
 * A quoted identifier (`"Name-2"`), for a name PostgreSQL cannot take as a parameter and that need not be a plain
 * lower-case identifier, e.g. the database named in a URL (`CREATE DATABASE`). Refuses a double quote or a NUL, so the
 * name can never end the quoting; never pass user input here.
 */
sql.quoted = (name: string): Sql => {
  if (name.length === 0 || /["\0]/.test(name)) throw new Error(`sql.quoted: "${name}" cannot be a quoted identifier`);
  return fragment([`"${name}"`], []);
};

/** Fragments one after the other, with a separator (default `, `). */
sql.join = (parts: readonly Sql[], separator: Sql = fragment([', '], [])): Sql => {
  if (parts.length === 0) return EMPTY;
  const pieces: unknown[] = [];
  parts.forEach((part, index) => {
    if (index > 0) pieces.push(separator);
    pieces.push(part);
  });
  return sql(['', ...pieces.map(() => '')], ...pieces);
};

const EMPTY = fragment([''], []);
const TRUE = fragment(['TRUE'], []);
const FALSE = fragment(['FALSE'], []);

/** Nothing: for an optional part of a statement (`${cursor ? sql`AND …` : sql.empty}`). */
sql.empty = EMPTY;
sql.true = TRUE;
sql.false = FALSE;

/** Whether a fragment is exactly the constant TRUE or FALSE (conditions fold on it). */
export function isConstant(condition: Sql, constant: 'TRUE' | 'FALSE'): boolean {
  return condition.values.length === 0 && condition.strings.length === 1 && condition.strings[0]!.trim() === constant;
}

/** Conditions joined with AND / OR, folding the constants: TRUE drops out of AND and decides OR, FALSE the other way. */
sql.and = (conditions: readonly Sql[]): Sql => combine(conditions, 'AND');
sql.or = (conditions: readonly Sql[]): Sql => combine(conditions, 'OR');

function combine(conditions: readonly Sql[], operator: 'AND' | 'OR'): Sql {
  const [neutral, decisive] = operator === 'AND' ? (['TRUE', 'FALSE'] as const) : (['FALSE', 'TRUE'] as const);
  const parts = conditions.filter((condition) => !isConstant(condition, neutral));
  if (parts.some((condition) => isConstant(condition, decisive))) return decisive === 'TRUE' ? TRUE : FALSE;
  if (parts.length === 0) return neutral === 'TRUE' ? TRUE : FALSE;
  if (parts.length === 1) return parts[0]!;
  return sql`(${sql.join(parts, fragment([` ${operator} `], []))})`;
}

/** NOT of a condition, folding the constants. */
sql.not = (condition: Sql): Sql => (isConstant(condition, 'TRUE') ? FALSE : isConstant(condition, 'FALSE') ? TRUE : sql`NOT (${condition})`);

/**
 * A timestamptz expression as the text `DateTime` passes through (`2026-12-03T12:00:00.123Z`): the instant in UTC,
 * truncated to the millisecond as node-postgres' `Date` would be.
 */
export function isoTimestamp(expression: Sql): Sql {
  return sql`to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The statement's text with `$n` placeholders, and its parameters. */
export function toQuery(statement: Sql): [string, unknown[]] {
  let text = statement.strings[0] ?? '';
  for (let i = 0; i < statement.values.length; i++) text += `$${i + 1}${statement.strings[i + 1] ?? ''}`;
  return [text, [...statement.values]];
}

/** Anything that runs SQL with positional parameters: TypeORM's DataSource, EntityManager or QueryRunner, a pg client. */
export interface SqlRunner {
  query(text: string, parameters?: unknown[]): Promise<unknown>;
}

/** Runs a SELECT (or a statement with RETURNING run through a plain pg client) and gives its rows. */
export async function query<T = Record<string, unknown>>(runner: SqlRunner, statement: Sql): Promise<T[]> {
  const [text, values] = toQuery(statement);
  return (await runner.query(text, values)) as T[];
}

/**
 * Runs any statement and gives what the runner returns. Through TypeORM, an UPDATE or DELETE gives
 * `[rows, affected]` (with RETURNING, the rows), an INSERT its rows.
 */
export async function execute<T = unknown>(runner: SqlRunner, statement: Sql): Promise<T> {
  const [text, values] = toQuery(statement);
  return (await runner.query(text, values)) as T;
}

/**
 * An entity from a row selected with `sql` (`SELECT c.* FROM cases c …`): each column of the entity's table is
 * converted as TypeORM would on `find` (dates, JSON, numbers), so that a statement that must be raw (a lock, an
 * access condition) still returns the entity.
 */
export function hydrate<T extends object>(manager: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = manager.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in row)) continue;
    column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}
