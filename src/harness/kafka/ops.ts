/**
 * Reading kafka history values (SPEC §2.7). An op's value is a list of micro-ops, always one long
 * in Maelstrom: `[["poll"]]` / `[["poll", {k: [[offset, msg], ...]}]]` for a poll, and
 * `[["send", k, msg]]` / `[["send", k, [offset, msg]]]` for a send. Keys are strings.
 * Shared by the generator (offset tracking), the client and the checker.
 */
import type { Op } from '../history.js';

/** One `[offset, msg]` pair as a poll returns it or a send acknowledges it. */
export type OffsetPair = [number, unknown];

/** A key → values (or offsets) map; the order of each list is the order in the op. */
export type PerKey<T> = Map<string, T[]>;

/** Whether a micro-op send value carries a known `[offset, msg]` pair (an acknowledged send). */
function isPair(v: unknown): v is [number | null, unknown] {
  return Array.isArray(v) && v.length === 2;
}

function microOps(op: Pick<Op, 'value'>): unknown[][] {
  return Array.isArray(op.value) ? (op.value.filter(Array.isArray) as unknown[][]) : [];
}

/** Every `[offset, msg]` pair a poll op read, per key (empty lists kept: a key polled with nothing). */
export function opReadPairs(op: Pick<Op, 'f' | 'value'>): PerKey<OffsetPair> {
  const out: PerKey<OffsetPair> = new Map();
  if (op.f !== 'poll' && op.f !== 'txn') return out;
  for (const mop of microOps(op)) {
    if (mop[0] !== 'poll' || mop[1] === null || typeof mop[1] !== 'object') continue;
    for (const [k, pairs] of Object.entries(mop[1] as Record<string, unknown>)) {
      const list = out.get(k) ?? [];
      if (Array.isArray(pairs)) for (const p of pairs) if (isPair(p)) list.push(p as OffsetPair);
      out.set(k, list);
    }
  }
  return out;
}

/** Every `[offset | null, msg]` a send op wrote, per key; a bare msg (unacknowledged) has offset null. */
export function opWritePairs(op: Pick<Op, 'f' | 'value'>): PerKey<[number | null, unknown]> {
  const out: PerKey<[number | null, unknown]> = new Map();
  if (op.f !== 'send' && op.f !== 'txn') return out;
  for (const mop of microOps(op)) {
    if (mop[0] !== 'send') continue;
    const k = String(mop[1]);
    const v = mop[2];
    const list = out.get(k) ?? [];
    list.push(isPair(v) ? [typeof v[0] === 'number' ? v[0] : null, v[1]] : [null, v]);
    out.set(k, list);
  }
  return out;
}

/** The values a poll read, per key, in poll order. */
export function opReads(op: Pick<Op, 'f' | 'value'>): PerKey<unknown> {
  const out: PerKey<unknown> = new Map();
  for (const [k, pairs] of opReadPairs(op)) out.set(k, pairs.map((p) => p[1]));
  return out;
}

/** The values a send wrote, per key. */
export function opWrites(op: Pick<Op, 'f' | 'value'>): PerKey<unknown> {
  const out: PerKey<unknown> = new Map();
  for (const [k, pairs] of opWritePairs(op)) out.set(k, pairs.map((p) => p[1]));
  return out;
}

/**
 * The highest offset an ok or info op touched per key, by poll or acknowledged send
 * (Jepsen's op->max-offsets). Invocations and fails yield nothing.
 */
export function opMaxOffsets(op: Pick<Op, 'type' | 'f' | 'value'>): Map<string, number> {
  const out = new Map<string, number>();
  if (op.type !== 'ok' && op.type !== 'info') return out;
  for (const [k, pairs] of opReadPairs(op)) {
    // A key polled with no messages counts as offset -1, as Jepsen's (reduce max -1) does.
    let max = out.get(k) ?? -1;
    for (const [offset] of pairs) if (typeof offset === 'number' && offset > max) max = offset;
    out.set(k, max);
  }
  for (const [k, pairs] of opWritePairs(op)) {
    for (const [offset] of pairs) if (offset !== null) out.set(k, Math.max(out.get(k) ?? 0, offset));
  }
  return out;
}

/** The highest offset an ok/info op acknowledged sending per key. */
export function opMaxSendOffsets(op: Pick<Op, 'type' | 'f' | 'value'>): Map<string, number> {
  return opMaxOffsets({ type: op.type, f: op.f === 'send' ? 'send' : 'none', value: op.value });
}

/** The highest offset an ok/info op polled per key (-1 for a key polled empty). */
export function opMaxPollOffsets(op: Pick<Op, 'type' | 'f' | 'value'>): Map<string, number> {
  return opMaxOffsets({ type: op.type, f: op.f === 'poll' ? 'poll' : 'none', value: op.value });
}

/** Folds `from` into `into`, keeping the larger offset per key. */
export function mergeMax(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [k, v] of from) into.set(k, Math.max(into.get(k) ?? -Infinity, v));
}

/**
 * A stable identity for a message value: values are compared structurally (Clojure `=`), so
 * `1` and `"1"` differ. `JSON.parse` cannot tell `1` from `1.0`, so neither can we.
 */
export function valueId(v: unknown): string {
  return JSON.stringify(v) ?? 'undefined';
}
