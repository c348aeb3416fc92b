import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSetFull } from '../../../../src/harness/checkers/set-full.js';
import type { Keyword } from '../../../../src/harness/edn.js';
import { HistoryBuilder, ms } from './history-builder.js';

const options = { addF: 'broadcast' };

/**
 * Process 0 broadcasts 0..4, process 1 reads. Worked by hand (times in ms):
 * - 0: acked at 1, missed by the read invoked at 2, seen by the reads invoked at 10 and 50:
 *   stable, stable-latency = (2 ms + 1 ns) − 1 ms → 1 ms, so stale.
 * - 1: acked at 5, seen by the read invoked at 10, missed by those invoked at 30 and 50:
 *   lost, lost-latency = (10 ms + 1 ns) − 5 ms → 5 ms.
 * - 2: acked at 21, never seen, missed by the reads at 30 and 50: lost, lost-latency 0
 *   (no read ever saw it, so the lost time is 0).
 * - 3: its add ended info (unknown); first seen by the read completing at 52: stable, latency 0.
 * - 4: acked at 61, no read afterwards: never-read.
 */
function lossyBroadcast() {
  const h = new HistoryBuilder();
  h.invoke(0, 'broadcast', 0, ms(0));
  const known0 = h.ok(0, 'broadcast', 0, ms(1));
  const absent0 = h.invoke(1, 'read', null, ms(2));
  h.ok(1, 'read', [], ms(3));
  h.invoke(0, 'broadcast', 1, ms(4));
  h.ok(0, 'broadcast', 1, ms(5));
  h.invoke(1, 'read', null, ms(10));
  h.ok(1, 'read', [0, 1], ms(12));
  h.invoke(0, 'broadcast', 2, ms(20));
  h.ok(0, 'broadcast', 2, ms(21));
  h.invoke(1, 'read', null, ms(30));
  h.ok(1, 'read', [0], ms(31.5));
  h.invoke(0, 'broadcast', 3, ms(40));
  h.add('info', 0, 'broadcast', 3, ms(41), { error: 'net-timeout' });
  h.invoke(1, 'read', null, ms(50));
  h.ok(1, 'read', [0, 3, 99], ms(52));
  h.invoke(2, 'broadcast', 4, ms(60));
  h.ok(2, 'broadcast', 4, ms(61));
  return { ops: h.ops, known0, absent0 };
}

test('a lost element makes set-full invalid, with lost, stale and never-read classified exactly', () => {
  const { ops, known0, absent0 } = lossyBroadcast();
  const result = checkSetFull(ops, options);
  assert.equal(result['valid?'], false);
  assert.equal(result['attempt-count'], 5);
  assert.equal(result['stable-count'], 2);
  assert.equal(result['lost-count'], 2);
  assert.deepEqual(result.lost, [1, 2]);
  assert.equal(result['never-read-count'], 1);
  assert.deepEqual(result['never-read'], [4]);
  assert.equal(result['stale-count'], 1);
  assert.deepEqual(result.stale, [0]);
  const [worst, ...others] = result['worst-stale'] as Array<Record<string, unknown>>;
  assert.equal(others.length, 0);
  assert.equal(worst.element, 0);
  assert.equal((worst.outcome as Keyword).name, 'stable');
  assert.equal(worst['stable-latency'], 1);
  assert.equal(worst['lost-latency'], null);
  assert.deepEqual(worst.known, { ...known0, f: 'add' }, 'Maelstrom checks broadcasts renamed to add');
  assert.equal(worst['last-absent'], absent0);
  // Stable latencies [1, 0] and lost latencies [5, 0]: index min(n−1, floor(n·p)) of the sorted list.
  assert.deepEqual(result['stable-latencies'], new Map([[0, 0], [0.5, 1], [0.95, 1], [0.99, 1], [1, 1]]));
  assert.deepEqual(result['lost-latencies'], new Map([[0, 0], [0.5, 5], [0.95, 5], [0.99, 5], [1, 5]]));
  assert.equal(result['duplicated-count'], 0);
  assert.deepEqual(result.duplicated, {});
});

test('elements every later read sees pass, and ones seen at once are not stale', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'broadcast', 10, ms(0));
  h.ok(0, 'broadcast', 10, ms(1));
  h.invoke(0, 'broadcast', 11, ms(2));
  h.ok(0, 'broadcast', 11, ms(3));
  h.invoke(1, 'read', null, ms(4));
  h.ok(1, 'read', [11, 10, 10], ms(5)); // a repeated value is never flagged (Jepsen quirk)
  h.invoke(1, 'read', null, ms(6));
  h.add('ok', 1, 'read', [10, 11], ms(7), { final: true });
  const result = checkSetFull(h.ops, options);
  assert.equal(result['valid?'], true);
  assert.equal(result['stable-count'], 2);
  assert.equal(result['stale-count'], 0);
  assert.deepEqual(result['worst-stale'], []);
  assert.deepEqual(result['stable-latencies'], new Map([[0, 0], [0.5, 0], [0.95, 0], [0.99, 0], [1, 0]]));
  assert.equal(result['lost-latencies'], undefined);
  assert.equal(result['duplicated-count'], 0);
});

test('a read that misses an element while its broadcast is in flight does not make it lost', () => {
  const h = new HistoryBuilder();
  h.invoke(1, 'read', null, ms(0));
  h.invoke(0, 'broadcast', 1, ms(1));
  h.ok(1, 'read', [], ms(2)); // invoked before the add completed: may have run first
  h.ok(0, 'broadcast', 1, ms(3));
  const result = checkSetFull(h.ops, options);
  assert.equal(result['lost-count'], 0);
  assert.deepEqual(result['never-read'], [1]);
  assert.equal(result['valid?'], 'unknown', 'no stable element: unknown');
  assert.equal(result['stable-latencies'], undefined);
});

test('failed reads and a null read value are handled like Maelstrom', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'broadcast', 1, ms(0));
  h.ok(0, 'broadcast', 1, ms(1));
  h.invoke(1, 'read', null, ms(2));
  h.add('fail', 1, 'read', null, ms(5002), { error: 'net-timeout' }); // ignored
  h.invoke(1, 'read', null, ms(5003.9));
  h.ok(1, 'read', null, ms(5004)); // null is an empty read
  h.invoke(1, 'read', null, ms(5005));
  h.ok(1, 'read', [1], ms(5006));
  const result = checkSetFull(h.ops, options);
  assert.equal(result['valid?'], true);
  assert.deepEqual(result.stale, [1]);
  // stable time = 5003.9 ms + 1 ns, known at 1 ms: 5002.9 ms, truncated (not rounded) to 5002.
  assert.deepEqual(result['stable-latencies'], new Map([[0, 5002], [0.5, 5002], [0.95, 5002], [0.99, 5002], [1, 5002]]));
});
