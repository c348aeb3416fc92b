import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allOf, liveHeapHeld, medianIn, nonHeapHeld, outsideHeap, rssReleased, type Reading } from '../../../bench/memory-verdict.js';

const phase = { start: 3, end: 123 };
/** One reading every `every` seconds from `from` to `to`, valued by f(t). */
function readings(from: number, to: number, every: number, f: (t: number) => number): Reading[] {
  const out: Reading[] = [];
  for (let t = from; t <= to; t += every) out.push([t, f(t)]);
  return out;
}
const MiB = 1024;
// A repeatable ±0.8 MiB jitter, as forced GCs landing mid-request gave on a 5.3 MiB heap.
const jitter = (t: number): number => ((t * 7919) % 17) / 16 - 0.5;

test('medianIn takes the middle of the readings in the window, and needs enough of them', () => {
  const r: Reading[] = [[1, 5], [2, 1], [3, 9], [4, 3], [10, 100]];
  assert.equal(medianIn(r, 1, 4), 5);
  assert.equal(medianIn(r, 1, 5), 4);
  assert.equal(medianIn(r, 5, 9), undefined);
  assert.equal(medianIn(r, 1, 4, 4), undefined);
});

test('a live heap that only jitters is held', () => {
  const live = readings(3, 123, 5, (t) => (5.3 + 1.6 * jitter(t)) * MiB);
  assert.equal(liveHeapHeld(live, phase).held, true);
});

test('a live heap that grows through the run is not held, even by a few MiB', () => {
  const leak = readings(3, 123, 5, (t) => (5.3 + (t / 120) * 4 + jitter(t)) * MiB);
  const verdict = liveHeapHeld(leak, phase);
  assert.equal(verdict.held, false);
  assert.ok(verdict.lateKiB! > verdict.earlyKiB!);
});

test('too few live readings (V8 left to run its own rare full GCs) leave the verdict open', () => {
  assert.equal(liveHeapHeld([[40, 5000], [100, 5100]], phase).held, undefined);
});

test('RSS that rises with the load and falls when it stops is released', () => {
  // The shape bench/memory measured: 83 MiB early, 100 at the end of the load, 78 after it.
  const rss = [...readings(3, 123, 1, (t) => (83 + (t / 123) * 17) * MiB), ...readings(124, 135, 1, () => 78 * MiB)];
  assert.equal(rssReleased(rss, phase).released, true);
});

test('RSS still held after the load stops is not released', () => {
  const rss = [...readings(3, 123, 1, (t) => (83 + (t / 123) * 17) * MiB), ...readings(124, 135, 1, () => 100 * MiB)];
  const verdict = rssReleased(rss, phase);
  assert.equal(verdict.released, false);
  assert.equal(verdict.afterKiB, 100 * MiB);
});

test('without readings after the load the RSS verdict is open', () => {
  assert.equal(rssReleased(readings(3, 123, 1, () => 80 * MiB), phase).released, undefined);
});

test('outsideHeap subtracts each thread\'s latest committed heap at or before every RSS reading', () => {
  const rss: Reading[] = [[0.5, 100], [1.5, 110], [2.5, 130]];
  const main: Reading[] = [[1, 10], [2, 12]];
  const worker: Reading[] = [[0.2, 20], [2.4, 40]];
  // At 0.5 main has no reading yet, so that RSS reading is skipped.
  assert.deepEqual(outsideHeap(rss, [main, worker]), [[1.5, 80], [2.5, 78]]);
});

test('RSS that grows only as much as the committed heap leaves the outside-heap part held', () => {
  const committed = readings(3, 123, 1, (t) => (10 + (t / 123) * 20) * MiB);
  const rss = readings(3, 123, 1, (t) => (60 + (t / 123) * 20 + jitter(t)) * MiB);
  assert.equal(nonHeapHeld(outsideHeap(rss, [committed]), phase).held, true);
});

test('RSS growing outside the heap (a native leak) is caught even with the live heap flat', () => {
  const committed = readings(3, 123, 1, () => 20 * MiB);
  const rss = readings(3, 123, 1, (t) => (60 + (t / 123) * 12) * MiB);
  const verdict = nonHeapHeld(outsideHeap(rss, [committed]), phase);
  assert.equal(verdict.held, false);
  assert.ok(verdict.lateKiB! - verdict.earlyKiB! > 4 * MiB);
});

test('allOf: any false is false, else any open is open, else true', () => {
  assert.equal(allOf([true, false, undefined]), false);
  assert.equal(allOf([true, undefined]), undefined);
  assert.equal(allOf([true, true]), true);
  assert.equal(allOf([]), undefined);
});
