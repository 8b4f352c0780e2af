import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { errorCode, type GqlResponse, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * Every argument of every connection field of the schema (top level and nested), sent with values in range,
 * out of range and malformed. Generated from the schema: a new connection field, or a new argument of one, is
 * covered without editing this file (and fails here when no fixture can reach it).
 *
 * - `ok`: accepted, no error at all;
 * - `bad`: BAD_USER_INPUT;
 * - `odd` (well-formed but meaningless for some fields, e.g. "garbage" as a date held in a String): anything but an
 *   internal error.
 * Never INTERNAL_SERVER_ERROR, never a 5xx.
 */
interface Samples {
  ok: unknown[];
  bad: unknown[];
  odd: unknown[];
}

const cursor = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function samples(type: GraphQLInputType, name: string, depth = 0): Samples {
  if (type instanceof GraphQLNonNull) {
    const inner = samples(type.ofType as GraphQLInputType, name, depth);
    return { ok: inner.ok.filter((v) => v !== null), bad: [null, ...inner.bad], odd: inner.odd };
  }
  if (type instanceof GraphQLList) {
    const inner = samples(type.ofType as GraphQLInputType, name, depth);
    const okItem = inner.ok.find((v) => v !== null);
    return {
      ok: [null, [], ...(okItem === undefined ? [] : [[okItem]])],
      bad: inner.bad.filter((v) => v !== null).slice(0, 3).map((v) => [v]),
      odd: inner.odd.slice(0, 2).map((v) => [v]),
    };
  }
  if (type instanceof GraphQLEnumType) {
    return { ok: [null, type.getValues()[0]!.value], bad: ['NOT_A_VALUE', 7], odd: [] };
  }
  if (type instanceof GraphQLInputObjectType) {
    const result: Samples = { ok: [null, {}], bad: [], odd: [] };
    if (depth > 2) return result;
    for (const [fieldName, field] of Object.entries(type.getFields())) {
      const inner = samples(field.type, fieldName, depth + 1);
      result.ok.push(...inner.ok.filter((v) => v !== null || !isNonNullType(field.type)).map((v) => ({ [fieldName]: v })));
      result.bad.push(...inner.bad.map((v) => ({ [fieldName]: v })));
      result.odd.push(...inner.odd.map((v) => ({ [fieldName]: v })));
    }
    result.bad.push({ notAField: 1 });
    return result;
  }
  const scalar = type as GraphQLScalarType;
  switch (scalar.name) {
    case 'Int':
      if (name === 'first' || name === 'last') return { ok: [null, 0, 1, 100], bad: [-1, 101, 1000, 2_147_483_647, 2_147_483_648, 1.5, 'ten'], odd: [] };
      return { ok: [null], bad: [1.5, 'ten', 2_147_483_648], odd: [-1, 0, 2_147_483_647] };
    case 'Float':
      return { ok: [null], bad: ['ten'], odd: [-1, 0, 1e308] };
    case 'Boolean':
      return { ok: [null, true, false], bad: ['yes', 1], odd: [] };
    case 'ID':
      return { ok: [null, randomUUID()], bad: ['not-an-id', 'a\u0000b', 7.5], odd: [] };
    case 'String':
      if (name === 'after' || name === 'before') {
        return {
          ok: [null],
          bad: ['garbage', cursor([]), cursor({ a: 1 }), cursor('not json'), cursor(['x', 'y', 'z']), cursor([1]), cursor([randomUUID(), 'x', 3, null]), 'x'.repeat(201), 'a\u0000b'],
          odd: [],
        };
      }
      return { ok: [null], bad: ['a\u0000b', 'x'.repeat(10_000), 7], odd: ['garbage', '2025-02-30', '-1', ' ', '%_\\'] };
    case 'DateTime':
      // Nest's DateTime scalar reads a number or a boolean as a time since 1970 (hence `odd`, not `bad`).
      return { ok: [null, '2025-01-01T00:00:00.000Z'], bad: ['garbage', '2025-13-45T99:00:00Z'], odd: [7.5, true] };
    default:
      return { ok: [null], bad: [], odd: ['garbage'] };
  }
}

interface Step {
  field: string;
  args: string;
}

/** Connection fields: those returning `XConnection`. */
function connectionFields(schema: GraphQLSchema): { type: GraphQLObjectType; field: GraphQLField<unknown, unknown> }[] {
  const found: { type: GraphQLObjectType; field: GraphQLField<unknown, unknown> }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type === schema.getMutationType() || type === schema.getSubscriptionType()) continue;
    for (const field of Object.values(type.getFields())) {
      if (getNamedType(field.type).name.endsWith('Connection')) found.push({ type, field });
    }
  }
  return found;
}

