/**
 * Broadcast under ten times the 3d/3e load (25 nodes, rate 1000, latency 100): every mode valid,
 * inside the official 3e bounds (msgs-per-op < 20, median < 1 s, max < 2 s), and no client op
 * timed out (no fail or info completions).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBroadcastRun } from './broadcast-helpers.js';

const heavy = ['--node-count', '25', '--time-limit', '20', '--rate', '1000', '--latency', '100'];

for (const mode of ['default', 'latency', 'messages']) {
  test(`rate 1000 (${mode} mode): valid, official 3e bounds, no timeouts`, async () => {
    const figures = await assertBroadcastRun([...heavy, mode], { mpo: 20, median: 1000, max: 2000 });
    assert.equal(figures.notOk, 0, `fail/info completions: ${figures.summary}`);
  });
}
