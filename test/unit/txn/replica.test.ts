import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Replica } from '../../../src/challenges/txn/replica.js';

test('a txn reads committed state and its own earlier writes, and commits only its final write per key', () => {
  const r = new Replica('n0', []);
  r.execute([['w', 1, 5]]);
  assert.deepEqual(r.execute([['r', 1, null], ['w', 1, 6], ['r', 1, null], ['w', 1, 7], ['r', 2, null]]), [['r', 1, 5], ['w', 1, 6], ['r', 1, 6], ['w', 1, 7], ['r', 2, null]]);
  assert.equal(r.read(1), 7);
});

test('a malformed txn is rejected with malformed-request data and changes nothing', () => {
  const r = new Replica('n0', []);
  assert.throws(() => r.execute([['w', 1, 1], ['append', 1, 2]]), (e: { code: number }) => e.code === 12);
  assert.throws(() => r.execute('nope'), (e: { code: number }) => e.code === 12);
  assert.equal(r.read(1), null);
});

test('a batch carries only the newest unacknowledged commit per key, and nothing once acknowledged', () => {
  const a = new Replica('n0', ['n1']);
  a.execute([['w', 1, 1]]);
  a.execute([['w', 1, 2], ['w', 2, 1]]);
  const batch = a.batchFor('n1')!;
  assert.deepEqual(batch.entries.map(([k, v]) => [k, v]), [[1, 2], [2, 1]]);
  assert.equal(batch.upto, 3);
  a.receive('n1', 0, [], 3);
  assert.equal(a.batchFor('n1'), undefined);
  assert.equal(a.unacknowledged, false);
});

test('a lost batch is resent until acknowledged, and replicas converge last-writer-wins', () => {
  const a = new Replica('n0', ['n1']);
  const b = new Replica('n1', ['n0']);
  a.execute([['w', 1, 1]]);
  b.execute([['w', 1, 2]]);
  a.batchFor('n1'); // lost in a partition
  assert.equal(a.unacknowledged, true);
  const again = a.batchFor('n1')!;
  assert.equal(again.entries.length, 1);
  const fromB = b.batchFor('n0')!;
  b.receive('n0', again.upto, again.entries, again.ack);
  a.receive('n1', fromB.upto, fromB.entries, fromB.ack);
  // Both counters were 1: the tie goes to the larger node id.
  assert.equal(a.read(1), 2);
  assert.equal(b.read(1), 2);
  const ackFromB = b.batchFor('n0')!;
  assert.equal(ackFromB.ack, 1);
  a.receive('n1', ackFromB.upto, ackFromB.entries, ackFromB.ack);
  assert.equal(a.unacknowledged, false);
});

test('a write committed after seeing a peer\'s write wins over it (Lamport order)', () => {
  const a = new Replica('n0', ['n1']);
  const b = new Replica('n1', ['n0']);
  b.execute([['w', 1, 1]]);
  b.execute([['w', 1, 2]]);
  const fromB = b.batchFor('n0')!;
  a.receive('n1', fromB.upto, fromB.entries, fromB.ack);
  a.execute([['r', 1, null], ['w', 1, 3]]);
  const fromA = a.batchFor('n1')!;
  b.receive('n0', fromA.upto, fromA.entries, fromA.ack);
  assert.equal(b.read(1), 3);
});
