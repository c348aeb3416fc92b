import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRwRegister } from '../../../src/harness/elle/check.js';
import { classify } from '../../../src/harness/elle/cycles.js';
import { DepGraph, Rel, stronglyConnectedComponents } from '../../../src/harness/elle/graph.js';
import { boundary, prohibitedAnomalies } from '../../../src/harness/elle/models.js';
import { HistoryBuilder } from './histories.js';

test('Tarjan finds components in a 100k-vertex ring without overflowing the stack', () => {
  const n = 100_000;
  const [ring] = stronglyConnectedComponents(Array.from({ length: n }, (_, i) => i), (v) => [(v + 1) % n]);
  assert.equal(ring.length, n);
  assert.deepEqual(stronglyConnectedComponents([0, 1, 2], (v) => (v < 2 ? [v + 1] : [])), []);
});

test('a graph keeps every relationship of an edge and drops self-edges', () => {
  const g = new DepGraph();
  g.link(1, 2, Rel.ww);
  g.link(1, 2, Rel.rw);
  g.link(3, 3, Rel.wr);
  assert.equal(g.rels(1, 2), Rel.ww | Rel.rw);
  assert.equal(g.edgeCount, 1);
});

test('cycles are classified by their edge types, as Elle names them', () => {
  assert.equal(classify([Rel.ww, Rel.ww]), 'G0');
  assert.equal(classify([Rel.ww, Rel.wr]), 'G1c');
  assert.equal(classify([Rel.wr, Rel.rw]), 'G-single');
  assert.equal(classify([Rel.rw, Rel.rw]), 'G2-item');
  assert.equal(classify([Rel.rw, Rel.wr, Rel.rw, Rel.wr]), 'G-nonadjacent');
  assert.equal(classify([Rel.rw, Rel.realtime]), 'G-single-realtime');
  assert.equal(classify([Rel.ww, Rel.process]), 'G0-process');
});

test('read-committed prohibits G0, G1a, G1b and G1c but not internal or lost-update', () => {
  const rc = prohibitedAnomalies(['read-committed']);
  for (const a of ['G0', 'G1a', 'G1b', 'G1c', 'cyclic-versions', 'PL-2-cycle-exists']) assert.ok(rc.has(a), a);
  for (const a of ['internal', 'lost-update', 'G-single', 'G2-item']) assert.ok(!rc.has(a), a);
  const ss = prohibitedAnomalies(['strict-serializable']);
  for (const a of ['internal', 'lost-update', 'G-single', 'G2-item', 'G1c-realtime', 'G-single-realtime']) assert.ok(ss.has(a), a);
  assert.deepEqual(prohibitedAnomalies(['read-uncommitted']), new Set(['G0', 'duplicate-elements', 'cyclic-versions', 'PL-1-cycle-exists']));
});

test('the boundary names the weakest models an anomaly rules out', () => {
  assert.deepEqual(boundary(['G1c']).not, ['read-committed']);
  assert.deepEqual(boundary(['G-single']).not, ['consistent-view']);
  assert.ok(boundary(['G1c'])['also-not'].includes('strict-serializable'));
});

test('when the cycle search runs out of budget, the cycle-exists fallback still fails the run', () => {
  const h = new HistoryBuilder()
    .invoke(0, [['w', 'x', 1], ['r', 'y', null]])
    .invoke(1, [['w', 'y', 1], ['r', 'x', null]])
    .complete(0, 'ok', [['w', 'x', 1], ['r', 'y', 1]])
    .complete(1, 'ok', [['w', 'y', 1], ['r', 'x', 1]]);
  const result = checkRwRegister(h.ops, { consistencyModels: ['read-committed'], maxSearchSteps: 0 });
  assert.equal(result['valid?'], false);
  assert.deepEqual(result['anomaly-types'], ['PL-2-cycle-exists']);
  const [exists] = result.anomalies!['PL-2-cycle-exists'] as Array<{ scc: number[]; not: string }>;
  assert.deepEqual([exists.scc, exists.not], [[2, 3], 'read-committed']);
});

test('realtime edges order a txn after every txn that completed before it was invoked', () => {
  // T1 completes, then T2 and T3 run concurrently, then T4: T1 < T2, T1 < T3, T2 < T4, T3 < T4 only.
  const h = new HistoryBuilder()
    .txn(0, 'ok', [['w', 'x', 1]])
    .invoke(1, [['r', 'x', null]])
    .invoke(2, [['r', 'x', null]])
    .complete(1, 'ok', [['r', 'x', 1]])
    .complete(2, 'ok', [['r', 'x', 1]])
    .txn(0, 'ok', [['r', 'x', null]]);
  // T4 read nil after T1's write completed: a stale read, G-single-realtime (T4 rw T1, T1 rt ... T4).
  const result = checkRwRegister(h.ops, { consistencyModels: ['strict-serializable'] });
  assert.deepEqual(result['anomaly-types'], ['G-single-realtime']);
  const [cycle] = result.anomalies!['G-single-realtime'] as Array<{ cycle: Array<{ index: number }> }>;
  assert.ok(cycle.cycle.length <= 4, 'the search finds a shortest cycle');
});
