/**
 * One way to write SQL (issue 14): statements are `sql` tagged templates from @cg/server/db, whose values are always
 * parameters, run with `query()` / `execute()`. This rule refuses the other ways, in server code:
 *   - `x.query('…')` or `x.query(`…`)`: a statement passed to a driver as a string (`stringQuery`);
 *   - an untagged template literal that reads as SQL and interpolates something (`interpolatedSql`): text built
 *     by concatenation, where a value could become SQL;
 *   - `sql(…)` called as a function rather than as a tag (`sqlAsFunction`): it would take any string as SQL text;
 *   - TypeORM's `escapeQueryWithParameters` and `:name` parameter strings (`namedParameters`).
 * Migrations (a fixed history of DDL) and the helper itself are exempt by configuration.
 */
// Upper-case keywords, as every statement here is written (prose that says "where" or "select" is not SQL).
const SQL_TEXT = /\b(SELECT\s|INSERT\s+INTO|UPDATE\s+[a-z_"]+\s+SET|DELETE\s+FROM|WHERE\s|JOIN\s|EXISTS\s*\()/;

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'SQL only through the sql tagged template of @cg/server/db' },
    messages: {
      stringQuery: 'Write the statement as sql`…` (values become parameters) and run it with query() or execute() from @cg/server/db.',
      interpolatedSql: 'SQL text built by interpolation: write it as sql`…`, where a value is always a parameter and a fragment is spliced explicitly.',
      sqlAsFunction: 'Use sql as a tag (sql`…`): called as a function it would take any string as SQL text.',
      namedParameters: 'No :name parameters through TypeORM: write the statement as sql`…`.',
    },
    schema: [],
  },
  create(context) {
    const isStringy = (node) => node && (node.type === 'TemplateLiteral' || (node.type === 'Literal' && typeof node.value === 'string'));
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
          if (callee.property.name === 'query' && isStringy(node.arguments[0])) context.report({ node, messageId: 'stringQuery' });
          if (callee.property.name === 'escapeQueryWithParameters') context.report({ node, messageId: 'namedParameters' });
        }
        if (callee.type === 'Identifier' && callee.name === 'sql') context.report({ node, messageId: 'sqlAsFunction' });
      },
      TemplateLiteral(node) {
        if (node.parent?.type === 'TaggedTemplateExpression' && node.parent.quasi === node) return;
        if (node.expressions.length === 0) return;
        const text = node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join(' ');
        if (SQL_TEXT.test(text)) context.report({ node, messageId: 'interpolatedSql' });
      },
    };
  },
};
