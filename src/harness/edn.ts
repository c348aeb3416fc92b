/**
 * EDN output for results.edn, so scripts written against Maelstrom's results.edn read ours. Results
 * are plain objects with string keys ('valid?', 'stable-count'); Clojure's keyword keys and keyword
 * values are restored here, in one place, instead of leaking an EDN type into every checker.
 */

/** A Clojure keyword used as a value (`:network-healed`). JSON shows it as its bare name. */
export class Keyword {
  constructor(readonly name: string) {}
  /** results.json has no keywords; the name alone reads best there. */
  toJSON(): string {
    return this.name;
  }
}

/** Marks `name` to print as the keyword `:name` in EDN (and as "name" in JSON). */
export function keywordValue(name: string): Keyword {
  return new Keyword(name);
}

// Clojure prints a seq as (...) and a vector as [...], and a double as 2.0 even when whole; a JS
// array and number cannot say which. The checkers mark the places where Maelstrom has a list or a
// double, with a non-enumerable symbol so that JSON, Object.entries and deepEqual never see it.
const LIST = Symbol('edn-list');
const FLOAT_KEYS = Symbol('edn-float-keys');

/** Marks `items` to print as an EDN list `(a b)` instead of a vector; returns the same array. */
export function ednList<T>(items: T[]): T[] {
  Object.defineProperty(items, LIST, { value: true, enumerable: false });
  return items;
}

/** Marks `keys` of `object` as doubles: a whole value prints as `2.0`. Returns the same object. */
export function ednFloats<T extends object>(object: T, ...keys: Array<keyof T & string>): T {
  const own = (object as { [FLOAT_KEYS]?: Set<string> })[FLOAT_KEYS];
  Object.defineProperty(object, FLOAT_KEYS, { value: new Set([...(own ?? []), ...keys]), enumerable: false, configurable: true });
  return object;
}

function isList(value: unknown[]): boolean {
  return (value as { [LIST]?: boolean })[LIST] === true;
}

/** Lines longer than this are broken, one map entry or vector item per line. */
const WIDTH = 100;

