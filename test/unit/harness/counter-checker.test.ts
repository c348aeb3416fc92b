import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptableSet, checkCounter, unionRanges } from '../../../src/harness/checkers/counter.js';
import type { Op, OpType } from '../../../src/harness/history.js';

/** A counter history written as [process, completion type, f, value, final?] per op. */
function history(...ops: Array<[number, Exclude<OpType, 'invoke'>, 'add' | 'read', number | null, boolean?]>): Op[] {
  const out: Op[] = [];
  for (const [process, type, f, value, final] of ops) {
    const extra = final ? { final: true } : {};
    out.push({ index: out.length, time: out.length, type: 'invoke', process, f, value: f === 'add' ? value : null, ...extra });
    out.push({ index: out.length, time: out.length, type, process, f, value, ...extra });
  }
  return out;
}

test('final reads equal to the sum of ok adds are valid', () => {
  const result = checkCounter(history([0, 'ok', 'add', 1], [1, 'ok', 'add', 2], [2, 'ok', 'add', 3], [0, 'ok', 'read', 6, true], [1, 'ok', 'read', 6, true], [2, 'ok', 'read', 6, true]));
  assert.deepEqual(result, { 'valid?': true, errors: null, 'final-reads': [6, 6, 6], acceptable: [[6, 6]] });
});

test('a counter that drops an add is caught', () => {
  const ops = history([0, 'ok', 'add', 4], [1, 'ok', 'add', 3], [0, 'ok', 'read', 4, true], [1, 'ok', 'read', 4, true]);
  const result = checkCounter(ops);
  assert.equal(result['valid?'], false);
  assert.deepEqual(result.errors!.map((op) => op.value), [4, 4]);
  assert.deepEqual(result.acceptable, [[7, 7]]);
});

test('nodes that disagree at the end are caught', () => {
  const result = checkCounter(history([0, 'ok', 'add', 4], [1, 'ok', 'add', 3], [0, 'ok', 'read', 7, true], [1, 'ok', 'read', 4, true], [2, 'ok', 'read', 7, true]));
  assert.equal(result['valid?'], false);
  assert.deepEqual(result.errors!.map((op) => [op.process, op.value]), [[1, 4]]);
});

test('a counter that over-counts (applies an add twice) is caught', () => {
  const result = checkCounter(history([0, 'ok', 'add', 2], [0, 'ok', 'read', 4, true]));
  assert.equal(result['valid?'], false);
});

test('each info add may or may not have happened: the acceptable set is every subset sum', () => {
  const ops = history([0, 'ok', 'add', 5], [1, 'info', 'add', 2], [2, 'info', 'add', 3]);
  assert.deepEqual(acceptableSet(ops), [[5, 5], [7, 8], [10, 10]]);
  const withReads = ops.concat(history([3, 'ok', 'read', 8, true], [4, 'ok', 'read', 6, true]).map((op) => ({ ...op, index: op.index + ops.length })));
  const result = checkCounter(withReads);
  assert.equal(result['valid?'], false);
  assert.deepEqual(result.errors!.map((op) => op.value), [6]);
  assert.deepEqual(result['final-reads'], [8, 6]);
});

test('adjacent ranges merge, as Guava\'s open-range trick makes them', () => {
  assert.deepEqual(acceptableSet(history([0, 'ok', 'add', 10], [1, 'info', 'add', 1], [2, 'info', 'add', 1])), [[10, 12]]);
  assert.deepEqual(unionRanges([[3, 4], [1, 2], [6, 6], [5, 5], [9, 9]]), [[1, 6], [9, 9]]);
});

test('negative info adds (pn-counter) extend the set downwards', () => {
  assert.deepEqual(acceptableSet(history([0, 'ok', 'add', -3], [1, 'info', 'add', -2], [1, 'fail', 'add', 4])), [[-5, -5], [-3, -3]]);
});

test('failed adds are ignored', () => {
  const result = checkCounter(history([0, 'ok', 'add', 1], [1, 'fail', 'add', 4], [0, 'ok', 'read', 1, true]));
  assert.equal(result['valid?'], true);
  const counted = checkCounter(history([0, 'ok', 'add', 1], [1, 'fail', 'add', 4], [0, 'ok', 'read', 5, true]));
  assert.equal(counted['valid?'], false, 'a counter that applied a failed add is caught');
});

test('only ok final reads are checked: reads during the run may lag', () => {
  const result = checkCounter(history([0, 'ok', 'add', 3], [0, 'ok', 'read', 0], [1, 'info', 'read', null, true], [0, 'ok', 'read', 3, true]));
  assert.deepEqual(result, { 'valid?': true, errors: null, 'final-reads': [3], acceptable: [[3, 3]] });
});

test('with no ok final read at all the result is still valid', () => {
  const result = checkCounter(history([0, 'ok', 'add', 3], [0, 'info', 'read', null, true]));
  assert.deepEqual(result, { 'valid?': true, errors: null, 'final-reads': [], acceptable: [[3, 3]] });
});
