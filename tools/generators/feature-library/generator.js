// @ts-check
// `nx g ./tools/generators:feature-library <name>`: a server feature library shaped like the others (CONTRIBUTING.md,
// "A feature library"). Plain CommonJS: Nx would need ts-node or swc to load a generator written in TypeScript.
const { join } = require('node:path');
const { addProjectConfiguration, generateFiles, logger, names, offsetFromRoot } = require('@nx/devkit');

const ABILITY = 'libs/server/authz/src/ability.ts';
const TSCONFIG_BASE = 'tsconfig.base.json';

/**
 * @typedef {{ name: string; subject?: string; skipAbility?: boolean }} FeatureLibrarySchema
 * @typedef {import('@nx/devkit').Tree} Tree
 */

/** The names every template uses, from the library's name (kebab-case) and its subject (PascalCase singular). */
function normalise(/** @type {FeatureLibrarySchema} */ options) {
  const name = options.name;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error(`feature-library: "${name}" is not a kebab-case name`);
  const singular = name.endsWith('ies') ? `${name.slice(0, -3)}y` : name.endsWith('s') && !name.endsWith('ss') ? name.slice(0, -1) : name;
  const subject = options.subject ?? names(singular).className;
  if (!/^[A-Z][A-Za-z0-9]*$/.test(subject)) throw new Error(`feature-library: subject "${subject}" is not PascalCase`);
  // The list query and the table: the name itself when it is a plural, else with an s (example → examples).
  const plural = name === singular ? `${name}s` : name;
  return {
    name,
    className: names(name).className,
    subject,
    subjectFile: names(subject).fileName,
    subjectProperty: names(subject).propertyName,
    listField: names(plural).propertyName,
    listClass: names(plural).className,
    table: plural.replace(/-/g, '_'),
    root: `libs/server/${name}`,
    projectName: `server-${name}`,
    alias: `@cg/server/${name}`,
    /** Its operations through the API: apps import features, a library never imports an app (so it lives there). */
    apiTest: `apps/api/test/${name}.int-spec.ts`,
  };
}

/** Adds `"alias": ["<root>/src/index.ts"]` as the last entry of compilerOptions.paths, keeping the file's layout. */
function addPathAlias(/** @type {Tree} */ tree, /** @type {string} */ alias, /** @type {string} */ root) {
  const text = tree.read(TSCONFIG_BASE, 'utf-8');
  if (text === null) throw new Error(`feature-library: ${TSCONFIG_BASE} not found`);
  const paths = JSON.parse(text).compilerOptions?.paths ?? {};
  if (alias in paths) throw new Error(`feature-library: ${alias} is already in ${TSCONFIG_BASE}`);
  const block = /("paths"\s*:\s*\{)([\s\S]*?)(\n([ \t]*)\})/.exec(text);
  if (!block) throw new Error(`feature-library: no "paths" object in ${TSCONFIG_BASE}`);
  const body = block[2].replace(/\s+$/, '');
  const indent = /\n([ \t]+)"/.exec(body)?.[1] ?? `${block[4]}  `;
  const entry = `${indent}${JSON.stringify(alias)}: [${JSON.stringify(`${root}/src/index.ts`)}]`;
  const updated = `${block[1]}${body}${body.trim() ? ',' : ''}\n${entry}${block[3]}`;
  tree.write(TSCONFIG_BASE, text.slice(0, block.index) + updated + text.slice(block.index + block[0].length));
}

/** The body of `interface SubjectFields` in ability.ts; refuses a subject it declares already. */
function subjectFields(/** @type {Tree} */ tree, /** @type {string} */ subject) {
  const text = tree.read(ABILITY, 'utf-8');
  if (text === null) throw new Error(`feature-library: ${ABILITY} not found`);
  const fields = /export interface SubjectFields \{\n([\s\S]*?)\n\}/.exec(text);
  if (!fields) throw new Error(`feature-library: no "export interface SubjectFields {" in ${ABILITY}`);
  if (new RegExp(`^\\s+${subject}:`, 'm').test(fields[1])) throw new Error(`feature-library: subject ${subject} already exists in ${ABILITY}; pick another with --subject`);
  return { text, fields };
}

/**
 * Declares the subject (the fields its rules may name) and its starting rules in the one place rules live. Deny by
 * default: only these grants exist; they are a starting point to adjust to DESIGN.md §3, and the generated policy spec
 * says what they are.
 */
