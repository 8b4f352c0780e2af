/**
 * One validated, typed configuration (STYLE.md, Layout and rule 6): the environment is read in libs/server/config
 * (`loadConfig`, validated at boot) and nowhere else; code asks `AppConfig` for what it needs. This rule refuses
 * `process.env` (also as `process['env']`, `globalThis.process.env`, `const { env } = process` and
 * `import { env } from 'node:process'`). The configuration library, tools, benchmarks and test support are exempt by
 * configuration (eslint.config.mjs).
 */

/** @param {import('estree').Node | null | undefined} node */
const isProcess = (node) =>
  !!node &&
  ((node.type === 'Identifier' && node.name === 'process') ||
    (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.property.name === 'process' && node.object.type === 'Identifier' && node.object.name === 'globalThis'));

/** @param {import('estree').Node} property @param {boolean} computed */
const isEnvKey = (property, computed) =>
  (!computed && property.type === 'Identifier' && property.name === 'env') || (computed && property.type === 'Literal' && property.value === 'env');

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'process.env only in the configuration library (libs/server/config)' },
    messages: {
      processEnv: 'Read the environment only in libs/server/config: add the variable to its schema (config.schema.ts, README configuration table) and inject AppConfig.',
    },
    schema: [],
  },
  create(context) {
    return {
      MemberExpression(node) {
        if (isProcess(node.object) && isEnvKey(node.property, node.computed)) context.report({ node, messageId: 'processEnv' });
      },
      VariableDeclarator(node) {
        if (node.id.type !== 'ObjectPattern' || !isProcess(node.init)) return;
        for (const property of node.id.properties) {
          if (property.type === 'Property' && isEnvKey(property.key, property.computed)) context.report({ node: property, messageId: 'processEnv' });
        }
      },
      ImportDeclaration(node) {
        if (node.source.value !== 'process' && node.source.value !== 'node:process') return;
        for (const specifier of node.specifiers) {
          if (specifier.type === 'ImportSpecifier' && specifier.imported.type === 'Identifier' && specifier.imported.name === 'env') context.report({ node: specifier, messageId: 'processEnv' });
        }
      },
    };
  },
};
