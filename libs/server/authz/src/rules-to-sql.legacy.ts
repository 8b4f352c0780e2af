// TRANSITIONAL (issue 14, item 2): the former `:name`-parameter form of rulesToSql, kept only while the services move
// to the `sql` tagged template (libs/server/db/src/sql.ts). Do not use in new code; deleted when the last caller moves.
import { rulesToAST } from '@casl/ability/extra';
import type { Condition } from '@ucast/mongo2js';
import type { Action, AppAbility, SubjectFields, SubjectName } from './ability';

/**
 * How one field of a subject reads in SQL: a column expression, or a function that builds the whole
 * predicate (for fields reached through another table, e.g. `EXISTS (…)`; or `TRUE`/`FALSE` for a field
 * whose value is known in advance, which then folds away).
 */
export type NamedFieldSql = string | ((operator: 'eq' | 'in', param: string, value: unknown) => string);
export type NamedFieldMap<S extends SubjectName> = { [K in keyof SubjectFields[S]]?: NamedFieldSql };

export interface SqlCondition {
  /** A boolean SQL expression with named parameters (`:name`), for TypeORM's query builder. */
  where: string;
  params: Record<string, unknown>;
}

/**
 * Parameter names are unique for the life of the process (never reused, even after a million): a condition is kept
 * and used again (below), so a name given twice could put another condition's value in its place.
 */
let counter = 0;

const compiled = new WeakMap<AppAbility, WeakMap<object, Map<string, SqlCondition>>>();

/**
 * Turns the CASL rules of `ability` for `action` on `subject` into one SQL condition. No rule → `FALSE`
 * (deny by default); an unconditional rule → `TRUE`. A field the map does not know is an error, never ignored.
 */
export function rulesToSqlNamed<S extends SubjectName>(
  ability: AppAbility,
  action: Action,
  subject: S,
  fields: NamedFieldMap<S>,
): SqlCondition {
  // Compiled once per ability and field map, as rulesToSql is; frozen, since every caller shares it.
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
    Object.freeze(condition.params);
    byRule.set(key, Object.freeze(condition));
  }
  return condition;
}

function compile<S extends SubjectName>(ability: AppAbility, action: Action, subject: S, fields: NamedFieldMap<S>): SqlCondition {
  const ast = rulesToAST(ability, action, subject);
  if (ast === null) return { where: 'FALSE', params: {} };
  const params: Record<string, unknown> = {};
  const where = translate(ast as Condition, fields as Record<string, NamedFieldSql | undefined>, params);
  return { where, params };
}

function translate(node: Condition, fields: Record<string, NamedFieldSql | undefined>, params: Record<string, unknown>): string {
  const { operator } = node;
  if (operator === 'and' || operator === 'or') {
    // Constant parts fold: TRUE drops out of AND and decides OR, FALSE the other way round.
    const [neutral, decisive] = operator === 'and' ? ['TRUE', 'FALSE'] : ['FALSE', 'TRUE'];
    const parts = (node.value as Condition[]).map((child) => translate(child, fields, params)).filter((part) => part !== neutral);
    if (parts.includes(decisive)) return decisive;
    if (parts.length === 0) return neutral;
    return parts.length === 1 ? parts[0]! : `(${parts.join(operator === 'and' ? ' AND ' : ' OR ')})`;
  }
  if (operator === 'not') {
    const children = Array.isArray(node.value) ? (node.value as Condition[]) : [node.value as Condition];
    const inner = translate({ operator: 'and', value: children } as Condition, fields, params);
    return inner === 'TRUE' ? 'FALSE' : inner === 'FALSE' ? 'TRUE' : `NOT (${inner})`;
  }
  const field = (node as unknown as { field: string }).field;
  const sql = fields[field];
  if (sql === undefined) throw new Error(`rulesToSql: no SQL mapping for field "${field}"`);
  const param = `casl_${(counter += 1)}`;
  params[param] = node.value;
  switch (operator) {
    case 'eq':
      return typeof sql === 'string' ? `${sql} = :${param}` : sql('eq', param, node.value);
    case 'ne':
      return typeof sql === 'string' ? `${sql} IS DISTINCT FROM :${param}` : negate(sql('eq', param, node.value));
    case 'in':
      return typeof sql === 'string' ? `${sql} = ANY(:${param})` : sql('in', param, node.value);
    case 'nin':
      return typeof sql === 'string' ? `NOT (${sql} = ANY(:${param}))` : negate(sql('in', param, node.value));
    default:
      throw new Error(`rulesToSql: operator "${operator}" is not supported`);
  }
}

function negate(predicate: string): string {
  return predicate === 'TRUE' ? 'FALSE' : predicate === 'FALSE' ? 'TRUE' : `NOT ${predicate}`;
}
