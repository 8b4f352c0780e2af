/**
 * CommonGround's local ESLint rules, as a flat-config plugin object (loaded by the root eslint.config.mjs
 * under the prefix `cg/`).
 */
import graphqlResolversShouldBeGuarded from './rules/graphql-resolvers-should-be-guarded.mjs';

export default {
  meta: { name: 'eslint-plugin-cg', version: '0.1.0' },
  rules: {
    'graphql-resolvers-should-be-guarded': graphqlResolversShouldBeGuarded,
  },
};
