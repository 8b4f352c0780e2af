import { resources } from './resources';

/** Every key path of a message tree: `a.b.c` for nested objects. */
function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

describe('message files', () => {
  it('have the same namespaces in Polish and English', () => {
    expect(Object.keys(resources.en).sort()).toEqual(Object.keys(resources.pl).sort());
  });

  it.each(Object.keys(resources.pl))('namespace %s has the same keys in both languages, none empty', (namespace) => {
    const pl = keys(resources.pl[namespace as keyof typeof resources.pl]).sort();
    const en = keys(resources.en[namespace as keyof typeof resources.en]).sort();
    expect({ missingInEnglish: pl.filter((k) => !en.includes(k)), missingInPolish: en.filter((k) => !pl.includes(k)) }).toEqual({
      missingInEnglish: [],
      missingInPolish: [],
    });
    const values = (tree: unknown): unknown[] => (typeof tree === 'object' && tree !== null ? Object.values(tree).flatMap(values) : [tree]);
    for (const lang of ['pl', 'en'] as const) {
      for (const value of values(resources[lang][namespace as keyof typeof resources.pl])) {
        expect(typeof value === 'string' && value.trim().length > 0).toBe(true);
      }
    }
  });
});
