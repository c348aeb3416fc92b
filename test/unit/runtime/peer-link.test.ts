import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerLink } from '../../../src/node/peer-link.js';

const link = (rtoMs = 1000) => new PeerLink<number>('n1', { rtoMs });

test('a frame carries every queued item under a fresh sequence number', () => {
  const l = link();
  l.enqueue(1);
  l.enqueue(2);
  assert.deepEqual(l.take(0), { s: 1, v: [1, 2] });
  l.enqueue(3);
  assert.deepEqual(l.take(10), { s: 2, v: [3] });
  assert.equal(l.take(20), null);
});

test('items of an unacknowledged frame are queued again when the timeout fires', () => {
  const l = link();
  l.enqueue(7);
  l.take(0);
  assert.equal(l.requeueExpired(999), false);
  assert.equal(l.requeueExpired(1000), true);
  assert.deepEqual(l.take(1000)?.v, [7]);
});

test('an ack settles exactly the frames it names, so a lost frame is still resent', () => {
  const l = link();
  l.enqueue(1);
  l.take(0); // s=1, lost
  l.enqueue(2);
  l.take(10); // s=2, arrives
  l.accept({ a: [2] }, 300);
  assert.equal(l.inflightCount, 1);
  assert.equal(l.requeueExpired(1000), true);
  assert.deepEqual(l.take(1000)?.v, [1]);
});

test('a received frame is acked on the next frame, and ack-only frames are never acked', () => {
  const a = new PeerLink<number>('b', { rtoMs: 1000 });
  const b = new PeerLink<number>('a', { rtoMs: 1000 });
  a.enqueue(5);
  b.accept(a.take(0)!, 100);
  assert.equal(b.owesAck, true);
  assert.equal(b.owedSince, 100);
  const ack = b.take(200)!;
  assert.deepEqual(ack, { a: [1] });
  a.accept(ack, 300);
  assert.equal(a.inflightCount, 0);
  assert.equal(a.owesAck, false);
  assert.equal(a.busy, false);
  assert.equal(a.take(300), null);
});

test('a peer that stops acking is probed once per backed-off timeout, not once per item', () => {
  const l = link();
  l.enqueue(1);
  l.take(0);
  l.requeueExpired(1000);
  assert.equal(l.suspect, true);
  l.take(1000); // the probe, with item 1
  l.enqueue(2);
  assert.equal(l.wantsToSend, false, 'new items wait for the next probe');
  assert.equal(l.nextExpiry(), 3000, 'the timeout doubled');
  l.requeueExpired(3000);
  assert.equal(l.wantsToSend, true);
  assert.deepEqual(l.take(3000)?.v?.sort(), [1, 2]);
});

test('an ack after a partition ends the backoff', () => {
  const l = link();
  l.enqueue(1);
  l.take(0);
  l.requeueExpired(1000);
  l.take(1000);
  l.accept({ a: [2] }, 1200);
  assert.equal(l.suspect, false);
  l.enqueue(3);
  assert.equal(l.wantsToSend, true);
  l.take(1300);
  assert.equal(l.nextExpiry(), 2300);
});

test('items with the same key coalesce: only the newest queued one is sent', () => {
  const l = new PeerLink<[string, number]>('n1', { rtoMs: 1000, keyOf: ([key]) => key });
  l.enqueue(['x', 1]);
  l.enqueue(['y', 1]);
  l.enqueue(['x', 2]);
  assert.deepEqual(l.take(0)?.v, [['y', 1], ['x', 2]]);
});

test('a retransmission never overwrites a newer queued item with the same key', () => {
  const l = new PeerLink<[string, number]>('n1', { rtoMs: 1000, keyOf: ([key]) => key });
  l.enqueue(['x', 1]);
  l.enqueue(['z', 1]);
  l.take(0); // lost
  l.enqueue(['x', 2]);
  l.requeueExpired(1000);
  assert.deepEqual(l.take(1000)?.v?.sort(), [['x', 2], ['z', 1]]);
});

test('a restarted link renumbers from firstSeq and resends what was in flight, so a late ack for the old number settles nothing', () => {
  const l = link();
  l.enqueue(4);
  l.take(0); // s=1
  l.restart(500);
  l.accept({ a: [1] }, 10); // meant for the old link
  const frame = l.take(10)!;
  assert.deepEqual(frame, { s: 500, v: [4] });
  l.accept({ a: [1] }, 20);
  assert.equal(l.inflightCount, 1, 'the old number does not settle frame 500');
  l.accept({ a: [500] }, 30);
  assert.equal(l.busy, false);
});

test('a non-positive timeout is refused when the link is built', () => {
  assert.throws(() => new PeerLink<number>('n1', { rtoMs: 0 }), /rtoMs must be positive/);
});
