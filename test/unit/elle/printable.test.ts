import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRwRegister } from '../../../src/harness/elle/check.js';
import { printableResult } from '../../../src/harness/elle/printable.js';
import { toEdn } from '../../../src/harness/edn.js';
import { HistoryBuilder } from './histories.js';

test('results.edn shows anomaly types, step types, mops and models as Elle\'s keywords, without touching the history', () => {
  const h = new HistoryBuilder()
    .invoke(0, [['w', 1, 1], ['r', 2, null]])
    .invoke(1, [['w', 2, 1], ['r', 1, null]])
    .complete(0, 'ok', [['w', 1, 1], ['r', 2, 1]])
    .complete(1, 'ok', [['w', 2, 1], ['r', 1, 1]]);
  const before = JSON.stringify(h.ops);
  const edn = toEdn(printableResult(checkRwRegister(h.ops, { consistencyModels: ['read-committed'] })));
  assert.match(edn, /:anomaly-types \(:G1c\)/);
  assert.match(edn, /:type :G1c/);
  assert.match(edn, /\{:type :wr, :key \d, :value 1/);
  assert.match(edn, /\[\[:w 1 1\] \[:r 2 1\]\]/);
  assert.match(edn, /:not #\{:read-committed\}/);
  assert.equal(JSON.stringify(h.ops), before);
});

test('a clean result prints as Maelstrom shows it: valid, no anomaly types, anomalies nil', () => {
  const h = new HistoryBuilder().txn(0, 'ok', [['w', 1, 1]]).txn(1, 'ok', [['r', 1, 1]]);
  assert.equal(toEdn(printableResult(checkRwRegister(h.ops, { consistencyModels: ['read-committed'] }))), '{:valid? true, :anomaly-types (), :anomalies nil}');
});
