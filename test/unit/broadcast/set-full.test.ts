import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFull, type SimOp } from './set-full.js';

/** Instant ops: [f, value, time] each becomes an invoke and an ok at that time. */
function history(...ops: Array<['add' | 'read', unknown, number]>): SimOp[] {
  return ops.flatMap(([f, value, time]) => [
    { type: 'invoke' as const, f, value: f === 'add' ? value : null, time, final: false },
    { type: 'ok' as const, f, value, time, final: false },
  ]);
}

test('stable latency runs from the ack to the last read that still missed the element', () => {
  const r = setFull(history(['add', 1, 0], ['read', [], 40], ['read', [1], 50], ['read', [], 90], ['read', [1], 120]));
  assert.equal(r.valid, true);
  assert.equal(r.stableLatencies['1'], 90);
  assert.equal(r.staleCount, 1);
});

test('an element missing from the last read after it was acked is lost, and the run invalid', () => {
  const r = setFull(history(['add', 1, 0], ['read', [1], 10], ['read', [], 20]));
  assert.equal(r.lostCount, 1);
  assert.equal(r.valid, false);
});

test('an element acked before a read that missed it, and never seen, is lost', () => {
  const r = setFull(history(['add', 1, 0], ['add', 2, 5], ['read', [1], 10]));
  assert.equal(r.stableCount, 1);
  assert.equal(r.lostCount, 1);
});

test('an element that no read came after is never-read, not lost', () => {
  const r = setFull(history(['read', [], 0], ['add', 3, 5]));
  assert.equal(r.neverReadCount, 1);
  assert.equal(r.lostCount, 0);
});