/** Names that read back as a keyword: Clojure symbol characters, not starting with a digit. */
const KEYWORD_NAME = /^[A-Za-z*+!_?<>=.\-][A-Za-z0-9*+!_?<>=.\-/#:]*$/;

/**
 * Renders `value` as EDN. Plain-object keys become keywords, Map keys print as values (numbers for
 * quantile maps), arrays become vectors, Sets become #{}, null/undefined become nil, the string
 * 'unknown' under a 'valid?' key becomes :unknown, and history ops (objects with index, time, type,
 * process and f) print their type, f and nemesis process as keywords, as Jepsen prints ops.
 */
export function toEdn(value: unknown): string {
  return render(value, 0, undefined);
}

/**
 * Renders `value` as EDN on one line: what toEdn(value) gives with its line breaks folded to
 * spaces, without laying out a multi-line form first. A history row can hold a broadcast read
 * of tens of thousands of values, and a 120 s run writes a gigabyte of them.
 */
export function toEdnLine(value: unknown): string {
  return renderFlat(value, undefined);
}

function render(value: unknown, column: number, key: string | undefined): string {
  const flat = renderFlat(value, key);
  if (column + flat.length <= WIDTH) return flat;
  if (value instanceof Map) return renderEntries([...value.entries()].map(([k, v]) => [renderFlat(k, undefined), v, undefined]), column);
  if (isPlainObject(value)) return renderEntries(objectEntries(value), column);
  if (Array.isArray(value) || value instanceof Set) {
    const open = value instanceof Set ? '#{' : isList(value) ? '(' : '[';
    const close = { '#{': '}', '(': ')', '[': ']' }[open];
    const items = [...value].map((item) => render(item, column + open.length, undefined));
    return open + items.join('\n' + ' '.repeat(column + open.length)) + close;
  }
  return flat;
}

/** Map entries, one per line; a value that does not fit beside its key goes on the next line. */
function renderEntries(entries: Array<[string, unknown, string | undefined]>, column: number): string {
  const pad = ' '.repeat(column + 1);
  const lines = entries.map(([k, v, rawKey]) => {
    const beside = column + 1 + k.length + 1;
    const flat = renderFlat(v, rawKey);
    if (beside + flat.length <= WIDTH) return `${k} ${flat}`;
    return `${k}\n${pad}${render(v, column + 1, rawKey)}`;
  });
  return '{' + lines.join(',\n' + pad) + '}';
}

/** A number under a key marked by ednFloats: printed as a double. */
class EdnDouble {
  constructor(readonly value: number) {}
}

function renderFlat(value: unknown, key: string | undefined): string {
  if (value === null || value === undefined) return 'nil';
  if (value instanceof Keyword) return ':' + value.name;
  if (value instanceof EdnDouble) return Number.isInteger(value.value) && Math.abs(value.value) < 1e16 ? `${value.value}.0` : renderNumber(value.value);
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'number':
      return renderNumber(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return key === 'valid?' && value === 'unknown' ? ':unknown' : renderString(value);
    case 'object':
      break;
    default:
      return renderString(String(value));
  }
  // lossless-json keeps numbers wider than a double as their digits; print them as the number.
  if ((value as { isLosslessNumber?: unknown }).isLosslessNumber === true) return String((value as { value: unknown }).value);
  if (value instanceof Map) {
    return '{' + [...value.entries()].map(([k, v]) => `${renderFlat(k, undefined)} ${renderFlat(v, undefined)}`).join(', ') + '}';
  }
  if (value instanceof Set) return '#{' + [...value].map((v) => renderFlat(v, undefined)).join(' ') + '}';
  if (Array.isArray(value)) {
    const items = value.map((v) => renderFlat(v, undefined)).join(' ');
    return isList(value) ? `(${items})` : `[${items}]`;
  }
  if (isPlainObject(value)) {
    return '{' + objectEntries(value).map(([k, v, rawKey]) => `${k} ${renderFlat(v, rawKey)}`).join(', ') + '}';
  }
  return renderString(String(value));
}

/** Entries of a plain object with keys rendered, keyword values applied to history ops. */
function objectEntries(value: Record<string, unknown>): Array<[string, unknown, string | undefined]> {
  const op = isOp(value);
  const floats = (value as { [FLOAT_KEYS]?: Set<string> })[FLOAT_KEYS];
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const asKeyword = op && (k === 'type' || k === 'f' || (k === 'process' && v === 'nemesis')) && typeof v === 'string';
      // Jepsen marks final-phase ops :final?; the TS field cannot carry the question mark.
      const name = op && k === 'final' ? 'final?' : k;
      const shown = asKeyword ? new Keyword(v as string) : floats?.has(k) && typeof v === 'number' ? new EdnDouble(v) : v;
      return [renderKey(name), shown, k];
    });
}

function renderKey(key: string): string {
  return KEYWORD_NAME.test(key) ? ':' + key : renderString(key);
}

function renderNumber(n: number): string {
  if (Number.isNaN(n)) return '##NaN';
  if (n === Infinity) return '##Inf';
  if (n === -Infinity) return '##-Inf';
  // Beyond 1e21 String() switches to exponent form, which would read back as a float.
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  return String(n);
}

function renderString(s: string): string {
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\r':
        out += '\\r';
        break;
      default: {
        const code = ch.codePointAt(0) ?? 0;
        out += code < 0x20 ? '\\u' + code.toString(16).padStart(4, '0') : ch;
      }
    }
  }
  return out + '"';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A history op, recognised by shape: Jepsen prints its type and f as keywords. */
export function isOp(value: Record<string, unknown>): boolean {
  return 'index' in value && 'time' in value && 'type' in value && 'process' in value && 'f' in value;
}