/** The shortest way from Query to an object of `target`, through fields whose required arguments the fixtures supply. */
function routeTo(schema: GraphQLSchema, target: string, known: Record<string, string>): Step[] | null {
  const queue: { type: GraphQLObjectType; steps: Step[] }[] = [{ type: schema.getQueryType()!, steps: [] }];
  const seen = new Set<string>(['Query']);
  while (queue.length > 0) {
    const { type, steps } = queue.shift()!;
    if (type.name === target) return steps;
    for (const field of Object.values(type.getFields())) {
      const next = getNamedType(field.type);
      if (!isObjectType(next) || seen.has(next.name)) continue;
      const args: string[] = [];
      let reachable = true;
      for (const arg of field.args) {
        if (!isNonNullType(arg.type) || arg.defaultValue !== undefined) continue;
        const value = known[`${type.name}.${field.name}.${arg.name}`];
        if (value === undefined) reachable = false;
        else args.push(`${arg.name}: ${JSON.stringify(value)}`);
      }
      if (!reachable) continue;
      seen.add(next.name);
      queue.push({ type: next, steps: [...steps, { field: field.name, args: args.length ? `(${args.join(', ')})` : '' }] });
    }
  }
  return null;
}

function wrap(steps: Step[], inner: string): string {
  return steps.reduceRight((selection, step) => `${step.field}${step.args} { ${selection} }`, inner);
}

/** True when the response reached the connection: the last step's data holds it. */
function reached(response: GqlResponse, steps: Step[], field: string): boolean {
  let value: unknown = response.data;
  for (const step of [...steps.map((s) => s.field), field]) {
    while (Array.isArray(value)) value = value[0];
    if (!value || typeof value !== 'object') return false;
    value = (value as Record<string, unknown>)[step];
  }
  return value !== null && value !== undefined;
}

describe('connection arguments, nested and top level, generated from the schema', () => {
  let api: TestApp;
  let schema: GraphQLSchema;
  const tokens: string[] = [];
  const known: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    schema = api.app.get(GraphQLSchemaHost).schema;
    const police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const coordinator = await api.signedIn(police, [Role.COORDINATOR]);
    const admin = await api.signedIn(police, [Role.ADMIN]);
    const auditor = await api.signedIn(police, [Role.AUDITOR]);
    tokens.push(coordinator.token, admin.token, auditor.token);
    const opened = await api.gql<{ openCase: { id: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: { title: 'Hałas na podwórku', type: 'LOCAL_CONFLICT', area: { district: 'Centrum' }, diagnosis: { what: 'spór o hałas' } } },
      { token: coordinator.token },
    );
    const caseId = opened.data!.openCase.id;
    const task = await api.gql<{ createTask: { id: string } }>(
      'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }',
      { input: { caseId, title: 'Rozmowa z sąsiadami', organisationId: police.id, effortPoints: 1, dueDate: '2030-01-01' } },
      { token: coordinator.token },
    );
    Object.assign(known, {
      'Query.case.id': caseId,
      'Query.task.id': task.data!.createTask.id,
      'Query.organisation.id': police.id,
      'Query.workload.organisationId': police.id,
    });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('finds the connections the issue named among those it walks', () => {
    const names = connectionFields(schema).map(({ type, field }) => `${type.name}.${field.name}`);
    expect(names).toEqual(expect.arrayContaining(['Case.updates', 'Case.tasks', 'Workload.people', 'Query.cases', 'Query.myTasks', 'Query.users', 'Query.auditEvents']));
  });

  it('answers every out-of-range or malformed connection argument with BAD_USER_INPUT, never an internal error', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const { type, field } of connectionFields(schema)) {
      const where = `${type.name}.${field.name}`;
      const steps = routeTo(schema, type.name, known);
      if (!steps) {
        failures.push(`${where}: no way to reach ${type.name} from Query (add a fixture to \`known\`)`);
        continue;
      }
      const document = (argument: string | null, variableType?: string) =>
        `query Probe${argument ? `($v: ${variableType})` : ''} { ${wrap(steps, `${field.name}${argument ? `(${argument}: $v)` : ''} { totalCount edges { cursor } }`)} }`;

      // Someone who may read it: the first signed-in role that gets it without an error.
      let token: string | undefined;
      for (const candidate of tokens) {
        const baseline = await api.gql(document(null), {}, { token: candidate });
        if (!baseline.errors && reached(baseline, steps, field.name)) {
          token = candidate;
          break;
        }
      }
      if (!token) {
        failures.push(`${where}: no fixture role reads it`);
        continue;
      }

      for (const arg of field.args) {
        const values = samples(arg.type, arg.name);
        const cases = [
          ...values.ok.map((value) => ({ value, expect: 'ok' as const })),
          ...values.bad.map((value) => ({ value, expect: 'bad' as const })),
          ...values.odd.map((value) => ({ value, expect: 'odd' as const })),
        ];
        for (const { value, expect: expected } of cases) {
          sent++;
          const response = await api.gql(document(arg.name, String(arg.type)), { v: value }, { token });
          const codes = (response.errors ?? []).map((e) => e.extensions?.code);
          const label = `${where}(${arg.name}: ${JSON.stringify(value)?.slice(0, 60)}) → ${response.status} ${JSON.stringify(codes)}`;
          if (response.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) failures.push(`${label}: internal error`);
          else if (expected === 'ok' && (response.errors || !reached(response, steps, field.name))) failures.push(`${label}: expected an answer`);
          else if (expected === 'bad' && errorCode(response) !== 'BAD_USER_INPUT') failures.push(`${label}: expected BAD_USER_INPUT`);
          else if (expected === 'odd' && response.errors && errorCode(response) !== 'BAD_USER_INPUT') failures.push(`${label}: expected an answer or BAD_USER_INPUT`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(200);
  }, 300_000);
});
