import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Link } from '../../../src/challenges/broadcast/link.js';

test('a message carries every queued value under a fresh sequence number', () => {
  const link = new Link('n1', 1000);
  link.enqueue(1);
  link.enqueue(2);
  assert.deepEqual(link.take(0), { type: 'gossip', s: 1, v: [1, 2] });
  link.enqueue(3);
  assert.deepEqual(link.take(10), { type: 'gossip', s: 2, v: [3] });
  assert.equal(link.take(20), null);
});

test('values of an unacknowledged message are queued again when the timeout fires', () => {
  const link = new Link('n1', 1000);
  link.enqueue(7);
  link.take(0);
  assert.equal(link.requeueExpired(999), false);
  assert.equal(link.requeueExpired(1000), true);
  assert.deepEqual(link.take(1000)?.v, [7]);
});

test('an ack settles exactly the messages it names, so a lost message is still resent', () => {
  const link = new Link('n1', 1000);
  link.enqueue(1);
  link.take(0); // s=1, lost
  link.enqueue(2);
  link.take(10); // s=2, arrives
  link.accept({ type: 'gossip', a: [2] }, 300);
  assert.equal(link.inflightCount, 1);
  assert.equal(link.requeueExpired(1000), true);
  assert.deepEqual(link.take(1000)?.v, [1]);
});

test('a received message is acked on the next message, and ack-only messages are never acked', () => {
  const a = new Link('b', 1000);
  const b = new Link('a', 1000);
  a.enqueue(5);
  b.accept(a.take(0)!, 100);
  assert.equal(b.owesAck, true);
  assert.equal(b.owedSince, 100);
  const ack = b.take(200)!;
  assert.deepEqual(ack, { type: 'gossip', a: [1] });
  a.accept(ack, 300);
  assert.equal(a.inflightCount, 0);
  assert.equal(a.owesAck, false);
  assert.equal(a.take(300), null);
});

test('a peer that stops acking is probed once per backed-off timeout, not once per value', () => {
  const link = new Link('n1', 1000);
  link.enqueue(1);
  link.take(0);
  link.requeueExpired(1000);
  assert.equal(link.suspect, true);
  link.take(1000); // the probe, with value 1
  link.enqueue(2);
  assert.equal(link.wantsToSend, false, 'new values wait for the next probe');
  assert.equal(link.nextExpiry(), 3000, 'the timeout doubled');
  link.requeueExpired(3000);
  assert.equal(link.wantsToSend, true);
  assert.deepEqual(link.take(3000)?.v?.sort(), [1, 2]);
});

test('an ack after a partition ends the backoff', () => {
  const link = new Link('n1', 1000);
  link.enqueue(1);
  link.take(0);
  link.requeueExpired(1000);
  link.take(1000);
  link.accept({ type: 'gossip', a: [2] }, 1200);
  assert.equal(link.suspect, false);
  link.enqueue(3);
  assert.equal(link.wantsToSend, true);
  link.take(1300);
  assert.equal(link.nextExpiry(), 2300);
});
