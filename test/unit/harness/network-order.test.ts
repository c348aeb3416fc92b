import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeadlineFifo } from '../../../src/harness/net/fifo.js';
import { Journal } from '../../../src/harness/net/journal.js';
import { Network } from '../../../src/harness/net/network.js';
import type { Clock } from '../../../src/harness/net/clock.js';
import { createRng } from '../../../src/harness/rng.js';

/** A clock that only moves when the test says so. */
function manualClock(): Clock & { ms: number } {
  const clock = { ms: 0, nowMs: () => clock.ms, relativeNs: () => Math.round(clock.ms * 1e6), startRelativeTime: () => 0 };
  return clock;
}

const turn = () => new Promise((r) => setImmediate(r));

test('mixed latencies are delivered in (deadline, send order), the order one heap would give', async () => {
  const rng = createRng(7);
  const clock = manualClock();
  const journal = new Journal();
  // Runs of equal latency (the FIFO path) broken by earlier and later ones (the heap path), with many ties.
  const latencies = Array.from({ length: 2000 }, (_, i) => (i % 50 < 30 ? 100 : rng.int(4) * 50));
  let k = 0;
  const net = new Network({ clock, journal, latency: () => latencies[k++] });
  const got: number[] = [];
  net.registerParticipant('n1', () => undefined);
  net.registerParticipant('n2', (m) => got.push(m.body.k as number));
  for (let i = 0; i < latencies.length; i++) {
    if (i % 100 === 0) clock.ms += 1; // later sends have later send times, as they would
    net.send('n1', 'n2', { type: 'x', k: i });
  }
  const sendMs = latencies.map((_, i) => Math.floor(i / 100) + 1);
  const expected = latencies.map((_, i) => i).sort((a, b) => sendMs[a] + latencies[a] - (sendMs[b] + latencies[b]) || a - b);
  clock.ms += 1000;
  await turn();
  await turn();
  assert.equal(got.length, latencies.length);
  assert.deepEqual(got, expected);
  assert.equal(net.queued, 0);
  assert.equal(net.inFlightFrom('n1'), 0);
  net.close();
});

test('nothing is delivered before its deadline, on either path', async () => {
  const clock = manualClock();
  const latencies = [100, 100, 40, 100, 10];
  let k = 0;
  const net = new Network({ clock, journal: new Journal(), latency: () => latencies[k++] });
  const got: number[] = [];
  net.registerParticipant('n1', () => undefined);
  net.registerParticipant('n2', (m) => got.push(m.body.k as number));
  for (let i = 0; i < latencies.length; i++) net.send('n1', 'n2', { type: 'x', k: i });
  assert.equal(net.inFlightFrom('n1'), 5);
  clock.ms = 39.9;
  await new Promise((r) => setTimeout(r, 60)); // the network's timer fires; nothing is due yet but k=4
  assert.deepEqual(got, [4]);
  clock.ms = 99.9;
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(got, [4, 2]);
  clock.ms = 100;
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(got, [4, 2, 0, 1, 3]);
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

test('no recv is journalled before its deadline, even when messages fall due while a batch is running', async () => {
  // A clock that moves a little on every read, as the real one does while a batch runs.
  const clock = manualClock();
  const nowMs = clock.nowMs;
  clock.nowMs = () => (clock.ms += 0.001, nowMs());
  const journal = new Journal();
  const net = new Network({ clock, journal, latency: () => 1 });
  net.registerParticipant('n1', () => undefined);
  net.registerParticipant('n2', () => undefined);
  for (let i = 0; i < 3000; i++) net.send('n1', 'n2', { type: 'x', k: i });
  for (let t = 0; t < 100 && net.queued > 0; t++) await new Promise((r) => setTimeout(r, 2));
  assert.equal(net.queued, 0);
  const sent = new Map<number, number>();
  let recvs = 0;
  for (const event of journal) {
    if (event.kind === 'send') sent.set(event.id, event.time);
    else {
      recvs++;
      assert.ok(event.time >= sent.get(event.id)! + 1e6, `message ${event.id} received ${(sent.get(event.id)! + 1e6 - event.time) / 1e6} ms early`);
    }
  }
  assert.equal(recvs, 3000);
  net.close();
});
