import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantiles, toSinglePrecision } from '../../../../src/harness/quantiles.js';

test('quantiles take the sorted element at min(n−1, floor(n·p)), without interpolation', () => {
  const values = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
  assert.deepEqual(quantiles(values), new Map([[0, 10], [0.5, 60], [0.95, 100], [0.99, 100], [1, 100]]));
  assert.deepEqual(quantiles([7]), new Map([[0, 7], [0.5, 7], [0.95, 7], [0.99, 7], [1, 7]]));
});

test('quantiles of nothing are undefined, so the key can be omitted', () => {
  assert.equal(quantiles([]), undefined);
});

test('single precision reads as Java prints the float', () => {
  assert.equal(toSinglePrecision(110 / 50), 2.2);
  assert.equal(toSinglePrecision(1 / 3), 0.33333334);
  assert.equal(toSinglePrecision(Math.fround(65.121605)), 65.121605);
  assert.equal(toSinglePrecision(3), 3);
});
