import fc from 'fast-check';
import { utf8 } from '../../src/core/util/bytes.ts';

/**
 * Runs per property: enough to reach the shallow corners of a schema, few enough that the unit
 * suite stays at a few seconds on a two-core machine.
 */
export const RUNS = { numRuns: 300 } as const;
/** Properties that seal or open with WebCrypto, or build strings near a 64 KiB limit, each run. */
export const FEW_RUNS = { numRuns: 100 } as const;

export const byteLength = (text: string) => utf8(text).length;

/**
 * A JSON token written as it is, not as a string: what a hostile peer can send but
 * `JSON.stringify` never writes (`1e999` parses to Infinity, `NaN` is not JSON at all).
 */
export class Raw {
  constructor(readonly token: string) {}
}

/** JSON text of `value`, with every `Raw` in it written as its bare token. */
export function toJsonText(value: unknown): string {
  const tokens: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof Raw)) return item;
    tokens.push(item.token);
    return `\u0000raw${tokens.length - 1}\u0000`;
  });
  // `undefined` at the top (a removed root) serialises to nothing, which is not JSON either.
  if (text === undefined) return '';
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_match, at: string) => tokens[Number(at)] ?? '');
}

/** Strings of every kind of code point, lone surrogates included (JSON can carry them escaped). */
export const anyText = (maxLength = 64) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
    fc.string({ unit: fc.constantFrom('\ud800', '\udfff', '\u0000', '\u2028', '"', '\\'), maxLength }),
  );

/** One character repeated: cheap to build at any length, unlike a generated string. */
export const longText = (minLength: number, maxLength: number) =>
  fc
    .tuple(
      fc.constantFrom('x', ' ', 'é', '€', '😀', '\u0000'),
      fc.integer({ min: minLength, max: maxLength }),
    )
    .map(([char, length]) => char.repeat(Math.ceil(length / char.length)).slice(0, length));

/** Values that trip naive checks: edge numbers, look-alike strings, wrong containers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    0.5,
    1.0000000000000002,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    '',
    '0',
    '1',
    'NaN',
    'Infinity',
    'null',
    'true',
    '__proto__',
    'constructor',
    [],
    {},
    [0.5, 0.5],
    { __proto__: null },
  ),
  fc.constantFrom(
    new Raw('1e999'),
    new Raw('-1e999'),
    new Raw('1e-400'),
    new Raw('-0'),
    new Raw('9007199254740993'),
    new Raw('NaN'),
    new Raw('Infinity'),
    new Raw('undefined'),
  ),
  fc.double(),
  fc.integer(),
  anyText(),
  longText(1000, 70_000),
  fc.jsonValue({ maxDepth: 2 }),
);

/** The hostile values `JSON.stringify` can write: an extra field of one leaves the message valid JSON. */
export const jsonValue = hostileValue.filter((value) => !(value instanceof Raw));

type Path = (string | number)[];

function containers(value: unknown, path: Path = []): { path: Path; value: object }[] {
  if (typeof value !== 'object' || value === null) return [];
  const here = { path, value };
  const children = Object.entries(value).flatMap(([key, item]) =>
    containers(item, [...path, Array.isArray(value) ? Number(key) : key]),
  );
  return [here, ...children];
}

const at = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);

/**
 * A valid message changed in one place, anywhere in its tree: a field removed, a field or element
 * given a hostile value, or an extra field or element added. Most are invalid; some (an extra field)
 * must be accepted with the extra dropped.
 */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return valid.chain((message) => {
    const spots = containers(message);
    if (spots.length === 0) return fc.constant(message);
    return fc
      .record({
        spot: fc.constantFrom(...spots),
        op: fc.constantFrom('remove', 'replace', 'add'),
        pick: fc.nat(),
        key: fc.oneof(fc.constantFrom('t', 'v', 'type', '__proto__', 'extra'), anyText(8)),
        value: hostileValue,
      })
      .map(({ spot, op, pick, key, value }) => {
        const copy: unknown = structuredClone(message);
        const node = at(copy, spot.path) as Record<string | number, unknown> | unknown[];
        const keys = Object.keys(node);
        const chosen = keys[pick % Math.max(keys.length, 1)];
        if (Array.isArray(node)) {
          const index = pick % Math.max(node.length, 1);
          if (op === 'remove') node.splice(index, 1);
          else if (op === 'replace') node[index] = value;
          else node.push(value);
        } else if (op === 'add' || chosen === undefined) {
          // defineProperty, so `__proto__` lands as an own key, as JSON.parse would make it.
          Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
        } else if (op === 'remove') delete node[chosen];
        else node[chosen] = value;
        return copy;
      });
  });
}

/** JSON text near a valid message's: the text cut short, a character changed or a key doubled. */
export function garbled(validText: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return validText.chain((text) =>
    fc.oneof(
      fc.nat({ max: Math.max(text.length - 1, 0) }).map((cut) => text.slice(0, cut)),
      fc
        .tuple(fc.nat({ max: text.length }), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }))
        .map(([i, s]) => text.slice(0, i) + s + text.slice(i + 1)),
      fc.constant(text.startsWith('{') ? `{"t":"x",${text.slice(1)}` : text),
    ),
  );
}

/**
 * Whatever a data channel or storage could hand a parser: any JS value, text of every kind,
 * JSON of every shape, bytes.
 */
export const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  anyText(200),
  fc.json(),
  fc.uint8Array({ maxLength: 64 }),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => bytes.buffer),
);

/**
 * `message` as JSON with an added `pad` field of `char`s sized so the text is `bytes` UTF-8 bytes
 * long: exactly, or up to one `char` under ('within') or over ('over').
 */
export function padded(message: object, bytes: number, char: string, side: 'within' | 'over'): string {
  const base = byteLength(JSON.stringify({ ...message, pad: '' }));
  const per = byteLength(char);
  const count = Math.max(0, (side === 'within' ? Math.floor : Math.ceil)((bytes - base) / per));
  return JSON.stringify({ ...message, pad: char.repeat(count) });
}

/** Padding characters of one to four UTF-8 bytes, none of which JSON escapes. */
export const padChar = fc.constantFrom('x', 'é', '€', '😀');
