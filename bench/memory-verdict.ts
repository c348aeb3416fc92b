/**
 * bench/memory's verdict, pure so a unit test can show it rejecting a leak. What leaks does not
 * come back: a leaking thread's live heap (in use right after a full GC) is higher late in the run
 * than early on, and memory outside the heap that a leak holds is still held once the load stops.
 * What does not leak may still swing with load: in a broadcast run every read returns every value
 * so far, so allocation (and with it V8's young generation and RSS) rises through the run and falls
 * when the clients stop. So the rules compare medians of windows, not slopes, and RSS is judged
 * after the load, not during it.
 *
 * - Live heap held: in every thread, the median live reading over the last quarter of the main
 *   phase is at most the median over its second quarter plus max(1 MiB, 10%). At least 3
 *   readings in each window, or the thread's verdict is undetermined.
 * - Memory outside the heap held: in every node, RSS minus the heap its threads have committed
 *   (code, stacks, touched shared buffers, malloc) has a last-quarter median at most the
 *   second-quarter median plus max(2 MiB, 10%). Committed but free heap is V8's to size: it follows
 *   the allocation rate up to V8's limits and is not a leak.
 * - RSS released (reported, not part of the verdict): the median RSS once the load has stopped
 *   (from 5 s after the main phase) against 110% of the second-quarter median. Only a few samples
 *   fall there before teardown, and the final reads (every value, from every node) land in them.
 */

/** A reading at `t` seconds (since the nodes spawned). */
export type Reading = readonly [t: number, value: number];

/** The main phase, in seconds since the nodes spawned. */
export interface Phase {
  start: number;
  end: number;
}

/** Median of the readings with from ≤ t < to; undefined if fewer than `atLeast`. */
export function medianIn(readings: readonly Reading[], from: number, to: number, atLeast = 1): number | undefined {
  const values = readings
    .filter(([t]) => t >= from && t < to)
    .map(([, v]) => v)
    .sort((a, b) => a - b);
  if (values.length < atLeast || values.length === 0) return undefined;
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/** Whether it held, and the two medians compared (KiB). */
export interface Held {
  held: boolean | undefined;
  earlyKiB?: number;
  lateKiB?: number;
}

/**
 * Held flat: the median over the last quarter of the phase is at most the median over the second
 * quarter plus max(floorKiB, 10%); undefined with fewer than 3 readings in either quarter.
 */
function heldFlat(readings: readonly Reading[], phase: Phase, floorKiB: number): Held {
  const q = (phase.end - phase.start) / 4;
  const earlyKiB = medianIn(readings, phase.start + q, phase.start + 2 * q, 3);
  const lateKiB = medianIn(readings, phase.start + 3 * q, phase.end + 0.5, 3);
  if (earlyKiB === undefined || lateKiB === undefined) return { held: undefined, earlyKiB, lateKiB };
  return { held: lateKiB <= earlyKiB + Math.max(floorKiB, earlyKiB * 0.1), earlyKiB, lateKiB };
}

/** The live-heap rule for one thread (KiB readings): within max(1 MiB, 10%). */
export function liveHeapHeld(live: readonly Reading[], phase: Phase): Held {
  return heldFlat(live, phase, 1024);
}

/** The non-heap rule for one node (KiB readings of RSS minus committed heap): within max(2 MiB, 10%). */
export function nonHeapHeld(nonHeap: readonly Reading[], phase: Phase): Held {
  return heldFlat(nonHeap, phase, 2048);
}

/**
 * RSS minus committed heap at each RSS reading: `committed` holds each thread's committed-heap
 * readings in time order; a thread counts with its latest reading at or before the RSS reading
 * (readings before a thread's first are skipped).
 */
export function outsideHeap(rss: readonly Reading[], committed: ReadonlyArray<readonly Reading[]>): Reading[] {
  const out: Reading[] = [];
  const next = committed.map(() => 0);
  const latest: Array<number | undefined> = committed.map(() => undefined);
  for (const [t, value] of rss) {
    let heap = 0;
    let all = true;
    committed.forEach((readings, i) => {
      while (next[i] < readings.length && readings[next[i]][0] <= t) latest[i] = readings[next[i]++][1];
      if (latest[i] === undefined) all = false;
      else heap += latest[i]!;
    });
    if (all) out.push([t, value - heap]);
  }
  return out;
}

/** The RSS rule for one node (KiB readings): released, and the two medians it compared. */
export function rssReleased(rss: readonly Reading[], phase: Phase): { released: boolean | undefined; earlyKiB?: number; afterKiB?: number } {
  const q = (phase.end - phase.start) / 4;
  const earlyKiB = medianIn(rss, phase.start + q, phase.start + 2 * q, 3);
  const afterKiB = medianIn(rss, phase.end + 5, Infinity, 1);
  if (earlyKiB === undefined || afterKiB === undefined) return { released: undefined, earlyKiB, afterKiB };
  return { released: afterKiB <= earlyKiB * 1.1, earlyKiB, afterKiB };
}

/** All verdicts together: false if any is false, else undefined if any is undetermined, else true. */
export function allOf(verdicts: ReadonlyArray<boolean | undefined>): boolean | undefined {
  if (verdicts.includes(false)) return false;
  return verdicts.includes(undefined) || verdicts.length === 0 ? undefined : true;
}
