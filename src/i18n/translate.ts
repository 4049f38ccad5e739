import type { en } from './en.ts';

export type Key = keyof typeof en;
/** Every catalog has the English keys, each a string (catalogs.test.ts checks the placeholders). */
export type Catalog = Record<Key, string>;

/** The `{name}` placeholders of one English string, as a union of their names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;
type Names<K extends Key> = Placeholders<(typeof en)[K]>;

/** The keys whose strings take no params: what a table of labels holds. */
export type PlainKey = { [K in Key]: [Names<K>] extends [never] ? K : never }[Key];

/** A placeholder's value: text, a number, or another phrase said in the same language. */
export type Param = string | number | Phrase;
export type ParamsOf<K extends Key> = { [P in Names<K>]: Param };
/** The arguments after the key: the params when the string has placeholders, nothing when not. */
export type ArgsOf<K extends Key> = [Names<K>] extends [never] ? [] : [ParamsOf<K>];

/**
 * Something to say, not yet said in any language: what `src/core/` returns, so the UI that shows it
 * picks the words (core knows no language and reads no browser globals).
 */
export type Phrase = {
  [K in Key]: [Names<K>] extends [never] ? { key: K } : { key: K; params: ParamsOf<K> };
}[Key];

export const phrase = <K extends Key>(key: K, ...args: ArgsOf<K>): Phrase =>
  (args.length ? { key, params: args[0] } : { key }) as Phrase;

const PLACEHOLDER = /\{(\w+)\}/g;

/** `t(key, params)` and `say(phrase)` in one catalog's words. A missing param stays `{name}`, visibly. */
export function translator(catalog: Catalog) {
  const fill = (template: string, params: Readonly<Record<string, Param>> | undefined): string =>
    template.replace(PLACEHOLDER, (whole, name: string) => {
      const value = params?.[name];
      return value === undefined ? whole : typeof value === 'object' ? say(value) : String(value);
    });
  const say = (p: Phrase): string => fill(catalog[p.key], 'params' in p ? p.params : undefined);
  const t = <K extends Key>(key: K, ...args: ArgsOf<K>): string => fill(catalog[key], args[0]);
  /** The string as the catalog has it, placeholders and all: for `interleave`. */
  const template = (key: Key): string => catalog[key];
  return { t, say, template };
}

/**
 * A string cut at its placeholders, each replaced by its value as is: for a sentence with markup
 * inside (`<strong>{name}</strong> wants to watch`), whose word order the catalog decides.
 */
export function interleave<T>(template: string, values: Readonly<Record<string, T>>): (string | T)[] {
  const parts: (string | T)[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const value = values[match[1]!];
    if (value === undefined) continue;
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push(value);
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}
