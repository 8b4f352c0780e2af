import { buildSchema, parse, validate } from 'graphql';
import { maxFieldRepeatsRule } from './graphql.config';
import { rootFields } from './rate-limits';

const schema = buildSchema(`
  type User { id: ID! name: String friend: User }
  type Query { me: User }
  type Mutation { login(email: String): String refreshSession(token: String): String logout: Boolean }
`);

const messages = (source: string, max = 3) => validate(schema, parse(source), [maxFieldRepeatsRule(max)]).map((e) => e.message);

describe('the field-repeat limit', () => {
  it('counts __typename and aliased keys like any field, per selection set', () => {
    expect(messages('{ __typename __typename __typename me { id id id } }')).toEqual([]);
    expect(messages('{ __typename __typename __typename __typename }')).toEqual(['Field repeats limit of 3 exceeded: "__typename" is selected 4 times.']);
    expect(messages('{ me { a: id a: id a: id a: id } }')).toEqual(['Field repeats limit of 3 exceeded: "a" is selected 4 times.']);
    // Different keys are the alias limit's business, not this one's.
    expect(messages('{ me { a: id b: id c: id d: id } }')).toEqual([]);
  });

  it('counts fields brought in by fragments where they land, and ends on a fragment cycle', () => {
    expect(messages('{ me { id ...F ...F } } fragment F on User { id }')).toEqual([]);
    expect(messages('{ me { id ...F ...F ... on User { id } } } fragment F on User { id }')).toEqual(['Field repeats limit of 3 exceeded: "id" is selected 4 times.']);
    expect(() => validate(schema, parse('{ me { ...A } } fragment A on User { friend { ...A } }'), [maxFieldRepeatsRule(3)])).not.toThrow();
  });
});

describe('root fields counted by the rate limits', () => {
  it('lists each occurrence, through aliases, inline fragments and fragment spreads', () => {
    const document = parse('mutation { a: login(email: "x") b: login(email: "y") ... on Mutation { refreshSession(token: "t") } ...M __typename } fragment M on Mutation { logout login }');
    const operation = document.definitions[0];
    const fragments = new Map(document.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])));
    expect(operation?.kind).toBe('OperationDefinition');
    if (operation?.kind !== 'OperationDefinition') return;
    expect(rootFields(operation, fragments)).toEqual(['login', 'login', 'refreshSession', 'logout', 'login']);
  });
});
