import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeadlineFifo } from '../../../src/harness/net/fifo.js';
import { Journal } from '../../../src/harness/net/journal.js';
import { Network } from '../../../src/harness/net/network.js';
import { wakeTime } from '../../../src/harness/net/pump.js';
import type { Clock } from '../../../src/harness/net/clock.js';

/** A clock that only moves when the test says so. */
function manualClock(): Clock & { ms: number } {
  const clock = { ms: 0, nowMs: () => clock.ms, relativeNs: () => Math.round(clock.ms * 1e6), startRelativeTime: () => 0 };
  return clock;
}

test('a pump writes at whole ms below the deadline, as Maelstrom sleeps (long dt) after its poll', () => {
  assert.equal(wakeTime(0, 100), 99, 'taken the instant it was sent: one ms less than its latency');
  assert.equal(wakeTime(0.4, 100), 99.4, 'dt 99.6 sleeps 99');
  assert.equal(wakeTime(5, 5.5), 5, 'dt under 1 ms: written at once');
  assert.equal(wakeTime(7, 3), 7, 'already due: written at once');
});

test('a request due now waits behind the message the pump is sleeping on, then queued ones go in deadline order (issue 17)', async () => {
  const clock = manualClock();
  const latencies = [100, 50, 10, 10, 0];
  let k = 0;
  const net = new Network({ clock, journal: new Journal(), latency: () => latencies[k++] });
  const got: [number, number][] = [];
  net.registerParticipant('n1', () => undefined);
  net.registerParticipant('c1', () => undefined);
  net.registerParticipant('n2', (m) => got.push([m.body.k as number, clock.ms]));
  for (let i = 0; i < 4; i++) net.send('n1', 'n2', { type: 'x', k: i });
  net.send('c1', 'n2', { type: 'read', k: 4 }); // latency 0: the old network delivered it at once
  clock.ms = 60;
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(got.length, 0, 'everything waits for the first message, taken when it was sent');
  clock.ms = 99;
  await new Promise((r) => setTimeout(r, 110)); // the network's timer was set for 99 ms of real time
  assert.deepEqual(got.map(([k]) => k), [0, 4, 2, 3, 1], 'then the rest by deadline: the request (0), 10, 10, 50');
  assert.ok(got.every(([, t]) => t === 99));
  net.close();
});

test('the FIFO keeps its order across wrap-around and growth, and refuses an earlier deadline', () => {
  const fifo = new DeadlineFifo<number>(16);
  const out: number[] = [];
  let next = 0;
  for (let round = 0; round < 10; round++) {
    for (let i = 0; i < 5 + round * 7; i++) {
      assert.ok(fifo.accepts(next));
      fifo.push(next, next, next);
      next++;
    }
    for (let i = 0; i < 4; i++) out.push(fifo.shift());
  }
  assert.equal(fifo.accepts(next - 2), false, 'an earlier deadline would break the order');
  while (fifo.size > 0) {
    assert.equal(fifo.headDeadline(), fifo.headSeq());
    out.push(fifo.shift());
  }
  assert.deepEqual(out, Array.from({ length: next }, (_, i) => i));
  assert.equal(fifo.headDeadline(), Infinity);
  assert.ok(fifo.accepts(0), 'an empty FIFO takes any deadline');
});

test('a removed participant keeps its in-flight count until its messages leave, and its id is free again', async () => {
  const clock = manualClock();
  const net = new Network({ clock, journal: new Journal(), latency: () => 10 });
  const remove = net.registerParticipant('n1', () => undefined);
  net.registerParticipant('n2', () => undefined);
  net.send('n1', 'n2', { type: 'x' });
  remove();
  assert.equal(net.has('n1'), false);
  assert.equal(net.inFlightFrom('n1'), 1);
  net.registerParticipant('n1', () => undefined);
  assert.equal(net.has('n1'), true);
  clock.ms = 10;
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(net.inFlightFrom('n1'), 0);
  net.close();
});

test('no recv is journalled before its wake time, even when messages fall due while a batch is running', async () => {
  // A clock that moves a little on every read, as the real one does while a batch runs.
  const clock = manualClock();
  const nowMs = clock.nowMs;
  clock.nowMs = () => (clock.ms += 0.01, nowMs());
  const journal = new Journal();
  const net = new Network({ clock, journal, latency: () => 2 });
  net.registerParticipant('n1', () => undefined);
  net.registerParticipant('n2', () => undefined);
  for (let i = 0; i < 3000; i++) net.send('n1', 'n2', { type: 'x', k: i });
  for (let t = 0; t < 500 && net.queued > 0; t++) await new Promise((r) => setTimeout(r, 2));
  assert.equal(net.queued, 0);
  const sent = new Map<number, number>();
  let recvs = 0;
  for (const event of journal) {
    if (event.kind === 'send') sent.set(event.id, event.time);
    else {
      recvs++;
      // The earliest a 2 ms message can be written is 1 ms after its send (whole-ms sleep, taken at once).
      assert.ok(event.time >= sent.get(event.id)! + 1e6, `message ${event.id} received ${(sent.get(event.id)! + 1e6 - event.time) / 1e6} ms early`);
    }
  }
  assert.equal(recvs, 3000);
  net.close();
});
