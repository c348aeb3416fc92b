import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keywordValue } from '../../../src/harness/edn.js';
import type { Op } from '../../../src/harness/history.js';
import { Journal } from '../../../src/harness/net/journal.js';
import { historyTextLine, toJson, writeOutputs } from '../../../src/harness/output/outputs.js';
import { createRunStore, storeTimestamp } from '../../../src/harness/output/store.js';

test("the store folder is named like Jepsen's, yyyyMMddTHHmmss.SSS±ZZZZ, and latest points at it", () => {
  assert.match(storeTimestamp(new Date()), /^\d{8}T\d{6}\.\d{3}[+-]\d{4}$/);
  const root = mkdtempSync(join(tmpdir(), 'glomers-store-'));
  const store = createRunStore(root, 'echo');
  assert.equal(join(root, readlinkSync(join(root, 'latest'))), store.dir);
  assert.equal(join(root, 'echo', readlinkSync(join(root, 'echo', 'latest'))), store.dir);
  assert.notEqual(createRunStore(root, 'echo').dir, store.dir, 'two runs in the same millisecond get two folders');
});

test('history.txt rows are process, type, f, value and error, tab-separated, with keywords', () => {
  const op: Op = { index: 3, time: 5, type: 'fail', process: 2, f: 'read', value: null, error: keywordValue('net-timeout') };
  assert.equal(historyTextLine(op), '2\t:fail\t:read\tnil\t:net-timeout');
  assert.equal(historyTextLine({ index: 0, time: 0, type: 'info', process: 'nemesis', f: 'start-partition', value: keywordValue('majority') }), ':nemesis\t:info\t:start-partition\t:majority');
});

test('results.json shows quantile Maps as objects and Sets as arrays', () => {
  assert.equal(toJson({ 'stable-latencies': new Map([[0, 1], [0.5, 2]]), s: new Set(['a']) }), '{"stable-latencies":{"0":1,"0.5":2},"s":["a"]}');
});

test('a run folder gets results in both formats, the history twice and the journal as JSON lines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'glomers-out-'));
  const journal = new Journal();
  journal.send(1, 0, 'c0', 'n1', { type: 'echo' });
  journal.recv(2, 0, 'c0', 'n1', { type: 'echo' });
  const history: Op[] = [{ index: 0, time: 1, type: 'invoke', process: 0, f: 'echo', value: 'hi' }];
  await writeOutputs(dir, history, journal, { workload: { 'valid?': true }, 'valid?': true });
  assert.match(readFileSync(join(dir, 'results.edn'), 'utf8'), /:valid\? true/);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')), { workload: { 'valid?': true }, 'valid?': true });
  assert.equal(readFileSync(join(dir, 'history.edn'), 'utf8'), '{:index 0, :time 1, :type :invoke, :process 0, :f :echo, :value "hi"}\n');
  const events = readFileSync(join(dir, 'net-journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(events.map((e) => [e.kind, e.id, e.time]), [['send', 0, 1], ['recv', 0, 2]]);
});
