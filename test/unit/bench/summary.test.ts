import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summaryLines, short } from '../../../bench/summary.js';
import { orderedQuantiles } from '../../../bench/support.js';

test('the bench summary has one readable line per headline figure and names a failed section', () => {
  const lines = summaryLines({
    echo: { requests_per_s: { 'baseline (readline)': 300_000, 'glomers, 1 handler worker (default)': 480_000 }, ratio_vs_baseline: { 'glomers, 1 handler worker (default)': 1.6 } },
    nodes: { 'kafka send, file-fed': { requests_per_s: { baseline: 200_000, 'workers=1': 160_000, 'workers=2': 140_000 }, ratio_vs_1_worker: { 'workers=2': 0.88 } } },
    broadcast: { by_rate: { '100': { valid: true, achieved_ops_per_s: 100, servers_msgs_per_op: 2.9, stable_latencies_ms: { p50: 175, p100: 204 }, node_cpu_seconds_per_1000_ops: 8.5 } } },
    harness: { error: 'harness.js exited 1 without JSON\nstack...' },
  });
  assert.match(lines[0], /^bench summary/);
  assert.ok(lines.some((l) => /echo requests\/s: 1 worker\s+480\.0k \(1\.6x baseline\)/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /kafka send, file-fed\s+1w 160\.0k \(1x\), 2w 140\.0k \(0\.88x\); baseline 200\.0k/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /broadcast 25 nodes, rate 100\s+valid, 100 ops\/s, 2\.9 msgs\/op, stable p50\/max 175\/204 ms/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /harness\s+failed: harness\.js exited 1 without JSON$/.test(l)), lines.join('\n'));
  assert.equal(short(1_234_567), '1.23M');
  assert.equal(short(undefined), '-');
});

test('quantile maps come out in numeric order with named keys, from a Map or from JSON', () => {
  const fromJson = JSON.parse(JSON.stringify({ 0: 1, 0.5: 2, 0.95: 3, 0.99: 4, 1: 5 }));
  assert.deepEqual(Object.keys(fromJson), ['0', '1', '0.5', '0.95', '0.99'], 'what JSON does to numeric keys');
  const ordered = orderedQuantiles(fromJson)!;
  assert.deepEqual(Object.keys(ordered), ['p0', 'p50', 'p95', 'p99', 'p100']);
  assert.deepEqual(Object.values(ordered), [1, 2, 3, 4, 5]);
  assert.deepEqual(orderedQuantiles(new Map([[1, 9], [0.5, 7]])), { p50: 7, p100: 9 });
  assert.equal(JSON.stringify(ordered), '{"p0":1,"p50":2,"p95":3,"p99":4,"p100":5}');
});
