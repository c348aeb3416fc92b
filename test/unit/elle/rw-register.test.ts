import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRwRegister } from '../../../src/harness/elle/check.js';
import type { CycleCase } from '../../../src/harness/elle/cycles.js';
import { renderCycle } from '../../../src/harness/elle/explain.js';
import { HistoryBuilder } from './histories.js';

const RU = { consistencyModels: ['read-uncommitted'] };
const RC = { consistencyModels: ['read-committed'] };
const SS = { consistencyModels: ['strict-serializable'] };

/** Two processes that write and read x, so the graph is never empty. */
function background(h: HistoryBuilder): HistoryBuilder {
  return h.txn(8, 'ok', [['w', 'bg', 1]]).txn(9, 'ok', [['r', 'bg', 1]]);
}

test('a clean serial history is valid under strict-serializable', () => {
  const h = new HistoryBuilder().txn(0, 'ok', [['w', 'x', 1]]).txn(1, 'ok', [['r', 'x', 1], ['w', 'x', 2]]).txn(0, 'ok', [['r', 'x', 2]]);
  assert.deepEqual(checkRwRegister(h.ops, SS), { 'valid?': true, 'anomaly-types': [], anomalies: null });
});

test('a history where no read observes a write is invalid: empty transaction graph', () => {
  const h = new HistoryBuilder().txn(0, 'ok', [['w', 'x', 1]]).txn(1, 'ok', [['w', 'x', 2], ['w', 'y', 1]]);
  for (const options of [RU, RC]) {
    const result = checkRwRegister(h.ops, options);
    assert.equal(result['valid?'], false);
    assert.deepEqual(result['anomaly-types'], ['empty-transaction-graph']);
  }
});

test('a read of a failed txn\'s write is G1a under read-committed, naming reader and writer', () => {
  const h = background(new HistoryBuilder()).txn(0, 'fail', [['w', 'x', 1]]).txn(1, 'ok', [['r', 'x', 1]]);
  const result = checkRwRegister(h.ops, RC);
  assert.equal(result['valid?'], false);
  assert.deepEqual(result['anomaly-types'], ['G1a']);
  const [g1a] = result.anomalies!.G1a as Array<{ op: { index: number }; writer: { index: number }; mop: unknown }>;
  assert.equal(g1a.op.index, 7);
  assert.equal(g1a.writer.index, 5);
  assert.deepEqual(g1a.mop, ['r', 'x', 1]);
  assert.deepEqual(result.not, ['read-committed']);
  // Read-uncommitted allows dirty reads.
  assert.equal(checkRwRegister(h.ops, RU)['valid?'], true);
});

test('a read of a value its writer overwrote in the same txn is G1b', () => {
  const h = background(new HistoryBuilder()).txn(0, 'ok', [['w', 'x', 1], ['w', 'x', 2]]).txn(1, 'ok', [['r', 'x', 1]]);
  const result = checkRwRegister(h.ops, RC);
  assert.ok(result['anomaly-types'].includes('G1b'));
  const [g1b] = result.anomalies!.G1b as Array<{ op: { index: number }; writer: { index: number } }>;
  assert.deepEqual([g1b.op.index, g1b.writer.index], [7, 5]);
});

test('a txn reading its own intermediate write is not G1b', () => {
  const h = background(new HistoryBuilder()).txn(0, 'ok', [['w', 'x', 1], ['r', 'x', 1], ['w', 'x', 2]]);
  assert.equal(checkRwRegister(h.ops, RC)['valid?'], true);
});

test('two txns that each read the other\'s write form a G1c cycle of wr edges', () => {
  const h = new HistoryBuilder()
    .invoke(0, [['w', 'x', 1], ['r', 'y', null]])
    .invoke(1, [['w', 'y', 1], ['r', 'x', null]])
    .complete(0, 'ok', [['w', 'x', 1], ['r', 'y', 1]])
    .complete(1, 'ok', [['w', 'y', 1], ['r', 'x', 1]]);
  const result = checkRwRegister(h.ops, RC);
  assert.equal(result['valid?'], false);
  assert.deepEqual(result['anomaly-types'], ['G1c']);
  const [cycle] = result.anomalies!.G1c as CycleCase[];
  assert.equal(cycle.cycle.length, 3);
  assert.equal(cycle.cycle[0], cycle.cycle[2]);
  assert.deepEqual(cycle.steps.map((s) => s.type), ['wr', 'wr']);
  assert.match(renderCycle(cycle.cycle, cycle.steps), /However, T2 < T1, because T2 wrote .* which was read by T1: a contradiction!/);
  // Read-uncommitted allows G1c.
  assert.equal(checkRwRegister(h.ops, RU)['valid?'], true);
});

