/**
 * The g-counter / pn-counter checker (SPEC §2.4, `M:workload/pn_counter.clj`): every ok final read
 * must be the sum of the ok adds plus the deltas of any subset of the indeterminate (info) adds.
 * Failed adds never happened and are ignored.
 */
import type { Op } from '../history.js';
import { ednList } from '../edn.js';

/** A closed integer range [lo, hi]. */
export type ClosedRange = [number, number];

/** The checker's result, keyed as Maelstrom prints it. */
export interface CounterResult extends Record<string, unknown> {
  'valid?': boolean;
  /** The ok final reads outside the acceptable set; null when there are none (Clojure's `(seq ())`). */
  errors: Op[] | null;
  'final-reads': number[];
  /** The acceptable set as sorted, disjoint, non-adjacent closed ranges. */
  acceptable: ClosedRange[];
}

/**
 * Unions closed integer ranges, merging ranges that overlap or touch (Maelstrom stores (lo-1, hi+1)
 * open ranges in a Guava TreeRangeSet for exactly this effect: [1,2] ∪ [3,4] = [1,4]).
 */
export function unionRanges(ranges: readonly ClosedRange[]): ClosedRange[] {
  const sorted = ranges.map(([lo, hi]): ClosedRange => [lo, hi]).sort((a, b) => a[0] - b[0]);
  const out: ClosedRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else out.push(range);
  }
  return out;
}

/** Whether `value` lies in one of the ranges. */
export function inRanges(ranges: readonly ClosedRange[], value: number): boolean {
  return ranges.some(([lo, hi]) => lo <= value && value <= hi);
}

/**
 * The set of values a final read may take: starts at {sum of ok adds}; each info add, in history
 * order, unions in a copy of the set shifted by its delta.
 */
export function acceptableSet(history: readonly Op[]): ClosedRange[] {
  const adds = history.filter((op) => op.f === 'add');
  const definite = adds.filter((op) => op.type === 'ok').reduce((sum, op) => sum + Number(op.value), 0);
  let acceptable: ClosedRange[] = [[definite, definite]];
  for (const op of adds) {
    if (op.type !== 'info') continue;
    const delta = Number(op.value);
    acceptable = unionRanges([...acceptable, ...acceptable.map(([lo, hi]): ClosedRange => [lo + delta, hi + delta])]);
  }
  return acceptable;
}

/** Checks a counter history: valid iff every ok final read is in the acceptable set. */
export function checkCounter(history: Op[]): CounterResult {
  const acceptable = acceptableSet(history);
  const reads = history.filter((op) => op.final === true && op.type === 'ok');
  // A non-integer read cannot pass the read_ok schema; counting it as an error is the safe side.
  const errors = reads.filter((op) => !Number.isInteger(op.value) || !inRanges(acceptable, op.value as number));
  return {
    'valid?': errors.length === 0,
    errors: errors.length === 0 ? null : ednList(errors),
    'final-reads': ednList(reads.map((op) => op.value as number)),
    acceptable: ednList(acceptable),
  };
}
