import { DEFAULT_LOCALE, LOCALES, type Locale } from './roles';

/**
 * The one pattern for text a person reads, on every surface (error messages, notification titles, e-mails, the
 * queue dashboard's form): one dictionary per surface, written once per language,
 *
 *   const TEXTS = defineMessages({ pl: { signIn: 'Zaloguj się' }, en: { signIn: 'Sign in' } });
 *
 * The Polish object (the default language) is the source: its keys type every other language's, so a key missing
 * or misspelt in English does not compile. A message is a template with `{name}` placeholders, or a function when
 * the wording needs more than substitution (plurals, a quoted title); an English template must keep every
 * placeholder of the Polish one, a function its arguments. `messageProblems` repeats those checks at run time, for
 * the spec of each surface.
 */
export type Message = string | ((...args: never[]) => string);

/** The names of a template's `{name}` placeholders, as a union (`never` for none). */
export type ParamNames<T> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** The values a template's placeholders take: `{ min: number | string }` for 'at least {min} characters'. */
export type ParamsOf<T> = { [Name in ParamNames<T>]: string | number };

/** Values for any template, where the message is not known when the code is written (a stored error). */
export type MessageParams = Record<string, string | number>;

type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Placeholders<Names extends string> = Intersect<Names extends string ? `${string}{${Names}}${string}` : never>;

/** What another language's message must be, given the Polish one. */
export type Translation<T> = T extends string
  ? [ParamNames<T>] extends [never]
    ? string
    : Placeholders<ParamNames<T>>
  : T extends (...args: infer Args) => string
    ? (...args: Args) => string
    : never;

export type Translations<Source> = { readonly [Key in keyof Source]: Translation<Source[Key]> };

export type Dictionary<Source> = { readonly pl: Source } & { readonly [L in Exclude<Locale, 'pl'>]: Translations<Source> };

export function defineMessages<const Source extends Record<string, Message>>(
  messages: { pl: Source } & { [L in Exclude<Locale, 'pl'>]: NoInfer<Translations<Source>> },
): Dictionary<Source> {
  return messages;
}

/** A template with its placeholders filled in; a placeholder without a value stays as it is written. */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

const placeholders = (template: string): string => [...new Set(template.match(/\{\w+\}/g) ?? [])].sort().join(' ');

/**
 * What is wrong with a dictionary, for a spec to expect `[]`: a key a language lacks or has in excess, an empty
 * text, a template whose placeholders differ from the Polish one's, a function where the other has a template.
 */
export function messageProblems(dictionary: { readonly [L in Locale]: Readonly<Record<string, Message>> }): string[] {
  const source = dictionary[DEFAULT_LOCALE] as Record<string, Message>;
  const problems: string[] = [];
  for (const locale of LOCALES) {
    const messages = dictionary[locale] as Record<string, Message> | undefined;
    if (!messages) {
      problems.push(`${locale}: missing`);
      continue;
    }
    for (const key of Object.keys(messages)) if (!(key in source)) problems.push(`${locale}.${key}: not in ${DEFAULT_LOCALE}`);
    for (const [key, original] of Object.entries(source)) {
      const message = messages[key];
      if (message === undefined) problems.push(`${locale}.${key}: missing`);
      else if (typeof message !== typeof original) problems.push(`${locale}.${key}: a ${typeof message} where ${DEFAULT_LOCALE} has a ${typeof original}`);
      else if (typeof message === 'string' && message.trim() === '') problems.push(`${locale}.${key}: empty`);
      else if (typeof message === 'string' && placeholders(message) !== placeholders(original as string)) {
        problems.push(`${locale}.${key}: placeholders ${placeholders(message) || 'none'} where ${DEFAULT_LOCALE} has ${placeholders(original as string) || 'none'}`);
      }
    }
  }
  return problems;
}
