import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { selectedFields, selectedFieldsAt, selectsAny } from './selection';

/** The info a resolver of `case.stakeholders` would get for this document. */
function infoFor(document: string) {
  const parsed = parse(document);
  const operation = parsed.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(parsed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const caseField = operation.selectionSet.selections[0] as FieldNode;
  const fieldNodes = caseField.selectionSet!.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'stakeholders');
  return { fieldNodes, fragments };
}

describe('selectedFields', () => {
  it('names the fields asked of each item, not those of nested objects', () => {
    const info = infoFor('{ case(id: "x") { id stakeholders { id name triangleRole } } }');
    expect([...selectedFields(info)].sort()).toEqual(['id', 'name', 'triangleRole']);
    expect(selectsAny(info, ['contactDetails', 'notes'])).toBe(false);
  });

  it('follows named and inline fragments, and merges a field asked for twice', () => {
    const info = infoFor(`
      query { case(id: "x") { stakeholders { id ...Personal } stakeholders { ... on Stakeholder { name } } } }
      fragment Personal on Stakeholder { notes ...Again }
      fragment Again on Stakeholder { contactDetails ...Personal }
    `);
    expect([...selectedFields(info)].sort()).toEqual(['contactDetails', 'id', 'name', 'notes']);
    expect(selectsAny(info, ['contactDetails'])).toBe(true);
  });

  it('counts a field under an alias by its name, and a conditionally included field as selected', () => {
    const info = infoFor('query($no: Boolean!) { case(id: "x") { stakeholders { phone: contactDetails @include(if: $no) } } }');
    expect(selectsAny(info, ['contactDetails'])).toBe(true);
  });
});

describe('selectedFieldsAt', () => {
  /** The info the resolver of the root field `cases` would get. */
  const rootInfo = (document: string) => {
    const parsed = parse(document);
    const operation = parsed.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = Object.fromEntries(parsed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    return { fieldNodes: operation.selectionSet.selections as FieldNode[], fragments };
  };

  it('names what a connection asks of each node, through fragments, and nothing where the path is not asked', () => {
    const info = rootInfo(`
      query { cases { totalCount edges { cursor node { id ...Row } } edges { node { title } } } }
      fragment Row on Case { participantCount participants { role } }
    `);
    expect([...selectedFieldsAt(info, ['edges', 'node'])].sort()).toEqual(['id', 'participantCount', 'participants', 'title']);
    expect([...selectedFieldsAt(info, ['edges'])].sort()).toEqual(['cursor', 'node']);
    expect(selectedFieldsAt(rootInfo('{ cases { totalCount } }'), ['edges', 'node']).size).toBe(0);
  });
});
