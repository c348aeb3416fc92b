/**
 * The rw-register anomalies that need no cycle (SPEC §2.8): G1a (aborted read), G1b
 * (intermediate read), internal (a txn disagreeing with itself) and lost-update.
 */
import type { Op } from '../history.js';
import { mopTuple, type Key, type Txn, type Value } from './txn.js';

/** A read that saw a value some other txn wrote: which op, which mop, which writer. */
export interface ReadCase {
  op: Op;
  mop: [string, Key, Value];
  writer: Op;
}

/** An internal-consistency case: the read and the value the txn itself implied. */
export interface InternalCase {
  op: Op;
  mop: [string, Key, Value];
  expected: Value;
}

/** Two or more ok txns that read the same k=v first and then wrote k. */
export interface LostUpdateCase {
  key: Key;
  value: Value;
  txns: Op[];
}

function lookup(index: Map<Key, Map<Value, Op>>, k: Key, v: Value): Op | undefined {
  return index.get(k)?.get(v);
}

function put(index: Map<Key, Map<Value, Op>>, k: Key, v: Value, op: Op): void {
  let byValue = index.get(k);
  if (byValue === undefined) index.set(k, (byValue = new Map()));
  byValue.set(v, op);
}

/** G1a: an ok txn read a value written by any write of a failed txn. */
export function abortedReads(completions: readonly Txn[]): ReadCase[] {
  const failed = new Map<Key, Map<Value, Op>>();
  for (const t of completions) {
    if (t.op.type === 'fail') for (const m of t.mops) if (m.f === 'w') put(failed, m.key, m.value, t.op);
  }
  const cases: ReadCase[] = [];
  for (const t of completions) {
    if (t.op.type !== 'ok') continue;
    for (const m of t.mops) {
      const writer = m.f === 'r' ? lookup(failed, m.key, m.value) : undefined;
      if (writer !== undefined) cases.push({ op: t.op, mop: mopTuple(m), writer });
    }
  }
  return cases;
}

/** G1b: an ok txn read a value another txn wrote and then overwrote within itself. */
export function intermediateReads(completions: readonly Txn[]): ReadCase[] {
  const intermediate = new Map<Key, Map<Value, Op>>();
  for (const t of completions) {
    const last = new Map<Key, Value>();
    for (const m of t.mops) {
      if (m.f !== 'w') continue;
      if (last.has(m.key)) put(intermediate, m.key, last.get(m.key), t.op);
      last.set(m.key, m.value);
    }
  }
  const cases: ReadCase[] = [];
  for (const t of completions) {
    if (t.op.type !== 'ok') continue;
    for (const m of t.mops) {
      const writer = m.f === 'r' ? lookup(intermediate, m.key, m.value) : undefined;
      // A txn may read its own intermediate write: that is internal, not G1b.
      if (writer !== undefined && writer !== t.op) cases.push({ op: t.op, mop: mopTuple(m), writer });
    }
  }
  return cases;
}

/**
 * internal: inside an ok txn, a read disagrees with the txn's own earlier write or read of that
 * key. A read of nil carries no expectation forward (Elle treats nil as "unknown"). Only the
 * first disagreement per txn is reported.
 */
export function internalCases(completions: readonly Txn[]): InternalCase[] {
  const cases: InternalCase[] = [];
  for (const t of completions) {
    if (t.op.type !== 'ok') continue;
    const state = new Map<Key, Value>();
    for (const m of t.mops) {
      const expected = state.get(m.key);
      if (m.f === 'r' && expected !== undefined && expected !== null && expected !== m.value) {
        cases.push({ op: t.op, mop: mopTuple(m), expected });
        break;
      }
      state.set(m.key, m.value);
    }
  }
  return cases;
}

/**
 * lost-update: ok txns that first read k=v and then wrote k, grouped by (k, v); any group of two
 * or more is a case. As in Elle, only a write that follows a read of the key counts, and each key
 * counts once per txn.
 */
export function lostUpdates(completions: readonly Txn[]): LostUpdateCase[] {
  const groups = new Map<Key, Map<Value, Op[]>>();
  for (const t of completions) {
    if (t.op.type !== 'ok') continue;
    const firstRead = new Map<Key, Value>();
    const counted = new Set<Key>();
    for (const m of t.mops) {
      if (m.f === 'w') {
        if (counted.has(m.key) || !firstRead.has(m.key)) continue;
        counted.add(m.key);
        const v = firstRead.get(m.key);
        let byValue = groups.get(m.key);
        if (byValue === undefined) groups.set(m.key, (byValue = new Map()));
        const list = byValue.get(v);
        if (list === undefined) byValue.set(v, [t.op]);
        else list.push(t.op);
      } else if (!firstRead.has(m.key)) {
        firstRead.set(m.key, m.value);
      }
    }
  }
  const cases: LostUpdateCase[] = [];
  for (const [key, byValue] of groups) {
    for (const [value, txns] of byValue) if (txns.length >= 2) cases.push({ key, value, txns });
  }
  return cases;
}
