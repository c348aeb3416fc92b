import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { SeenSet, SeenSetFullError, SEEN_SET_MAX_VALUE, SEEN_SET_MIN_VALUE } from '../../../src/shared/seen-set.js';

test('add returns true only the first time a value is added', () => {
  const set = SeenSet.create(10);
  assert.equal(set.add(5), true);
  assert.equal(set.add(5), false);
  assert.equal(set.add(0), true);
  assert.equal(set.add(-3), true);
  assert.equal(set.size, 3);
  assert.equal(set.has(5), true);
  assert.equal(set.has(6), false);
});

test('values lists every value once, in insertion order', () => {
  const set = SeenSet.create(1000);
  const input = [7, 3, 7, 1000000, SEEN_SET_MAX_VALUE, SEEN_SET_MIN_VALUE, 3, 0];
  for (const v of input) set.add(v);
  assert.deepEqual(set.values(), [7, 3, 1000000, SEEN_SET_MAX_VALUE, SEEN_SET_MIN_VALUE, 0]);
});

test('a full set throws loudly instead of losing a value, and on every add after that', () => {
  const set = SeenSet.create(3);
  const added: number[] = [];
  let failure: unknown;
  for (let v = 0; v < 100_000 && failure === undefined; v++) {
    try {
      if (set.add(v)) added.push(v);
    } catch (error) {
      failure = error;
    }
  }
  assert.ok(failure instanceof SeenSetFullError, 'the set ran full and said so');
  assert.ok(added.length >= 3, `at least the capacity fits (${added.length})`);
  assert.equal(set.full, true);
  assert.throws(() => set.add(0), SeenSetFullError, 'even an old value is refused once full');
  assert.deepEqual(set.values(), added, 'everything add() accepted is listed');
  assert.equal(set.size, added.length);
});

test('capacity values fit however many handles share the set', () => {
  const set = SeenSet.create(100);
  const handles = Array.from({ length: 70 }, () => SeenSet.attach(set.buffer));
  for (let v = 0; v < 100; v++) assert.equal(handles[v % handles.length].add(v), true);
  assert.equal(set.size, 100);
  assert.deepEqual(set.values().sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
});

test('values that cannot be stored are refused with a RangeError', () => {
  const set = SeenSet.create(4);
  for (const bad of [1.5, NaN, SEEN_SET_MIN_VALUE - 1, SEEN_SET_MAX_VALUE + 1]) assert.throws(() => set.add(bad), RangeError);
  assert.throws(() => SeenSet.create(0), /capacity/);
});

test('a set attached to the same buffer sees the same values', () => {
  const set = SeenSet.create(16);
  set.add(42);
  const twin = SeenSet.attach(set.buffer);
  assert.equal(twin.add(42), false);
  assert.equal(twin.add(43), true);
  assert.equal(set.has(43), true);
});

test('threads inserting overlapping values at once lose none and report each new exactly once', async () => {
  const threads = 4;
  const perThread = 20000;
  const set = SeenSet.create(threads * perThread);
  // Thread t inserts [t*perThread/2, t*perThread/2 + perThread): each value is wanted by two threads.
  const gate = new Int32Array(new SharedArrayBuffer(8));
  const workerUrl = new URL('../../fixtures/runtime-seen-set-worker.js', import.meta.url);
  const workers = Array.from({ length: threads }, (_, t) =>
    new Worker(workerUrl, { workerData: { buffer: set.buffer, gate: gate.buffer, from: (t * perThread) / 2, count: perThread } }),
  );
  const results = workers.map((worker) => new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }));
  // Wait until every thread is parked on the gate, then release them together.
  while (Atomics.load(gate, 1) < threads) await new Promise((r) => setImmediate(r));
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  const wonByThread = await Promise.all(results);
  await Promise.all(workers.map((w) => w.terminate()));

  const expected = (threads + 1) * perThread / 2;
  const won = wonByThread.flat();
  assert.equal(won.length, expected, 'exactly one thread saw each value as new');
  assert.equal(new Set(won).size, expected);
  assert.equal(set.size, expected);
  const listed = set.values().sort((a, b) => a - b);
  assert.deepEqual(listed, Array.from({ length: expected }, (_, i) => i));
});
