import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/harness/process/line-reader.js';
import { FloodMeter } from '../../../src/harness/process/limits.js';

function splitter(max: number) {
  const lines: string[] = [];
  const overflows: Array<[string, number]> = [];
  const s = new LineSplitter({ line: (l) => lines.push(l), overflow: (head, chars) => overflows.push([head, chars]) }, max);
  return { s, lines, overflows };
}

test('lines split across chunks and many lines in one chunk come out whole', () => {
  const { s, lines } = splitter(100);
  s.push('{"a"');
  s.push(':1}\n{"b":2}\n{"c"');
  s.push(':3}\n');
  s.push('tail');
  s.end();
  assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '{"c":3}', 'tail']);
});

test('a line longer than the limit is reported once with its head, skipped, and the next line is read', () => {
  const { s, lines, overflows } = splitter(10);
  s.push('ok\n0123456');
  s.push('789abcdef');
  s.push('ghij');
  s.push('klm\nnext\n');
  assert.deepEqual(lines, ['ok', 'next']);
  assert.equal(overflows.length, 1);
  assert.equal(overflows[0][0], '0123456789');
  assert.ok(overflows[0][1] > 10);
});

test('an overlong line that arrives in one chunk is skipped too', () => {
  const { s, lines, overflows } = splitter(5);
  s.push('short\ntoo long by far\nfine\n');
  assert.deepEqual(lines, ['short', 'fine']);
  assert.deepEqual(overflows, [['too l', 15]]);
});

test('a line of exactly the limit is kept', () => {
  const { s, lines, overflows } = splitter(5);
  s.push('12');
  s.push('345\n');
  assert.deepEqual(lines, ['12345']);
  assert.equal(overflows.length, 0);
});

test('the flood meter allows the burst, then only the sustained rate', () => {
  let now = 0;
  const meter = new FloodMeter(1000, 100, () => now);
  for (let i = 0; i < 100; i++) assert.equal(meter.take(), true, `message ${i} is within the burst`);
  assert.equal(meter.take(), false, 'the 101st message at once is a flood');
  now += 50; // 50 ms at 1000/s refills 50 messages
  let allowed = 0;
  while (meter.take()) allowed++;
  assert.equal(allowed, 50);
});

test('a node writing below the sustained rate never floods', () => {
  let now = 0;
  const meter = new FloodMeter(1000, 100, () => now);
  for (let i = 0; i < 10_000; i++) {
    now += 2; // 500 per second
    assert.equal(meter.take(), true);
  }
});

test('client requests allow a node more lines: one reply per request never floods, however fast', () => {
  let now = 0;
  const meter = new FloodMeter(10, 100, () => now);
  for (let i = 0; i < 100_000; i++) {
    now += 0.01; // 100 000 requests per second, far above the base rate of 10
    meter.grant(5);
    assert.equal(meter.take(), true);
  }
});
