/**
 * Clojure-like treatment of JSON values for the services (SPEC §6: keys and values are any JSON,
 * compared with Clojure `=`). Pure helpers, no state.
 *
 * Known divergence: Clojure parses `1` as a Long and `1.0` as a Double and `(= 1 1.0)` is false.
 * `JSON.parse` gives the same JS number for both, so here they are one key and equal values.
 * A node would have to write `1.0` and then read or cas with `1` to notice.
 */

/**
 * A string that is equal for two values iff they are deep-equal: object keys are sorted, so key
 * order does not matter (Clojure maps), array order does (vectors). Used as a Map key.
 */
export function canonicalKey(value: unknown): string {
  return JSON.stringify(canonicalize(value)) ?? 'null';
}

function canonicalize(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(canonicalize);
  if (typeof value === 'object' && value !== null) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = canonicalize((value as Record<string, unknown>)[key]);
    // Tagged so that an object can never collide with an array of the same entries.
    return { '': 'map', entries: sorted };
  }
  return value;
}

/** Deep equality with Clojure's rules for JSON data (maps unordered, vectors ordered). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return b === undefined || b === null;
  if (typeof a !== 'object' || typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEquals(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && jsonEquals(left[key], right[key]));
}

/**
 * Clojure's `pr-str` of a value parsed from JSON, for error texts such as
 * `current value 3 is not 4`: nil, quoted strings, `[1 2]`, `{"a" 1, "b" 2}`.
 */
export function prStr(value: unknown): string {
  if (value === undefined || value === null) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(prStr).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)} ${prStr(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

/** Clojure's `(rand-int n)`: an integer uniform on [0, n). */
export function randInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}
