import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, COUNTER_BIN, counterTest, WRONG_COUNTER } from './counter-helpers.js';

// Short runs: 5 s of ops and 3 s of recovery (the real challenge uses 20 s and 10 s; bench/counter.ts
// runs that). The counter syncs within 2 s of the last add, so 3 s of quiet is enough.
const SHORT = ['--node-count', '3', '--rate', '100', '--time-limit', '5', '--recovery-time', '3'];

test('the counter is valid on g-counter with partitions, every final read equal, under 0.5 server msgs/op', async () => {
  const run = await counterTest(['-w', 'g-counter', '--bin', COUNTER_BIN, ...SHORT, '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '11']);
  assert.equal(run.code, 0, run.output);
  const reads = at(run.outcome!.results, 'workload', 'final-reads') as number[];
  assert.equal(reads.length, 3);
  assert.equal(new Set(reads).size, 1, `final reads ${reads}`);
  assert.ok(reads[0] > 0);
  const mpo = at(run.outcome!.results, 'net', 'servers', 'msgs-per-op') as number;
  assert.ok(mpo <= 0.5, `servers msgs-per-op ${mpo}`);
});

test('the counter is valid on pn-counter (negative deltas) too', async () => {
  const run = await counterTest(['-w', 'pn-counter', '--bin', COUNTER_BIN, ...SHORT, '--seed', '12']);
  assert.equal(run.code, 0, run.output);
  assert.equal(new Set(at(run.outcome!.results, 'workload', 'final-reads') as number[]).size, 1);
});

test('a counter that drops adds is caught', async () => {
  const run = await counterTest(['-w', 'g-counter', '--bin', WRONG_COUNTER, ...SHORT, '--seed', '13', 'drop-adds']);
  assert.equal(run.code, 1, run.output);
  assert.equal(at(run.outcome!.results, 'workload', 'valid?'), false);
  const [[lo]] = at(run.outcome!.results, 'workload', 'acceptable') as number[][];
  for (const read of at(run.outcome!.results, 'workload', 'final-reads') as number[]) assert.ok(read < lo, `read ${read} vs ${lo}`);
});

test('a counter whose nodes disagree at the end is caught', async () => {
  const run = await counterTest(['-w', 'g-counter', '--bin', WRONG_COUNTER, ...SHORT, '--seed', '14', 'local-only']);
  assert.equal(run.code, 1, run.output);
  assert.equal(at(run.outcome!.results, 'workload', 'valid?'), false);
  const reads = at(run.outcome!.results, 'workload', 'final-reads') as number[];
  assert.ok(new Set(reads).size > 1, `final reads ${reads}`);
});
