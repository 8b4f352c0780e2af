import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields selected directly under the field being resolved (fragments and inline fragments
 * followed; `@skip`/`@include` are not evaluated, so a conditionally selected field counts as selected). For a
 * list field, these are the fields asked of each item.
 *
 * Used where selecting a field has a consequence of its own (reading personal data is written to the audit
 * trail): the answer depends on what was asked for, never on what the client happens to show.
 */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  return selectedFieldsAt(info, []);
}

/**
 * The same, below a path of fields under the field being resolved: `['edges', 'node']` gives what a connection
 * asks of each of its nodes (every selection of each step, fragments followed, merged).
 */
export function selectedFieldsAt(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): Set<string> {
  let sets: SelectionSetNode[] = (info.fieldNodes as readonly FieldNode[]).flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const step of path) sets = fieldsOf(info, sets).filter((field) => field.name.value === step).flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  return new Set(fieldsOf(info, sets).map((field) => field.name.value));
}

/** The fields selected directly in these selection sets, fragments and inline fragments followed. */
function fieldsOf(info: Pick<GraphQLResolveInfo, 'fragments'>, sets: readonly SelectionSetNode[]): FieldNode[] {
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        walk((info.fragments[selection.name.value] as FragmentDefinitionNode | undefined)?.selectionSet);
      }
    }
  };
  for (const set of sets) walk(set);
  return fields;
}

/** Whether any of `fields` is selected under the field being resolved (see `selectedFields`). */
export function selectsAny(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, fields: readonly string[]): boolean {
  const selected = selectedFields(info);
  return fields.some((field) => selected.has(field));
}
