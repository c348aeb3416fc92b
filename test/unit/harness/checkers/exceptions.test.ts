import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExceptions } from '../../../../src/harness/checkers/exceptions.js';
import { HistoryBuilder, ms } from './history-builder.js';

test('info ops with exceptions are grouped by class, most frequent first, and stay valid', () => {
  const h = new HistoryBuilder();
  const malformed = { class: 'malformed-rpc-response', message: 'extra key' };
  h.invoke(0, 'broadcast', 1, ms(0));
  const timeout = h.add('info', 0, 'broadcast', 1, ms(1), { exception: { class: 'timeout', message: 'RPC timed out' } });
  h.invoke(1, 'broadcast', 2, ms(2));
  const first = h.add('info', 1, 'broadcast', 2, ms(3), { exception: malformed });
  h.invoke(1, 'broadcast', 3, ms(4));
  h.add('info', 1, 'broadcast', 3, ms(5), { exception: malformed });
  h.invoke(2, 'read', null, ms(6));
  h.add('info', 2, 'read', null, ms(7), { error: 'net-timeout' }); // no exception: not listed
  assert.deepEqual(checkExceptions(h.ops), {
    'valid?': true,
    exceptions: [
      { count: 2, class: 'malformed-rpc-response', example: first },
      { count: 1, class: 'timeout', example: timeout },
    ],
  });
});

test('a history without exceptions reports only valid', () => {
  assert.deepEqual(checkExceptions([]), { 'valid?': true });
});
