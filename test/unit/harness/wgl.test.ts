import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRegister, type RegisterOp } from '../../../src/harness/linearizability/wgl.js';

/** An op invoked at `from` and completed at `to` (no `to`: may or may not have happened). */
const op = (f: RegisterOp['f'], value: unknown, from: number, to?: number): RegisterOp => ({ f, value, invokeIndex: from, completeIndex: to });

test('a sequential history that follows the register is linearizable', () => {
  assert.equal(checkRegister([op('write', 1, 0, 1), op('read', 1, 2, 3), op('cas', [1, 4], 4, 5), op('read', 4, 6, 7)]).valid, true);
});

test('a read of a value never written is not linearizable, and the failing op is named', () => {
  const result = checkRegister([op('write', 1, 0, 1), op('read', 2, 2, 3)]);
  assert.equal(result.valid, false);
  assert.deepEqual(result.failedOp, op('read', 2, 2, 3));
});

test('a stale read after a later write completed is not linearizable', () => {
  assert.equal(checkRegister([op('write', 1, 0, 1), op('write', 2, 2, 3), op('read', 1, 4, 5)]).valid, false);
});

test('overlapping ops may take effect in either order', () => {
  assert.equal(checkRegister([op('write', 1, 0, 3), op('write', 2, 1, 4), op('read', 1, 5, 6)]).valid, true);
  assert.equal(checkRegister([op('write', 1, 0, 3), op('write', 2, 1, 4), op('read', 2, 5, 6)]).valid, true);
  assert.equal(checkRegister([op('write', 1, 0, 3), op('write', 2, 1, 4), op('read', 1, 5, 6), op('read', 2, 7, 8)]).valid, false, 'but not both, one after the other');
});

test('a nil read is always legal, as in Knossos cas-register', () => {
  assert.equal(checkRegister([op('write', 1, 0, 1), op('read', null, 2, 3)]).valid, true);
});

test('a cas succeeds only from the current value', () => {
  assert.equal(checkRegister([op('write', 0, 0, 1), op('cas', [0, 3], 2, 3), op('read', 3, 4, 5)]).valid, true);
  assert.equal(checkRegister([op('write', 0, 0, 1), op('cas', [2, 3], 2, 3)]).valid, false);
  assert.equal(checkRegister([op('cas', [0, 3], 0, 1)]).valid, false, 'the register starts at nil');
});

test('an info write may have happened or not, but cannot un-happen', () => {
  const before = [op('write', 1, 0, 1), op('write', 2, 2)];
  assert.equal(checkRegister([...before, op('read', 2, 3, 4)]).valid, true);
  assert.equal(checkRegister([...before, op('read', 1, 3, 4)]).valid, true);
  assert.equal(checkRegister([...before, op('read', 2, 3, 4), op('read', 1, 5, 6)]).valid, false);
});

test('a long concurrent history is checked quickly', () => {
  const ops: RegisterOp[] = [op('write', 0, 0, 1)];
  let index = 2;
  let value = 0;
  for (let round = 0; round < 300; round++) {
    // Ten concurrent ops per round: one write, nine reads of the old or the new value.
    const start = index;
    const next = (value + 1) % 5;
    ops.push(op('write', next, start, start + 10));
    for (let k = 0; k < 9; k++) ops.push(op('read', k % 2 ? value : next, start + 1 + k, start + 11 + k));
    index = start + 20;
    value = next;
  }
  const started = performance.now();
  assert.equal(checkRegister(ops).valid, true);
  assert.ok(performance.now() - started < 5000);
  // The same history with one read moved to a value nobody wrote at that time is caught.
  ops[ops.length - 1] = { ...ops[ops.length - 1], value: (value + 2) % 5 };
  assert.equal(checkRegister(ops).valid, false);
});

test('too many configurations give unknown rather than an endless search', () => {
  const ops = Array.from({ length: 16 }, (_, i) => op('write', i, i));
  ops.push(op('read', 99, 100, 101));
  assert.equal(checkRegister(ops, 1000).valid, 'unknown');
});
