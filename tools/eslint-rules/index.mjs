/**
 * CommonGround's local ESLint rules, as a flat-config plugin object. The root eslint.config.mjs registers it
 * under the prefix `local/`.
 */
import noProcessEnv from './rules/no-process-env.mjs';
import resolverNeedsPolicy from './rules/resolver-needs-policy.mjs';
import sqlThroughHelper from './rules/sql-through-helper.mjs';
import webFeatureBoundaries from './rules/web-feature-boundaries.mjs';

export default {
  meta: { name: 'eslint-plugin-local', version: '0.1.0' },
  rules: {
    'no-process-env': noProcessEnv,
    'resolver-needs-policy': resolverNeedsPolicy,
    'sql-through-helper': sqlThroughHelper,
    'web-feature-boundaries': webFeatureBoundaries,
  },
};
