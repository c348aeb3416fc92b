import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLinKv } from '../../../../src/harness/linearizability/lin-kv-checker.js';
import { toEdn } from '../../../../src/harness/edn.js';
import { HistoryBuilder, ms } from './history-builder.js';

test('a non-linearizable key names the failing op as Knossos does: a history op with :f, :index and the value without its key', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'write', [7, 1], ms(0));
  h.ok(0, 'write', [7, 1], ms(1));
  h.invoke(1, 'read', [7, null], ms(2));
  const stale = h.ok(1, 'read', [7, 2], ms(3)); // 2 was never written
  const result = checkLinKv(h.ops);
  assert.equal(result['valid?'], false);
  assert.deepEqual(result.failures, [7]);
  const linearizable = (result.results as Map<unknown, { linearizable: Record<string, unknown> }>).get(7)!.linearizable;
  assert.deepEqual(linearizable.op, { index: stale.index, time: stale.time, type: 'ok', process: 1, f: 'read', value: 2 });
  assert.match(toEdn(linearizable.op), /^\{:index 3, :time 3000000, :type :ok, :process 1, :f :read, :value 2\}$/);
  assert.doesNotMatch(toEdn(result), /invokeIndex|completeIndex/);
});

test('a linearizable history has no failing op', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'write', [7, 1], ms(0));
  h.ok(0, 'write', [7, 1], ms(1));
  h.invoke(1, 'read', [7, null], ms(2));
  h.ok(1, 'read', [7, 1], ms(3));
  const result = checkLinKv(h.ops);
  assert.equal(result['valid?'], true);
  assert.deepEqual(result.failures, []);
});
