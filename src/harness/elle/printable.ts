/**
 * The checker's result as results.edn should show it, the way Elle prints its own: anomaly types,
 * step types, mop functions and model names as keywords (`:G1c`, `[:r 1 2]`, `#{:read-committed}`).
 * The checker itself returns plain strings so that code and tests compare them simply; this copy
 * is made once, for output. History ops inside anomalies are copied, never mutated.
 */
import { ednList, keywordValue } from '../edn.js';
import type { RwRegisterResult } from './check.js';

/** Keys whose string values (or arrays of strings) Elle prints as keywords. */
const KEYWORD_KEYS = new Set(['type', 'not', 'sources', 'subgraph', 'anomaly-spec-type']);

function isOp(v: Record<string, unknown>): boolean {
  return typeof v.index === 'number' && typeof v.f === 'string' && 'process' in v && 'value' in v;
}

function keywordize(value: unknown): unknown {
  if (typeof value === 'string') return keywordValue(value);
  if (Array.isArray(value)) return value.map(keywordize);
  return value;
}

function walk(value: unknown, key: string | undefined): unknown {
  if (key !== undefined && KEYWORD_KEYS.has(key) && (typeof value === 'string' || Array.isArray(value))) return keywordize(value);
  if (Array.isArray(value)) {
    if (value.length === 3 && (value[0] === 'r' || value[0] === 'w' || value[0] === 'append')) return [keywordValue(value[0]), value[1], value[2]];
    return value.map((item) => walk(item, undefined));
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const object = value as Record<string, unknown>;
    if (isOp(object)) return { ...object, value: walk(object.value, undefined) };
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, walk(v, k)]));
  }
  return value;
}

/** The result with Elle's keywords restored, for results.edn (results.json shows the bare names). */
export function printableResult(result: RwRegisterResult): Record<string, unknown> {
  const printable: Record<string, unknown> = {
    'valid?': result['valid?'],
    'anomaly-types': ednList(result['anomaly-types'].map((t) => keywordValue(t))),
    anomalies: result.anomalies === null ? null : Object.fromEntries(Object.entries(result.anomalies).map(([t, cases]) => [t, walk(cases, t)])),
  };
  if (result.not !== undefined) printable.not = new Set(result.not.map((m) => keywordValue(m)));
  if (result['also-not'] !== undefined) printable['also-not'] = new Set(result['also-not'].map((m) => keywordValue(m)));
  return printable;
}
