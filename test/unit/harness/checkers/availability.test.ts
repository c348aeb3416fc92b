import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAvailability } from '../../../../src/harness/checkers/availability.js';
import { HistoryBuilder, ms } from './history-builder.js';
import type { Op } from '../../../../src/harness/history.js';

/** `oks` ok generates and `fails` failed ones, plus nemesis noise that must not count. */
function outcomes(oks: number, fails: number): Op[] {
  const h = new HistoryBuilder();
  h.add('info', 'nemesis', 'start-partition', null, ms(0));
  for (let i = 0; i < oks + fails; i++) {
    h.invoke(0, 'generate', null, ms(i));
    if (i < oks) h.ok(0, 'generate', i, ms(i + 0.5));
    else h.add('fail', 0, 'generate', null, ms(i + 0.5));
  }
  return h.ops;
}

test('availability total fails when one op of four fails', () => {
  assert.deepEqual(checkAvailability(outcomes(3, 1), 'total'), { 'valid?': false, 'ok-fraction': 0.75 });
});

test('availability total passes when every op is ok', () => {
  assert.deepEqual(checkAvailability(outcomes(4, 0), 'total'), { 'valid?': true, 'ok-fraction': 1 });
});

test('without a goal availability is always valid, and 1 when nothing was invoked', () => {
  assert.deepEqual(checkAvailability(outcomes(0, 3), undefined), { 'valid?': true, 'ok-fraction': 0 });
  assert.deepEqual(checkAvailability([], 'total'), { 'valid?': true, 'ok-fraction': 1 });
});

test('a numeric goal is a lower bound compared with the single-precision fraction, as in Clojure', () => {
  assert.equal(checkAvailability(outcomes(3, 1), 0.75)['valid?'], true);
  assert.equal(checkAvailability(outcomes(3, 1), 0.76)['valid?'], false);
  // (float 0.7) is 0.699999988..., below the double 0.7.
  const seventy = checkAvailability(outcomes(7, 3), 0.7);
  assert.equal(seventy['ok-fraction'], 0.7);
  assert.equal(seventy['valid?'], false);
});
