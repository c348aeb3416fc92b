import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, FIXTURE, glomersTest } from './harness-helpers.js';

test('a correct unique-ids node passes with total availability under partitions', async () => {
  const run = await glomersTest(['-w', 'unique-ids', '--bin', FIXTURE, '--node-count', '3', '--time-limit', '2', '--rate', '200', '--availability', 'total', '--nemesis', 'partition']);
  assert.equal(run.code, 0, run.output + run.errors);
  assert.equal(at(run.outcome!.results, 'availability', 'ok-fraction'), 1);
  assert.equal(at(run.outcome!.results, 'net', 'servers', 'msg-count'), 0);
});

test('a unique-ids node that repeats an id is caught by the unique-ids checker', async () => {
  const run = await glomersTest(['-w', 'unique-ids', '--bin', FIXTURE, '--node-count', '1', '--time-limit', '1', '--rate', '100', 'repeat-ids']);
  assert.equal(run.code, 1);
  assert.equal(at(run.outcome!.results, 'workload', 'valid?'), false);
  assert.ok((at(run.outcome!.results, 'workload', 'duplicated-count') as number) > 0);
});

test('a reply whose in_reply_to is written 1.0 breaks the integer schema, as Maelstrom rejects doubles', async () => {
  const run = await glomersTest(['-w', 'unique-ids', '--bin', FIXTURE, '--node-count', '1', '--time-limit', '1', '--rate', '10', 'float-ids']);
  assert.equal(at(run.outcome!.results, 'stats', 'by-f', 'generate', 'ok-count'), 0);
  assert.equal(run.code, 1);
});
