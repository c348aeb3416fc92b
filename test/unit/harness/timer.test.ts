import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { preciseTimer } from '../../../src/harness/net/timer.js';

const fire = (timer: ReturnType<typeof preciseTimer>, waitMs: number) =>
  new Promise<number>((resolve) => {
    const start = performance.now();
    timer.set(waitMs, () => resolve(performance.now() - start));
  });

test('the precise timer never calls back inside set, even for a wait already due', () => {
  const timer = preciseTimer();
  let called = false;
  timer.set(0, () => (called = true));
  assert.equal(called, false);
  timer.close();
});

test('the precise timer fires no earlier than asked, and a replaced wake-up never fires', async () => {
  const timer = preciseTimer();
  let stale = false;
  timer.set(5, () => (stale = true));
  const waits = [3.3, 0.2, 7.75, 1.5];
  for (const wait of waits) assert.ok((await fire(timer, wait)) >= wait, `fired before ${wait} ms`);
  assert.equal(stale, false);
  timer.close();
});

test('the precise timer lands sub-millisecond on fractional waits where setTimeout rounds up to whole ticks', async () => {
  // Generous bound for a loaded 2-core machine: the median of 40 wake-ups within 0.5 ms.
  const timer = preciseTimer();
  const late: number[] = [];
  for (let i = 0; i < 40; i++) {
    const wait = 2 + (i % 7) * 0.37;
    late.push((await fire(timer, wait)) - wait);
  }
  timer.close();
  late.sort((a, b) => a - b);
  assert.ok(late[20] < 0.5, `median lateness ${late[20]} ms`);
});