function addSubjectAndRules(/** @type {Tree} */ tree, /** @type {ReturnType<typeof normalise>} */ v) {
  const found = subjectFields(tree, v.subject);
  const fields = found.fields;
  let text = found.text;
  const fieldsEnd = fields.index + fields[0].length - 2; // before "\n}"
  text = `${text.slice(0, fieldsEnd)}\n  ${v.subject}: { id: string; organisationId: string };${text.slice(fieldsEnd)}`;

  const define = text.indexOf('export function defineAbilityFor(');
  const built = define === -1 ? -1 : text.indexOf('\n  return build();\n}', define);
  if (built === -1) throw new Error(`feature-library: no "return build();" closing defineAbilityFor in ${ABILITY}`);
  const rules = `define${v.subject}Rules`;
  text = `${text.slice(0, built)}\n  ${rules}(actor, roles, can);${text.slice(built)}`;
  text += `
/**
 * ${v.subject}s (${v.root}): each belongs to one organisation; its coordinators, staff and partners read its own, its
 * coordinators create them. Generated as a starting point: adjust to DESIGN.md §3 (and ${v.root}/src/${v.name}.policy.spec.ts).
 */
function ${rules}(actor: Actor, roles: Set<Role>, can: CanFn): void {
  const own = { organisationId: actor.organisationId };
  if (roles.has(Role.COORDINATOR) || roles.has(Role.STAFF) || roles.has(Role.PARTNER)) can('read', '${v.subject}', own);
  if (roles.has(Role.COORDINATOR)) can('create', '${v.subject}', own);
}
`;
  tree.write(ABILITY, text);
}

/** @param {Tree} tree @param {FeatureLibrarySchema} options */
async function featureLibraryGenerator(tree, options) {
  const v = normalise(options);
  // Everything that could refuse is checked before anything is written.
  if (tree.exists(v.root)) throw new Error(`feature-library: ${v.root} exists already`);
  if (tree.exists(v.apiTest)) throw new Error(`feature-library: ${v.apiTest} exists already`);
  if (v.alias in (JSON.parse(tree.read(TSCONFIG_BASE, 'utf-8') ?? '{}').compilerOptions?.paths ?? {})) throw new Error(`feature-library: ${v.alias} is already in ${TSCONFIG_BASE}`);
  if (!options.skipAbility) subjectFields(tree, v.subject);

  addProjectConfiguration(tree, v.projectName, {
    root: v.root,
    sourceRoot: `${v.root}/src`,
    projectType: 'library',
    // As every feature library: it may import infrastructure and shared libraries only (eslint.config.mjs, depConstraints).
    tags: ['type:feature'],
    targets: {
      // The apps compile the libraries from source; this builds the library alone (its tests excluded), to prove it does.
      build: {
        executor: 'nx:run-commands',
        outputs: [`{workspaceRoot}/dist/${v.root}`],
        options: { command: `tsc -p ${v.root}/tsconfig.lib.json` },
      },
      test: {
        executor: 'nx:run-commands',
        options: { command: `node node_modules/jest/bin/jest.js --ci --config ${v.root}/jest.config.js` },
      },
    },
  });
  generateFiles(tree, join(__dirname, 'files'), v.root, { ...v, offset: offsetFromRoot(v.root), tmpl: '' });
  generateFiles(tree, join(__dirname, 'files-api'), 'apps/api/test', { ...v, tmpl: '' });
  addPathAlias(tree, v.alias, v.root);
  if (!options.skipAbility) addSubjectAndRules(tree, v);

  return () => {
    logger.info(
      [
        `Generated ${v.root} (${v.projectName}, ${v.alias}). Next (CONTRIBUTING.md, "A feature library"):`,
        `  - the table ${v.table}: an entity in libs/server/db/src/entities, then npm run migration:generate -- Add${v.listClass}`,
        `    (then delete the CREATE TABLE of the two generated integration tests)`,
        `  - the rules for ${v.subject} in ${ABILITY} (${options.skipAbility ? 'not added: --skip-ability' : 'a starting set was added'})`,
        `  - ${v.className}Module in apps/api/src/app/app.module.ts, then npm run schema:emit`,
        `  - nx run ${v.projectName}:build, nx lint ${v.projectName}, nx test ${v.projectName} (after building the API),`,
        `    and node node_modules/jest/bin/jest.js --ci ${v.apiTest}`,
      ].join('\n'),
    );
  };
}

module.exports = featureLibraryGenerator;
module.exports.default = featureLibraryGenerator;
module.exports.featureLibraryGenerator = featureLibraryGenerator;
module.exports.normalise = normalise;
