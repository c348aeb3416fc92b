import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Replica } from '../../../src/challenges/txn/replica.js';

test('a txn reads committed state and its own earlier writes, and commits only its final write per key', () => {
  const r = new Replica('n0');
  r.execute([['w', 1, 5]]);
  assert.deepEqual(r.execute([['r', 1, null], ['w', 1, 6], ['r', 1, null], ['w', 1, 7], ['r', 2, null]]).result, [['r', 1, 5], ['w', 1, 6], ['r', 1, 6], ['w', 1, 7], ['r', 2, null]]);
  assert.equal(r.read(1), 7);
});

test('a malformed txn is rejected with malformed-request data and changes nothing', () => {
  const r = new Replica('n0');
  assert.throws(() => r.execute([['w', 1, 1], ['append', 1, 2]]), (e: { code: number }) => e.code === 12);
  assert.throws(() => r.execute('nope'), (e: { code: number }) => e.code === 12);
  assert.equal(r.read(1), null);
});

test('a txn returns the writes it committed: its final write per key, under one new version', () => {
  const r = new Replica('n0');
  assert.deepEqual(r.execute([['r', 1, null]]).writes, []);
  assert.deepEqual(r.execute([['w', 1, 1], ['w', 1, 2], ['w', 2, 1]]).writes, [[1, 2, 1, 'n0'], [2, 1, 1, 'n0']]);
});

test('replicas converge last-writer-wins whatever order and repetition the writes arrive in', () => {
  const a = new Replica('n0');
  const b = new Replica('n1');
  const fromA = a.execute([['w', 1, 1]]).writes;
  const fromB = b.execute([['w', 1, 2]]).writes;
  b.apply(fromA);
  a.apply(fromB);
  a.apply(fromB);
  // Both counters were 1: the tie goes to the larger node id.
  assert.equal(a.read(1), 2);
  assert.equal(b.read(1), 2);
});

test('a write committed after seeing a peer\'s write wins over it (Lamport order)', () => {
  const a = new Replica('n0');
  const b = new Replica('n1');
  b.execute([['w', 1, 1]]);
  a.apply(b.execute([['w', 1, 2]]).writes);
  const fromA = a.execute([['r', 1, null], ['w', 1, 3]]);
  assert.deepEqual(fromA.result, [['r', 1, 2], ['w', 1, 3]]);
  b.apply(fromA.writes);
  b.apply([[1, 1, 1, 'n1']]); // a stale repeat changes nothing
  assert.equal(b.read(1), 3);
});