test('a write cycle inferred from writes-follow-reads is G0, even under read-uncommitted', () => {
  // T1 read y=1 (T2's) then wrote y=2; T2 read x=1 (T1's) then wrote x=2: x 1<2 and y 1<2.
  const h = new HistoryBuilder()
    .invoke(0, [['r', 'y', null], ['w', 'x', 1], ['w', 'y', 2]])
    .invoke(1, [['r', 'x', null], ['w', 'x', 2], ['w', 'y', 1]])
    .complete(0, 'ok', [['r', 'y', 1], ['w', 'x', 1], ['w', 'y', 2]])
    .complete(1, 'ok', [['r', 'x', 1], ['w', 'x', 2], ['w', 'y', 1]]);
  const result = checkRwRegister(h.ops, RU);
  assert.equal(result['valid?'], false);
  assert.deepEqual(result['anomaly-types'], ['G0']);
  const [cycle] = result.anomalies!.G0 as CycleCase[];
  assert.deepEqual(cycle.steps.map((s) => s.type), ['ww', 'ww']);
  assert.deepEqual(result.not, ['read-uncommitted']);
});

test('versions that writes-follow-reads orders in a circle are cyclic-versions', () => {
  const h = background(new HistoryBuilder()).txn(0, 'ok', [['r', 'x', 1], ['w', 'x', 2]]).txn(1, 'ok', [['r', 'x', 2], ['w', 'x', 1]]);
  const result = checkRwRegister(h.ops, RU);
  assert.ok(result['anomaly-types'].includes('cyclic-versions'));
  assert.deepEqual((result.anomalies!['cyclic-versions'] as Array<{ sources: string[] }>)[0].sources, ['initial-state', 'wfr-keys']);
});

test('two txns that read the same value and both write it are a lost update under strict-serializable only', () => {
  const h = new HistoryBuilder()
    .txn(0, 'ok', [['w', 'x', 1]])
    .invoke(1, [['r', 'x', null], ['w', 'x', 2]])
    .invoke(2, [['r', 'x', null], ['w', 'x', 3]])
    .complete(1, 'ok', [['r', 'x', 1], ['w', 'x', 2]])
    .complete(2, 'ok', [['r', 'x', 1], ['w', 'x', 3]]);
  const ss = checkRwRegister(h.ops, SS);
  assert.equal(ss['valid?'], false);
  assert.ok(ss['anomaly-types'].includes('lost-update'));
  const [lost] = ss.anomalies!['lost-update'] as Array<{ key: unknown; value: unknown; txns: Array<{ index: number }> }>;
  assert.deepEqual([lost.key, lost.value, lost.txns.map((t) => t.index)], ['x', 1, [4, 5]]);
  assert.ok(ss['anomaly-types'].includes('G2-item'));
  assert.equal(checkRwRegister(h.ops, RC)['valid?'], true);
});

test('a read that disagrees with the txn\'s own write is internal under strict-serializable only', () => {
  const h = background(new HistoryBuilder()).txn(0, 'ok', [['w', 'x', 1], ['r', 'x', 5]]);
  const ss = checkRwRegister(h.ops, SS);
  assert.deepEqual(ss['anomaly-types'], ['internal']);
  assert.deepEqual((ss.anomalies!.internal as Array<{ expected: unknown }>)[0].expected, 1);
  assert.equal(checkRwRegister(h.ops, RC)['valid?'], true);
});

test('a stale read after a completed write is G-single-realtime under strict-serializable, fine under read-committed', () => {
  const h = new HistoryBuilder().txn(0, 'ok', [['w', 'x', 1]]).txn(1, 'ok', [['r', 'x', null]]).txn(0, 'ok', [['r', 'x', 1]]);
  const ss = checkRwRegister(h.ops, SS);
  assert.deepEqual(ss['anomaly-types'], ['G-single-realtime']);
  const [cycle] = ss.anomalies!['G-single-realtime'] as CycleCase[];
  assert.deepEqual(cycle.steps.map((s) => s.type).sort(), ['realtime', 'rw']);
  assert.equal(checkRwRegister(h.ops, RC)['valid?'], true);
});

test('a value written by two ok txns makes the checker throw, as Elle does', () => {
  const h = new HistoryBuilder().txn(0, 'ok', [['w', 'x', 1]]).txn(1, 'ok', [['w', 'x', 1]]).txn(0, 'ok', [['r', 'x', 1]]);
  assert.throws(() => checkRwRegister(h.ops, RC), /written by more than one op/);
});

test('an unknown consistency model is an error', () => {
  assert.throws(() => checkRwRegister([], { consistencyModels: ['read-committed, serializable'] }), /Unknown consistency model/);
});
