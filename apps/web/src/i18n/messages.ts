// The message files as the app loads them: the shell's namespaces (common, errors, auth) with the first page, every
// other namespace of the reader's language when a page first asks for it, each its own small chunk. (The component
// tests use messages.all.ts instead, everything at once: see vite.config.mts.)
type Tree = Record<string, unknown>;

const SHELL = import.meta.glob<Tree>('./{pl,en}/{common,errors,auth}.json', { eager: true, import: 'default' });
const LAZY = import.meta.glob<Tree>(['./{pl,en}/*.json', '!./{pl,en}/{common,errors,auth}.json'], { import: 'default' });

/** Everything at once (tests), or null: the app loads namespaces as pages need them. */
export const allMessages: Record<string, Record<string, Tree>> | null = null;

/** The shell's namespaces, by language. */
export function shellMessages(): Record<string, Record<string, Tree>> {
  const out: Record<string, Record<string, Tree>> = {};
  for (const [path, tree] of Object.entries(SHELL)) {
    const [, lng, ns] = /^\.\/(\w+)\/(\w+)\.json$/.exec(path) ?? [];
    if (lng && ns) (out[lng] ??= {})[ns] = tree;
  }
  return out;
}

export function loadNamespace(lng: string, ns: string): Promise<Tree> {
  const load = LAZY[`./${lng}/${ns}.json`];
  return load ? load() : Promise.reject(new Error(`no messages ${lng}/${ns}`));
}
