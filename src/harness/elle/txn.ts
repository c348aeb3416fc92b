/**
 * Transactions as the rw-register checker sees them (SPEC §2.8): an op's value is an array of
 * micro-ops `[f, k, v]`. `f` is `'r'` or `'w'` (the wire spelling, which is what the history
 * stores); `':r'`/`':w'` are accepted too so EDN-derived histories read the same.
 */
import { pairInvocations, type Op } from '../history.js';

/** A register key (integers in Maelstrom; any primitive compares by value). */
export type Key = unknown;
/** A register value; `null` is the initial state of every key. */
export type Value = unknown;

/** One normalised micro-op. */
export interface Mop {
  f: 'r' | 'w';
  key: Key;
  value: Value;
}

/** A completed op and its parsed transaction. */
export interface Txn {
  op: Op;
  mops: Mop[];
}

/**
 * Every completed txn of `ops` (client ops in order) whose value `parse` reads, in invocation
 * order, and each one's invocation index → completion.
 */
export function parseCompletions<M>(ops: readonly Op[], parse: (value: unknown) => M[] | undefined): { txns: Array<{ op: Op; mops: M[] }>; completionOf: Map<number, Op> } {
  const txns: Array<{ op: Op; mops: M[] }> = [];
  const completionOf = new Map<number, Op>();
  for (const [invoke, completion] of pairInvocations(ops)) {
    if (completion === undefined) continue;
    const mops = parse(completion.value);
    if (mops === undefined) continue;
    completionOf.set(invoke.index, completion);
    txns.push({ op: completion, mops });
  }
  return { txns, completionOf };
}

/** Parses an op value into micro-ops; an op whose value is not a txn yields undefined. */
export function parseMops(value: unknown): Mop[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const mops: Mop[] = [];
  for (const mop of value) {
    if (!Array.isArray(mop) || mop.length !== 3) return undefined;
    const f = mop[0] === 'r' || mop[0] === ':r' ? 'r' : mop[0] === 'w' || mop[0] === ':w' ? 'w' : undefined;
    if (f === undefined) return undefined;
    mops.push({ f, key: mop[1], value: mop[2] ?? null });
  }
  return mops;
}

/**
 * External reads: for each key whose first touch in the txn is a read, the value that read saw.
 * Later reads of the key, and reads after the txn's own write, are internal.
 */
export function externalReads(mops: readonly Mop[]): Map<Key, Value> {
  const reads = new Map<Key, Value>();
  const touched = new Set<Key>();
  for (const { f, key, value } of mops) {
    if (!touched.has(key)) {
      touched.add(key);
      if (f === 'r') reads.set(key, value);
    }
  }
  return reads;
}

/** External writes: the txn's last write to each key it writes. */
export function externalWrites(mops: readonly Mop[]): Map<Key, Value> {
  const writes = new Map<Key, Value>();
  for (const { f, key, value } of mops) if (f === 'w') writes.set(key, value);
  return writes;
}

/** The mop as Elle prints it: `[f, k, v]`. */
export function mopTuple(mop: Mop): [string, Key, Value] {
  return [mop.f, mop.key, mop.value];
}

/** Index of the first mop equal to `[f, key, value]` in a txn, or -1. */
export function mopIndex(mops: readonly Mop[], f: 'r' | 'w', key: Key, value: Value): number {
  return mops.findIndex((m) => m.f === f && m.key === key && m.value === value);
}
