import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig, DEFAULT_SEEN_CAPACITY, DEFAULT_JOURNAL_BYTES } from '../../../src/main/config.js';

test('with nothing set a node runs one handler worker at info level', () => {
  assert.deepEqual(readConfig({}), { workers: 1, logLevel: 'info', seenCapacity: DEFAULT_SEEN_CAPACITY, journalBytes: DEFAULT_JOURNAL_BYTES, killWorker: undefined });
});

test('settings are read from the environment', () => {
  assert.deepEqual(readConfig({ GLOMERS_WORKERS: '2', GLOMERS_LOG: 'debug', GLOMERS_SEEN_CAPACITY: '10' }), { workers: 2, logLevel: 'debug', seenCapacity: 10, journalBytes: DEFAULT_JOURNAL_BYTES, killWorker: undefined });
  assert.deepEqual(readConfig({ GLOMERS_FAULT_KILL_WORKER: '1000-3000', GLOMERS_JOURNAL_BYTES: '0' }).killWorker, { minMs: 1000, maxMs: 3000 });
  assert.equal(readConfig({ GLOMERS_JOURNAL_BYTES: '0' }).journalBytes, 0);
  assert.equal(readConfig({ GLOMERS_WORKERS: '0' }).workers, 0);
});

test('a bad setting is refused with its name, the value and what was expected', () => {
  assert.throws(() => readConfig({ GLOMERS_WORKERS: 'two' }), /GLOMERS_WORKERS must be an integer from 0 to 64; got "two"/);
  assert.throws(() => readConfig({ GLOMERS_WORKERS: '1.5' }), /GLOMERS_WORKERS/);
  assert.throws(() => readConfig({ GLOMERS_WORKERS: '65' }), /GLOMERS_WORKERS/);
  assert.throws(() => readConfig({ GLOMERS_LOG: 'loud' }), /GLOMERS_LOG must be one of silent, error, warn, info, debug, trace; got "loud"/);
  assert.throws(() => readConfig({ GLOMERS_SEEN_CAPACITY: '0' }), /GLOMERS_SEEN_CAPACITY/);
  assert.throws(() => readConfig({ GLOMERS_FAULT_KILL_WORKER: '3000-1000' }), /GLOMERS_FAULT_KILL_WORKER must be <min_ms>-<max_ms>/);
  assert.throws(() => readConfig({ GLOMERS_FAULT_KILL_WORKER: '500' }), /GLOMERS_FAULT_KILL_WORKER/);
  assert.throws(() => readConfig({ GLOMERS_JOURNAL_BYTES: '-1' }), /GLOMERS_JOURNAL_BYTES/);
});
