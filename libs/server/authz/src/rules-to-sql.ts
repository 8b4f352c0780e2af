import { rulesToAST } from '@casl/ability/extra';
import type { Condition } from '@ucast/mongo2js';
import { isConstant, sql, type Sql } from '@cg/server/db';
import type { Action, AppAbility, SubjectFields, SubjectName } from './ability';

/**
 * How one field of a subject reads in SQL: a column expression (`sql.ident('c.id')`), or a function that builds the
 * whole predicate from the rule's value (for fields reached through another table, e.g. `EXISTS (…)`; or `sql.true` /
 * `sql.false` for a field whose value is known in advance, which then folds away). The value is always interpolated
 * as a parameter.
 */
export type FieldSql = Sql | ((operator: 'eq' | 'in', value: unknown) => Sql);
export type FieldMap<S extends SubjectName> = { [K in keyof SubjectFields[S]]?: FieldSql };

/**
 * Turns the CASL rules of `ability` for `action` on `subject` into one SQL condition, a fragment of `sql` to
 * interpolate in a statement. No rule → `FALSE` (deny by default); an unconditional rule → `TRUE`. A field the map
 * does not know is an error, never ignored. The fragment is shared by every statement that asks again with the same
 * ability and the same `fields` object: it is never to be changed.
 */
export function rulesToSql<S extends SubjectName>(ability: AppAbility, action: Action, subject: S, fields: FieldMap<S>): Sql {
  // Compiled once per ability and field map (the maps of case-access.ts are built once per alias): the SQL depends on
  // nothing else, the values of the rules (ids of the person and of the organisation) included.
  let byFields = compiled.get(ability);
  if (!byFields) {
    byFields = new WeakMap();
    compiled.set(ability, byFields);
    ability.on('updated', () => compiled.delete(ability));
  }
  let byRule = byFields.get(fields);
  if (!byRule) {
    byRule = new Map();
    byFields.set(fields, byRule);
  }
  const key = `${action} ${subject}`;
  let condition = byRule.get(key);
  if (!condition) {
    condition = compile(ability, action, subject, fields);
    byRule.set(key, condition);
  }
  return condition;
}

const compiled = new WeakMap<AppAbility, WeakMap<object, Map<string, Sql>>>();

function compile<S extends SubjectName>(ability: AppAbility, action: Action, subject: S, fields: FieldMap<S>): Sql {
  const ast = rulesToAST(ability, action, subject);
  if (ast === null) return sql.false;
  return translate(ast as Condition, fields as Record<string, FieldSql | undefined>);
}

function translate(node: Condition, fields: Record<string, FieldSql | undefined>): Sql {
  const { operator } = node;
  if (operator === 'and' || operator === 'or') {
    const parts = (node.value as Condition[]).map((child) => translate(child, fields));
    return operator === 'and' ? sql.and(parts) : sql.or(parts);
  }
  if (operator === 'not') {
    const children = Array.isArray(node.value) ? (node.value as Condition[]) : [node.value as Condition];
    return sql.not(sql.and(children.map((child) => translate(child, fields))));
  }
  const field = (node as unknown as { field: string }).field;
  const column = fields[field];
  if (column === undefined) throw new Error(`rulesToSql: no SQL mapping for field "${field}"`);
  const value = node.value;
  switch (operator) {
    case 'eq':
      return typeof column === 'function' ? column('eq', value) : sql`${column} = ${value}`;
    case 'ne':
      return typeof column === 'function' ? negate(column('eq', value)) : sql`${column} IS DISTINCT FROM ${value}`;
    case 'in':
      return typeof column === 'function' ? column('in', value) : sql`${column} = ANY(${value})`;
    case 'nin':
      return typeof column === 'function' ? negate(column('in', value)) : sql`NOT (${column} = ANY(${value}))`;
    default:
      throw new Error(`rulesToSql: operator "${operator}" is not supported`);
  }
}

function negate(predicate: Sql): Sql {
  return isConstant(predicate, 'TRUE') ? sql.false : isConstant(predicate, 'FALSE') ? sql.true : sql`NOT ${predicate}`;
}

/** `= value` or `= ANY(values)` as the rule's operator asks: for predicates built by functions. */
export function matches(operator: 'eq' | 'in', value: unknown): Sql {
  return operator === 'eq' ? sql`= ${value}` : sql`= ANY(${value})`;
}
