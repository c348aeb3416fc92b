import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSafe, checkSafeSync, composeResults, mergeValid } from '../../../../src/harness/checkers/compose.js';

test('false outranks unknown, which outranks true', () => {
  assert.equal(mergeValid([true, 'unknown', false, true]), false);
  assert.equal(mergeValid([true, 'unknown', true]), 'unknown');
  assert.equal(mergeValid([true, true]), true);
  assert.equal(mergeValid([]), true);
});

test('composed results keep every checker under its name and add the merged verdict', () => {
  const composed = composeResults({ stats: { 'valid?': true, count: 3 }, workload: { 'valid?': 'unknown' } });
  assert.deepEqual(composed, { stats: { 'valid?': true, count: 3 }, workload: { 'valid?': 'unknown' }, 'valid?': 'unknown' });
});

test('a checker that throws gives unknown with the error, sync or async', async () => {
  const sync = checkSafeSync(() => {
    throw new Error('boom');
  });
  assert.equal(sync['valid?'], 'unknown');
  assert.match(String(sync.error), /boom/);
  const rejected = await checkSafe(async () => {
    throw new Error('async boom');
  });
  assert.equal(rejected['valid?'], 'unknown');
  assert.match(String(rejected.error), /async boom/);
  assert.deepEqual(await checkSafe(() => ({ 'valid?': true })), { 'valid?': true });
});
