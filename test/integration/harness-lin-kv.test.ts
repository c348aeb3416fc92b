import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { at, FIXTURE, glomersTest } from './harness-helpers.js';

const RUN = ['-w', 'lin-kv', '--bin', FIXTURE, '--node-count', '2', '--concurrency', '2n', '--time-limit', '2', '--rate', '60', '--latency', '5'];

test('a node that keeps its registers in the lin-kv service is linearizable', async () => {
  const run = await glomersTest([...RUN, 'kv-proxy']);
  assert.equal(run.code, 0, run.output);
  const results = run.outcome!.results;
  assert.equal(at(results, 'workload', 'valid?'), true);
  assert.ok((at(results, 'net', 'servers', 'msg-count') as number) > 0, 'node↔service traffic counts as server messages');
  const history = readFileSync(join(run.outcome!.dir, 'history.txt'), 'utf8');
  assert.match(history, /:invoke\t:read\t\[0 nil\]/);
  assert.match(history, /:invoke\t:cas\t\[0 \[\d \d\]\]/);
  assert.match(history, /:fail\t:(read|cas)\t.*\[:key-does-not-exist "key does not exist"\]/);
});

test('two nodes that each keep their own registers are caught by the linearizability check', async () => {
  const run = await glomersTest([...RUN, 'kv-local']);
  assert.equal(run.code, 1, run.output);
  assert.equal(at(run.outcome!.results, 'workload', 'valid?'), false);
  assert.deepEqual(at(run.outcome!.results, 'workload', 'failures'), [0]);
});

test('lin-kv with fewer than 2N client threads crashes like Jepsen, naming the fix', async () => {
  const run = await glomersTest(['-w', 'lin-kv', '--bin', FIXTURE, '--node-count', '2', '--time-limit', '1', 'kv-proxy']);
  assert.equal(run.code, 255);
  assert.match(run.errors, /cannot run a key with 4 threads concurrently.*--concurrency 2n/);
});
