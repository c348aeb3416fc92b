import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../src/harness/rng.js';

test('the same seed gives the same stream, and forks by label are independent but reproducible', () => {
  const a = createRng(12);
  const b = createRng(12);
  assert.deepEqual(Array.from({ length: 5 }, a.next), Array.from({ length: 5 }, b.next));
  assert.deepEqual(Array.from({ length: 5 }, createRng(12).fork('x').next), Array.from({ length: 5 }, createRng(12).fork('x').next));
  assert.notDeepEqual(Array.from({ length: 5 }, createRng(12).fork('x').next), Array.from({ length: 5 }, createRng(12).fork('y').next));
});

test('draws are uniform enough in [0, 1)', () => {
  const rng = createRng(3);
  const buckets = new Array(10).fill(0);
  for (let i = 0; i < 100_000; i++) {
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
    buckets[Math.floor(x * 10)]++;
  }
  for (const count of buckets) assert.ok(Math.abs(count - 10_000) < 500, `bucket ${count}`);
});
