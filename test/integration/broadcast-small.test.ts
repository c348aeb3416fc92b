/** Challenges 3a–3c: the official commands, valid with no lost value, also with partitions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBroadcastRun, OFFICIAL } from './broadcast-helpers.js';

const partitioned = (argv: readonly string[]) => [...argv, '--nemesis', 'partition'];

test('3a: a single node is valid', async () => {
  await assertBroadcastRun([...OFFICIAL['3a']]);
});

test('3a with --nemesis partition: still valid (a lone node has nobody to lose)', async () => {
  await assertBroadcastRun(partitioned(OFFICIAL['3a']));
});

test('3b: five nodes are valid', async () => {
  await assertBroadcastRun([...OFFICIAL['3b']]);
});

for (const mode of ['default', 'latency', 'messages']) {
  test(`3c (${mode} mode): five nodes under partitions lose nothing`, async () => {
    await assertBroadcastRun([...OFFICIAL['3c'], mode]);
  });
}

test('the judge rejects a valid run that is over its msgs-per-op bound', async () => {
  const quick = ['--node-count', '5', '--time-limit', '3', '--rate', '10', '--recovery-time', '1', 'latency'];
  await assert.rejects(assertBroadcastRun(quick, { mpo: 0.01 }), /msgs-per-op over 0.01/);
});
