import { defineMessages, interpolate, messageProblems, type Dictionary, type Message } from './messages';

describe('defineMessages', () => {
  it('keeps both languages as written', () => {
    const texts = defineMessages({ pl: { hello: 'Dzień dobry, {name}', count: (n: number) => `${n} szt.` }, en: { hello: 'Hello {name}', count: (n) => `${n} pcs` } });
    expect(interpolate(texts.en.hello, { name: 'Anna' })).toBe('Hello Anna');
    expect(texts.pl.count(3)).toBe('3 szt.');
    expect(messageProblems(texts)).toEqual([]);
  });

  it('refuses, when compiling, an English text missing a key or a placeholder of the Polish one', () => {
    // @ts-expect-error -- `bye` is not in English
    defineMessages({ pl: { hello: 'Cześć', bye: 'Pa' }, en: { hello: 'Hi' } });
    // @ts-expect-error -- `{name}` is not in English
    defineMessages({ pl: { hello: 'Cześć, {name}' }, en: { hello: 'Hi' } });
    // @ts-expect-error -- `welcome` is not in Polish
    defineMessages({ pl: { hello: 'Cześć' }, en: { hello: 'Hi', welcome: 'Welcome' } });
    expect(defineMessages({ pl: { hello: 'Cześć, {name}' }, en: { hello: 'Hi {name}' } }).en.hello).toBe('Hi {name}');
  });
});

describe('messageProblems', () => {
  // What the types above refuse, as a dictionary assembled at run time would hold it.
  const loose = (pl: Record<string, Message>, en: Record<string, Message>) => ({ pl, en }) as Dictionary<Record<string, Message>>;

  it('names a key missing in a language, one too many, an empty text and a placeholder that differs', () => {
    expect(messageProblems(loose({ a: 'A', b: 'B {n}', c: 'C', d: 'D' }, { a: 'A', b: 'B {m}', c: ' ', e: 'E' }))).toEqual([
      'en.e: not in pl',
      'en.b: placeholders {m} where pl has {n}',
      'en.c: empty',
      'en.d: missing',
    ]);
  });

  it('names a template where the other language has a function', () => {
    expect(messageProblems(loose({ a: () => 'A' }, { a: 'A' }))).toEqual(['en.a: a string where pl has a function']);
  });

  it('leaves a placeholder without a value as written', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
