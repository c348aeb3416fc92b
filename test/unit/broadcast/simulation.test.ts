/**
 * The three modes on a simulated 3d/3e network (25 nodes, rate 100, 100 ms links with a little
 * jitter), against each mode's own targets, and with the partition nemesis against validity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, type SimOptions } from './sim.js';

const efficient: Omit<SimOptions, 'mode' | 'seed'> = { nodeCount: 25, rate: 100, timeLimitS: 20, latencyMs: 100, jitterMs: 10 };

test('latency mode: median <= 100 ms, max <= 150 ms, msgs-per-op <= 20', () => {
  const r = simulate({ ...efficient, mode: 'latency', seed: 1 });
  assert.equal(r.valid, true);
  assert.ok(r.stableLatencies['0.5'] <= 100, `median ${r.stableLatencies['0.5']}`);
  assert.ok(r.stableLatencies['1'] <= 150, `max ${r.stableLatencies['1']}`);
  assert.ok(r.msgsPerOp <= 20, `mpo ${r.msgsPerOp}`);
});

test('message mode: msgs-per-op <= 0.5, median < 1 s, max < 2 s', () => {
  const r = simulate({ ...efficient, mode: 'messages', seed: 2 });
  assert.equal(r.valid, true);
  assert.ok(r.msgsPerOp <= 0.5, `mpo ${r.msgsPerOp}`);
  assert.ok(r.stableLatencies['0.5'] < 1000, `median ${r.stableLatencies['0.5']}`);
  assert.ok(r.stableLatencies['1'] < 2000, `max ${r.stableLatencies['1']}`);
});

test('default mode is inside both the 3d and the 3e bounds at once', () => {
  const r = simulate({ ...efficient, mode: 'default', seed: 3 });
  assert.equal(r.valid, true);
  assert.ok(r.msgsPerOp < 20, `mpo ${r.msgsPerOp}`);
  assert.ok(r.stableLatencies['0.5'] < 400, `median ${r.stableLatencies['0.5']}`);
  assert.ok(r.stableLatencies['1'] < 600, `max ${r.stableLatencies['1']}`);
});

for (const mode of ['latency', 'default', 'messages'] as const) {
  test(`${mode} mode loses nothing under the partition nemesis (25 nodes and 5 nodes)`, () => {
    for (const seed of [11, 12]) {
      const big = simulate({ ...efficient, mode, seed, partitions: true });
      assert.equal(big.lostCount, 0, `25 nodes seed ${seed}`);
      assert.equal(big.neverReadCount, 0);
      assert.equal(big.valid, true);
      const small = simulate({ nodeCount: 5, rate: 10, timeLimitS: 20, latencyMs: 0, mode, seed, partitions: true });
      assert.equal(small.lostCount, 0, `5 nodes seed ${seed}`);
      assert.equal(small.valid, true);
    }
  });
}

test('the simulation catches a node without retransmission: values dropped on a dead link are lost', () => {
  const r = simulate({
    ...efficient,
    mode: 'latency',
    seed: 4,
    params: { rtoMs: Number.MAX_SAFE_INTEGER },
    blackhole: [['n3', 'n24']],
  });
  assert.ok(r.lostCount > 0, 'lost values were not detected');
  assert.equal(r.valid, false);
});

test('with retransmission the same dead link loses nothing', () => {
  const r = simulate({ ...efficient, mode: 'latency', seed: 4, blackhole: [['n3', 'n24']] });
  assert.equal(r.lostCount, 0);
});
