/**
 * The web app's feature folders (STYLE.md, "The web app"): a feature reaches another feature only through its
 * entry point (`features/<name>/index.ts`), never its files; features, `ui` and `lib` never import `app` (the app
 * composes them, not the other way); `ui` holds no GraphQL and imports no feature, and its pieces are imported by file
 * (no barrel: a shared barrel drags every piece into the first page's chunks).
 */
import { dirname, relative, resolve, sep } from 'node:path';

const SRC = `${sep}apps${sep}web${sep}src${sep}`;

/** `{ area: 'features', feature: 'cases', rest: 'CasePage' }` for a path inside apps/web/src, else null. */
function locate(path) {
  const at = path.indexOf(SRC);
  if (at < 0) return null;
  const parts = path.slice(at + SRC.length).split(sep);
  const area = parts[0];
  if (area === 'features') return { area, feature: parts[1] ?? '', rest: parts.slice(2).join('/') };
  return { area, feature: null, rest: parts.slice(1).join('/') };
}

export default {
  meta: {
    type: 'problem',
    docs: { description: "Web app layers: features through their index only; app imported by nobody; ui without GraphQL." },
    schema: [],
    messages: {
      deepFeature: "Import the feature '{{feature}}' through its index ('features/{{feature}}'), not its file '{{rest}}'.",
      intoApp: "'{{from}}' must not import the app shell (src/app): the app composes features, not the other way.",
      uiImports: "src/ui holds presentational pieces: no feature, no GraphQL client, no generated documents.",
      uiByFile: "Import a ui piece by its file ('ui/ErrorAlert'): a barrel puts every piece any page uses into the chunk of whoever imports it first.",
    },
  },
  create(context) {
    const file = context.filename;
    const from = locate(file);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (from.area === 'ui' && (/^@apollo\/client/.test(source) || /(^|\/)gql(\/|$)/.test(source))) {
        context.report({ node, messageId: 'uiImports' });
        return;
      }
      if (!source.startsWith('.')) return;
      const target = locate(resolve(dirname(file), source));
      if (!target) return;
      if (target.area === 'app' && from.area !== 'app' && from.area !== 'main.tsx') {
        context.report({ node, messageId: 'intoApp', data: { from: relative(process.cwd(), file) } });
      }
      if (from.area === 'ui' && target.area === 'features') context.report({ node, messageId: 'uiImports' });
      if (target.area === 'ui' && (target.rest === '' || target.rest === 'index' || target.rest === 'index.ts')) context.report({ node, messageId: 'uiByFile' });
      if (target.area === 'features' && target.feature !== from.feature && target.rest !== '' && target.rest !== 'index' && target.rest !== 'index.ts') {
        context.report({ node, messageId: 'deepFeature', data: { feature: target.feature, rest: target.rest } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
