/**
 * A linearizability check for one compare-and-set register, in the style of Knossos's `wgl`
 * analyzer (Wing & Gong's search with Lowe's memoisation): ops are entries in a list ordered by
 * invocation and completion; the search repeatedly linearizes a call whose effect the model
 * accepts, and backtracks when it meets the completion of an op it has not linearized.
 * An info op may take effect at any point after its invocation, or never: it has no completion
 * entry, so the search may leave it out.
 */
import { isDeepStrictEqual } from 'node:util';

/** A register op as the checker sees it. `value` is the read result, the write, or [from, to]. */
export interface RegisterOp {
  f: 'read' | 'write' | 'cas';
  value: unknown;
  /** History index of the invocation. */
  invokeIndex: number;
  /** History index of the ok completion; undefined for an op that may or may not have happened. */
  completeIndex?: number;
}

/** The verdict for one register history. */
export interface LinearizabilityResult {
  /** 'unknown' when the search gave up (too many configurations to explore). */
  valid: boolean | 'unknown';
  /** When invalid: the op whose completion could not be reached with any order of the others. */
  failedOp?: RegisterOp;
  /** When invalid: the register values the deepest search could have held at that point. */
  finalValues?: unknown[];
}

/** Knossos's cas-register model, initial value nil: a nil read is always legal. */
function step(state: unknown, op: RegisterOp): { ok: true; state: unknown } | { ok: false } {
  switch (op.f) {
    case 'read':
      return op.value === null || op.value === undefined || isDeepStrictEqual(op.value, state) ? { ok: true, state } : { ok: false };
    case 'write':
      return { ok: true, state: op.value };
    case 'cas': {
      const [from, to] = op.value as [unknown, unknown];
      return isDeepStrictEqual(from, state) ? { ok: true, state: to } : { ok: false };
    }
  }
}

interface Entry {
  op: number;
  isCall: boolean;
  /** For a call: its completion entry, if any. */
  match?: Entry;
  prev?: Entry;
  next?: Entry;
}

/** How many search configurations are memoised before the search gives up with 'unknown'. */
export const DEFAULT_CONFIG_LIMIT = 2_000_000;

/** Checks one register's ops (initial value nil). */
export function checkRegister(ops: readonly RegisterOp[], configLimit = DEFAULT_CONFIG_LIMIT): LinearizabilityResult {
  // Build the entry list: calls at invocation, returns at completion; ties keep calls first.
  const points: Array<{ at: number; entry: Entry }> = [];
  const entries: Entry[] = [];
  ops.forEach((op, i) => {
    const call: Entry = { op: i, isCall: true };
    entries.push(call);
    points.push({ at: op.invokeIndex, entry: call });
    if (op.completeIndex !== undefined) {
      call.match = { op: i, isCall: false };
      points.push({ at: op.completeIndex, entry: call.match });
    }
  });
  points.sort((a, b) => a.at - b.at || Number(b.entry.isCall) - Number(a.entry.isCall));
  const head: Entry = { op: -1, isCall: false };
  let last = head;
  for (const { entry } of points) {
    last.next = entry;
    entry.prev = last;
    last = entry;
  }
  let returnsLeft = ops.filter((op) => op.completeIndex !== undefined).length;
  if (returnsLeft === 0) return { valid: true };

  // The memo key is a 64-bit Zobrist hash of the linearized set (two random 32-bit words per
  // op, XORed in and out), so a step costs O(1) instead of O(ops). A collision could prune a
  // configuration wrongly; at 2M configurations its chance is about 1e-7.
  const zobrist = new Uint32Array(2 * ops.length);
  let seed = 0x9e3779b9;
  for (let i = 0; i < zobrist.length; i++) {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    zobrist[i] = seed ^ (seed >>> 13);
  }
  let h1 = 0;
  let h2 = 0;
  const seen = new Set<string>();
  const stack: Array<{ entry: Entry; state: unknown }> = [];
  let state: unknown = null;
  let entry = head.next;
  let deepest = -1;
  let failedAt: Entry | undefined;
  const finalValues: unknown[] = [];

  const lift = (e: Entry): void => {
    e.prev!.next = e.next;
    if (e.next) e.next.prev = e.prev;
    if (e.match) {
      e.match.prev!.next = e.match.next;
      if (e.match.next) e.match.next.prev = e.match.prev;
    }
  };
  const unlift = (e: Entry): void => {
    if (e.match) {
      e.match.prev!.next = e.match;
      if (e.match.next) e.match.next.prev = e.match;
    }
    e.prev!.next = e;
    if (e.next) e.next.prev = e;
  };

  while (returnsLeft > 0) {
    if (entry && entry.isCall) {
      const result = step(state, ops[entry.op]);
      if (result.ok) {
        const n1 = h1 ^ zobrist[2 * entry.op];
        const n2 = h2 ^ zobrist[2 * entry.op + 1];
        const key = `${n1}:${n2}|${JSON.stringify(result.state) ?? 'nil'}`;
        if (!seen.has(key)) {
          if (seen.size >= configLimit) return { valid: 'unknown' };
          seen.add(key);
          stack.push({ entry, state });
          state = result.state;
          h1 = n1;
          h2 = n2;
          lift(entry);
          if (entry.match) returnsLeft--;
          entry = head.next;
          continue;
        }
      }
      entry = entry.next;
      continue;
    }
    // A completion (or the end of the list) before its op was linearized: backtrack.
    if (stack.length > deepest) {
      deepest = stack.length;
      failedAt = entry;
      finalValues.length = 0;
    }
    if (stack.length === deepest && !finalValues.some((v) => isDeepStrictEqual(v, state))) finalValues.push(state);
    const top = stack.pop();
    if (!top) return { valid: false, failedOp: failedAt ? ops[failedAt.op] : undefined, finalValues };
    unlift(top.entry);
    if (top.entry.match) returnsLeft++;
    h1 ^= zobrist[2 * top.entry.op];
    h2 ^= zobrist[2 * top.entry.op + 1];
    state = top.state;
    entry = top.entry.next;
  }
  return { valid: true };
}
