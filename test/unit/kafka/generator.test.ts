import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KafkaGenerator, KeyStream } from '../../../src/harness/kafka/generator.js';
import { KafkaFinalGenerator } from '../../../src/harness/kafka/final.js';
import type { Op } from '../../../src/harness/history.js';
import type { GeneratorContext, OpTemplate } from '../../../src/harness/workload.js';
import { seeded } from '../../support/seeded.js';

const ctx = (time: number, thread = 0): GeneratorContext => ({ thread, process: thread, time, concurrency: 2, nodes: ['n0'] });

test('active key index i is chosen with probability about 2^(i+1)/2046', () => {
  // With writes capped very high no key is ever replaced, so indices map to keys 0..9.
  const stream = new KeyStream(seeded(1), 10, 1e9);
  const counts = new Array(10).fill(0);
  const n = 200_000;
  for (let j = 0; j < n; j++) counts[stream.next().key]++;
  for (let i = 0; i < 10; i++) {
    const expected = (2 ** (i + 1) / 2046) * n;
    const tolerance = 4 * Math.sqrt(expected) + 5;
    assert.ok(Math.abs(counts[i] - expected) < tolerance, `key ${i}: ${counts[i]} vs ${expected.toFixed(0)}`);
  }
});

test('reads and writes are about even', () => {
  const stream = new KeyStream(seeded(2));
  let writes = 0;
  const n = 20_000;
  for (let j = 0; j < n; j++) if (stream.next().f === 'w') writes++;
  assert.ok(Math.abs(writes / n - 0.5) < 0.02, String(writes / n));
});

test('each key is written 1..16 in order, then replaced by a fresh key', () => {
  const stream = new KeyStream(seeded(3));
  const written = new Map<number, number[]>();
  for (let j = 0; j < 20_000; j++) {
    const mop = stream.next();
    if (mop.f === 'w') written.set(mop.key, [...(written.get(mop.key) ?? []), mop.value]);
  }
  const full = Array.from({ length: 16 }, (_, i) => i + 1);
  let exhausted = 0;
  for (const [key, values] of written) {
    assert.deepEqual(values, full.slice(0, values.length), `key ${key}`);
    if (values.length === 16) exhausted++;
  }
  assert.ok(written.size > 100, `only ${written.size} keys used`);
  assert.ok(exhausted > 50);
});

test('about 1/64 of ops are assigns of that op key, and the displaced op still comes later', () => {
  const gen = new KafkaGenerator({ random: seeded(4), concurrency: 2, crashIntervalSeconds: 1e9 });
  const ops: OpTemplate[] = [];
  for (let j = 0; j < 64_000; j++) ops.push(gen.next(ctx(j)));
  const assigns = ops.filter((op) => op.f === 'assign');
  assert.ok(Math.abs(assigns.length / ops.length - 1 / 64) < 0.003, String(assigns.length));
  // Every value 1..n of a key is still sent exactly once, in order.
  const sent = new Map<string, number[]>();
  for (const op of ops) if (op.f === 'send') {
    const [, k, v] = (op.value as [string, string, number][])[0];
    sent.set(k, [...(sent.get(k) ?? []), v]);
  }
  for (const [k, values] of sent) assert.deepEqual(values, values.map((_, i) => i + 1), `key ${k}`);
});

test('assigns widen to every key with sent-but-unpolled messages about a third of the time', () => {
  const gen = new KafkaGenerator({ random: seeded(5), concurrency: 2, crashIntervalSeconds: 1e9, assignProbability: 0.5 });
  const ack: Op = { index: 0, time: 0, type: 'ok', process: 0, f: 'send', value: [['send', '77', [3, 1]]] };
  gen.update(ack, ack);
  let assigns = 0;
  let widened = 0;
  for (let j = 0; j < 6000; j++) {
    const op = gen.next(ctx(j));
    if (op.f !== 'assign') continue;
    assigns++;
    if ((op.value as string[]).includes('77')) widened++;
  }
  assert.ok(Math.abs(widened / assigns - 1 / 3) < 0.05, `${widened}/${assigns}`);
  // Once a poll reaches offset 3 of "77", it is no longer unseen.
  const poll: Op = { index: 1, time: 0, type: 'ok', process: 0, f: 'poll', value: [['poll', { '77': [[3, 1]] }]] };
  gen.update(poll, poll);
  for (let j = 0; j < 2000; j++) {
    const op = gen.next(ctx(j));
    if (op.f === 'assign') assert.ok(!(op.value as string[]).includes('77'));
  }
});

test('crashes come every 30/concurrency seconds on average', () => {
  const gen = new KafkaGenerator({ random: seeded(6), concurrency: 2 });
  let crashes = 0;
  const seconds = 3000;
  for (let ms = 0; ms < seconds * 1000; ms += 1) if (gen.next(ctx(ms * 1e6)).f === 'crash') crashes++;
  const expected = seconds / 15;
  assert.ok(Math.abs(crashes - expected) < 0.15 * expected, `${crashes} vs ${expected}`);
});

test('the final generator crashes, assigns from the beginning, then polls until caught up', () => {
  const maxOffsets = new Map([['1', 4], ['2', 0]]);
  const gen = new KafkaFinalGenerator({ random: seeded(7), concurrency: 2 }, () => maxOffsets);
  assert.deepEqual(gen.next(ctx(0, 1)), { f: 'crash', value: null, final: true });
  assert.deepEqual(gen.next(ctx(1, 1)), { f: 'assign', value: ['1', '2'], final: true });
  assert.deepEqual(gen.next(ctx(2, 1)), { f: 'poll', value: [['poll']], final: true });
  assert.equal(gen.next(ctx(3, 1)), 'pending');
  const polled = (process: number, msgs: object): Op => ({ index: 0, time: 0, type: 'ok', process, f: 'poll', value: [['poll', msgs]] });
  gen.update(polled(3, {}), polled(3, { '1': [[0, 1], [4, 2]], '2': [[0, 5]] }));
  assert.equal(gen.next(ctx(1e9, 1)), undefined);
  // Thread 0 has its own targets and is not caught up.
  assert.equal(gen.next(ctx(1e9, 0))?.toString(), '[object Object]');
});

test('the final generator stops after 10 s even if never caught up', () => {
  const gen = new KafkaFinalGenerator({ random: seeded(8), concurrency: 1 }, new Map([['1', 4]]));
  assert.equal((gen.next(ctx(0)) as OpTemplate).f, 'crash');
  assert.equal(gen.next(ctx(10e9)), undefined);
});
