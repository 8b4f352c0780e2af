/**
 * local/resolver-needs-policy — STYLE.md rule 1: "Every resolver says who may call it."
 *
 * In a class decorated `@Resolver`, every `@Query`, `@Mutation` and `@Subscription` method must carry one
 * of the access decorators `@Public()`, `@Authenticated()` or `@Policy(action, subject)`. A decorator on the
 * class counts too, because the global `PoliciesGuard` reads the metadata from the handler and then the class
 * (`reflector.getAllAndOverride(POLICY_KEY, [handler, class])`). `@ResolveField` methods are exempt (Nest
 * does not run guards on them; their services check access).
 *
 * Names are matched through import aliases (`import { Query as GqlQuery } from '@nestjs/graphql'`) and
 * namespace access (`@gql.Query()`).
 */

const RESOLVER = 'Resolver';
const OPERATIONS = new Set(['Query', 'Mutation', 'Subscription']);
const ACCESS = new Set(['Public', 'Authenticated', 'Policy']);

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: {
      description:
        'GraphQL operations (@Query, @Mutation, @Subscription) in a @Resolver class must declare who may call them with @Public, @Authenticated or @Policy',
    },
    schema: [],
    messages: {
      unguarded:
        "GraphQL {{kind}} '{{name}}' does not say who may call it: add @Public(), @Authenticated() or @Policy(action, subject) to the method or the class (STYLE.md rule 1).",
    },
  },

  create(context) {
    /** local identifier → exported name, for named imports (`import { Query as Q }` maps Q → Query). */
    const importedAs = new Map();
    /** Classes seen in this file, checked at Program:exit so that import order does not matter. */
    const pending = [];

    /** The name a decorator refers to: `@X`, `@X()`, `@ns.X`, `@ns.X()` → 'X' (aliases resolved). */
    function decoratorName(decorator) {
      let expression = decorator.expression;
      if (expression.type === 'CallExpression') expression = expression.callee;
      if (expression.type === 'Identifier') return importedAs.get(expression.name) ?? expression.name;
      if (expression.type === 'MemberExpression' && !expression.computed && expression.property.type === 'Identifier') {
        return expression.property.name;
      }
      return undefined;
    }

    const names = (node) => (node.decorators ?? []).map(decoratorName).filter(Boolean);

    function memberName(member) {
      const key = member.key;
      if (!member.computed && key.type === 'Identifier') return key.name;
      if (key.type === 'PrivateIdentifier') return `#${key.name}`;
      if (key.type === 'Literal') return String(key.value);
      return context.sourceCode.getText(key);
    }

    function checkClass(classNode) {
      const classDecorators = names(classNode);
      if (!classDecorators.includes(RESOLVER)) return;
      if (classDecorators.some((n) => ACCESS.has(n))) return;

      for (const member of classNode.body.body) {
        if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') continue;
        const decorators = member.decorators ?? [];
        const operationDecorator = decorators.find((d) => OPERATIONS.has(decoratorName(d)));
        if (!operationDecorator) continue;
        if (decorators.some((d) => ACCESS.has(decoratorName(d)))) continue;
        const operation = decoratorName(operationDecorator);
        // Reported on the @Query/@Mutation/@Subscription line, so that an `eslint-disable-next-line` above it
        // (a test of the deny-by-default guard, say) applies.
        context.report({
          node: operationDecorator,
          messageId: 'unguarded',
          data: { kind: operation.toLowerCase(), name: memberName(member) },
        });
      }
    }

    return {
      ImportDeclaration(node) {
        for (const specifier of node.specifiers) {
          if (specifier.type !== 'ImportSpecifier') continue;
          const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
          if (imported !== specifier.local.name) importedAs.set(specifier.local.name, imported);
        }
      },
      'ClassDeclaration, ClassExpression'(node) {
        pending.push(node);
      },
      'Program:exit'() {
        for (const node of pending) checkClass(node);
      },
    };
  },
};
