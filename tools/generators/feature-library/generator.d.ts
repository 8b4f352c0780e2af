import type { GeneratorCallback, Tree } from '@nx/devkit';

/** The options of `nx g ./tools/generators:feature-library` (schema.json). */
export interface FeatureLibrarySchema {
  /** The folder under libs/server, kebab-case. */
  name: string;
  /** The CASL subject and GraphQL type, PascalCase singular; by default the name's, a trailing s dropped. */
  subject?: string;
  /** Leave libs/server/authz/src/ability.ts alone. */
  skipAbility?: boolean;
}

/** The names the templates use. */
export interface FeatureLibraryNames {
  name: string;
  className: string;
  subject: string;
  subjectFile: string;
  subjectProperty: string;
  listField: string;
  listClass: string;
  table: string;
  root: string;
  projectName: string;
  alias: string;
  apiTest: string;
}

declare function featureLibraryGenerator(tree: Tree, options: FeatureLibrarySchema): Promise<GeneratorCallback>;
export default featureLibraryGenerator;
export { featureLibraryGenerator };
export function normalise(options: FeatureLibrarySchema): FeatureLibraryNames;
