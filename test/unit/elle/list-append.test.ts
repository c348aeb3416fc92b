import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkListAppend } from '../../../src/harness/elle/list-append.js';
import type { Op, OpType } from '../../../src/harness/history.js';

/** A history builder: each txn is an invoke then its completion, on the given process, in order. */
function history(...txns: Array<[number, OpType, unknown[]]>): Op[] {
  const ops: Op[] = [];
  let time = 0;
  for (const [process, type, value] of txns) {
    const invoked = (value as unknown[][]).map(([f, k, v]) => [f, k, f === 'r' ? null : v]);
    ops.push({ index: ops.length, time: (time += 1000), type: 'invoke', process, f: 'txn', value: invoked });
    ops.push({ index: ops.length, time: (time += 1000), type, process, f: 'txn', value: type === 'ok' ? value : invoked });
  }
  return ops;
}

const types = (ops: Op[], models = ['strict-serializable']) => checkListAppend(ops, { consistencyModels: models })['anomaly-types'];

test('a serial history of appends and reads is valid', () => {
  const result = checkListAppend(history(
    [0, 'ok', [['append', 1, 1], ['r', 1, [1]]]],
    [1, 'ok', [['r', 1, [1]], ['append', 1, 2]]],
    [0, 'ok', [['r', 1, [1, 2]], ['append', 2, 1]]],
    [1, 'ok', [['r', 2, [1]], ['r', 1, [1, 2]]]],
  ));
  assert.deepEqual(result, { 'valid?': true, 'anomaly-types': [], anomalies: null });
});

test('reads that are not prefixes of one order are incompatible-order', () => {
  assert.deepEqual(types(history([0, 'ok', [['append', 1, 1]]], [1, 'ok', [['append', 1, 2]]], [0, 'ok', [['r', 1, [1, 2]]]], [1, 'ok', [['r', 1, [2, 1]]]])), ['incompatible-order']);
});

test('a read showing an append of a failed txn is G1a (aborted read)', () => {
  const result = checkListAppend(history([0, 'fail', [['append', 1, 7]]], [1, 'ok', [['r', 1, [7]]]]));
  assert.ok(result['anomaly-types'].includes('G1a'));
  assert.equal(((result.anomalies!.G1a as Array<{ element: unknown }>)[0]).element, 7);
});

test('a read showing an element its own txn appends only later is a future read, prohibited from read committed up', () => {
  // Elle's two cases: read [0 1 2] then append 1; append 1, read [0 1], append 0.
  const external = history([0, 'ok', [['append', 1, 0]]], [1, 'ok', [['append', 1, 2]]], [2, 'ok', [['r', 1, [0, 1, 2]], ['append', 1, 1]]]);
  const result = checkListAppend(external, { consistencyModels: ['read-committed'] });
  assert.ok(result['anomaly-types'].includes('future-read'), JSON.stringify(result['anomaly-types']));
  assert.equal((result.anomalies!['future-read'] as Array<{ element: unknown }>)[0].element, 1);
  const internal = history([0, 'ok', [['append', 1, 1], ['r', 1, [0, 1]], ['append', 1, 0], ['append', 1, 3]]]);
  const found = checkListAppend(internal, { consistencyModels: ['read-committed'] }).anomalies?.['future-read'] as Array<{ element: unknown }> | undefined;
  assert.equal(found?.[0].element, 0);
  assert.ok(!types(external, ['read-uncommitted']).includes('future-read'), 'read uncommitted allows it');
  assert.ok(!types(history([0, 'ok', [['append', 1, 0], ['r', 1, [0]]]]), ['read-committed']).includes('future-read'), 'reading an earlier own append is fine');
});

test('a committed append straight after a failed one in the version order is a dirty update, reported where G1a is prohibited', () => {
  const ops = history([0, 'fail', [['append', 1, 7]]], [1, 'info', [['append', 1, 8]]], [2, 'ok', [['append', 1, 9]]], [1, 'ok', [['r', 1, [7, 8, 9]]]]);
  const result = checkListAppend(ops, { consistencyModels: ['read-committed'] });
  assert.ok(result['anomaly-types'].includes('dirty-update'), JSON.stringify(result['anomaly-types']));
  const [c] = result.anomalies!['dirty-update'] as Array<{ key: unknown; values: unknown[]; txns: Op[] }>;
  assert.equal(c.key, 1);
  assert.deepEqual(c.values, [7, 8, 9], 'the info append in between is covered, not a boundary');
  assert.deepEqual(c.txns.map((t) => t.type), ['fail', 'ok']);
  assert.ok(!types(ops, ['read-uncommitted']).includes('dirty-update'), 'read uncommitted allows it');
  // The same appends, all committed: no dirty update.
  const clean = history([0, 'ok', [['append', 1, 7]]], [2, 'ok', [['append', 1, 9]]], [1, 'ok', [['r', 1, [7, 9]]]]);
  assert.ok(!types(clean, ['read-committed']).includes('dirty-update'));
});

test('a read ending on an element its txn later followed with another append is G1b (intermediate read)', () => {
  // Process 0 appends 1 then 2 to key 1 in one txn; process 1 saw only [1].
  const ops = history([0, 'ok', [['append', 1, 1], ['append', 1, 2]]], [1, 'ok', [['r', 1, [1]]]], [0, 'ok', [['r', 1, [1, 2]]]]);
  assert.ok(types(ops).includes('G1b'), JSON.stringify(types(ops)));
});

test('a txn whose read disagrees with its own appends is internal; duplicates are duplicate-elements', () => {
  assert.ok(types(history([0, 'ok', [['r', 1, [5]], ['append', 1, 6], ['r', 1, [5]]]])).includes('internal'));
  assert.ok(types(history([0, 'ok', [['append', 1, 1]]], [1, 'ok', [['r', 1, [1, 1]]]])).includes('duplicate-elements'));
});

test("two txns that each read the other's key before the other's append are a G2 cycle; realtime makes a missed append G-single-realtime", () => {
  // Write skew: T1 reads x=[] and appends y; T2 reads y=[] and appends x. Both reads miss the other's append.
  const skew = history(
    [0, 'ok', [['r', 1, []], ['append', 2, 1]]],
    [1, 'ok', [['r', 2, []], ['append', 1, 1]]],
    [2, 'ok', [['r', 1, [1]], ['r', 2, [1]]]],
  );
  assert.ok(types(skew, ['serializable']).some((t) => t.startsWith('G2')), JSON.stringify(types(skew, ['serializable'])));
  assert.deepEqual(types(skew, ['read-committed']), [], 'read committed allows write skew');
  // An append that completed before a read began, but which the read missed while a later read saw it.
  const stale = history([0, 'ok', [['append', 1, 1]]], [1, 'ok', [['r', 1, []]]], [2, 'ok', [['r', 1, [1]]]]);
  assert.ok(types(stale).some((t) => t.startsWith('G-single')), JSON.stringify(types(stale)));
  assert.deepEqual(types(stale, ['serializable']), [], 'without realtime the same history is serializable');
});
