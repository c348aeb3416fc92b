/**
 * The unique-ids checker (SPEC §2.2, Jepsen `checker/unique-ids`), plus Clojure's `compare`, which
 * decides both its :range and whether the check can run at all.
 */
import type { Op } from '../history.js';
import { failedCheck } from './compose.js';

/** At most this many duplicated ids are listed (the most frequent ones). */
const MAX_DUPLICATES_LISTED = 48;

/**
 * Clojure's `compare` on JSON values: nil sorts first; numbers compare numerically; strings by UTF-16
 * code units; false < true; arrays (Clojure vectors) by length, then element by element. Objects,
 * and values of different kinds, are not comparable: that throws a TypeError, as Clojure throws a
 * ClassCastException.
 */
export function clojureCompare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  a = exactNumber(a);
  b = exactNumber(b);
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return a.length < b.length ? -1 : 1;
    for (let i = 0; i < a.length; i++) {
      const c = clojureCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return 0;
  }
  throw new TypeError(`cannot compare ${describe(a)} with ${describe(b)}`);
}

/** A number as lossless-json parses it: `{isLosslessNumber: true, value: "12345678901234567890"}`. */
function isLosslessNumber(value: unknown): value is { value: string } {
  return typeof value === 'object' && value !== null && (value as { isLosslessNumber?: unknown }).isLosslessNumber === true;
}

/**
 * Ids wider than 2^53 (64-bit snowflake ids) only stay distinct as bigint or lossless-json numbers;
 * this maps those to a number when that is exact and to a bigint otherwise, so every form compares
 * and collides with its equals.
 */
function exactNumber(value: unknown): unknown {
  if (isLosslessNumber(value)) {
    const text = value.value;
    if (!/^-?\d+$/.test(text)) return Number(text);
    value = BigInt(text);
  }
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  return value;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * A key under which Clojure-equal JSON values collide: object keys are sorted, so {"a":1,"b":2}
 * and {"b":2,"a":1} are the same id, as the same Clojure map.
 */
export function valueKey(value: unknown): string {
  // Broadcast reads list every element each time: keep the common scalar case off the replacer path.
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint' || isLosslessNumber(value)) return String(exactNumber(value));
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint' || isLosslessNumber(v)) {
      const exact = exactNumber(v);
      return typeof exact === 'number' ? exact : { bigint: String(exact) };
    }
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
    }
    return v;
  }) ?? 'undefined';
}

/** Result of the unique-ids checker, keyed like Maelstrom's results.edn. */
export interface UniqueIdsResult extends Record<string, unknown> {
  'valid?': boolean | 'unknown';
  'attempted-count'?: number;
  'acknowledged-count'?: number;
  'duplicated-count'?: number;
  /** Id → times seen, for up to 48 of the most repeated ids, in id order (a Clojure sorted map). */
  duplicated?: Map<unknown, number>;
  /** [lowest, highest] ok id by Clojure compare; [null, null] when nothing was acknowledged. */
  range?: [unknown, unknown];
  error?: string;
}

/**
 * Checks that no id was acknowledged twice. Ids that Clojure cannot compare (objects, or strings
 * mixed with numbers) make Jepsen's check throw; we report that as valid? 'unknown' with the error.
 */
export function checkUniqueIds(history: Op[]): UniqueIdsResult {
  try {
    return uniqueIds(history);
  } catch (error) {
    return failedCheck(error) as UniqueIdsResult;
  }
}

function uniqueIds(history: Op[]): UniqueIdsResult {
  let attempted = 0;
  let acknowledged = 0;
  const frequencies = new Map<string, { id: unknown; count: number }>();
  let lowest: unknown = null;
  let highest: unknown = null;
  for (const op of history) {
    if (op.f !== 'generate') continue;
    if (op.type === 'invoke') attempted++;
    if (op.type !== 'ok') continue;
    acknowledged++;
    const id = op.value ?? null;
    const key = valueKey(id);
    const seen = frequencies.get(key);
    if (seen) seen.count++;
    else frequencies.set(key, { id, count: 1 });
    // tesser's extremum folds skip nil and compare every other id with the running extreme.
    if (id !== null) {
      if (lowest === null || clojureCompare(id, lowest) <= 0) lowest = id;
      if (highest === null || clojureCompare(id, highest) >= 0) highest = id;
    }
  }
  const duplicates = [...frequencies.values()].filter((entry) => entry.count > 1).sort((x, y) => clojureCompare(x.id, y.id));
  // Jepsen: sort-by count (stable), reverse, take 48: the most frequent, ties broken by the larger id.
  const listed = [...duplicates]
    .sort((x, y) => x.count - y.count)
    .reverse()
    .slice(0, MAX_DUPLICATES_LISTED)
    .sort((x, y) => clojureCompare(x.id, y.id));
  return {
    'valid?': duplicates.length === 0,
    'attempted-count': attempted,
    'acknowledged-count': acknowledged,
    'duplicated-count': duplicates.length,
    duplicated: new Map(listed.map((entry) => [entry.id, entry.count])),
    range: [lowest, highest],
  };
}
