import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStats } from '../../../../src/harness/checkers/stats.js';
import { HistoryBuilder, ms } from './history-builder.js';

test('stats count client completions overall and per f, sorted by f', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'read', null, ms(0));
  h.ok(0, 'read', [], ms(1));
  h.invoke(0, 'broadcast', 1, ms(2));
  h.add('info', 0, 'broadcast', 1, ms(3));
  h.invoke(1, 'broadcast', 2, ms(4));
  h.ok(1, 'broadcast', 2, ms(5));
  h.invoke(1, 'read', null, ms(6));
  h.add('fail', 1, 'read', null, ms(7));
  h.add('info', 'nemesis', 'start-partition', null, ms(8));
  const result = checkStats(h.ops);
  assert.deepEqual(result, {
    'valid?': true,
    count: 4,
    'ok-count': 2,
    'fail-count': 1,
    'info-count': 1,
    'by-f': {
      broadcast: { 'valid?': true, count: 2, 'ok-count': 1, 'fail-count': 0, 'info-count': 1 },
      read: { 'valid?': true, count: 2, 'ok-count': 1, 'fail-count': 1, 'info-count': 0 },
    },
  });
  assert.deepEqual(Object.keys(result['by-f']), ['broadcast', 'read']);
});

test('an f that never succeeds fails the stats check', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'add', 1, ms(0));
  h.ok(0, 'add', 1, ms(1));
  h.invoke(0, 'read', null, ms(2));
  h.add('fail', 0, 'read', null, ms(3));
  const result = checkStats(h.ops);
  assert.equal(result['valid?'], false);
  assert.equal(result['by-f'].read['valid?'], false);
  assert.equal(result['by-f'].add['valid?'], true);
});

test('crash and debug-topic-partitions are forgiven for never succeeding (the kafka wrapper)', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'send', ['k', 1], ms(0));
  h.ok(0, 'send', ['k', 1], ms(1));
  h.invoke(0, 'crash', null, ms(2));
  h.add('info', 0, 'crash', null, ms(3));
  const result = checkStats(h.ops);
  assert.equal(result['by-f'].crash['valid?'], false);
  assert.equal(result['valid?'], true);
});

test('a history with no client ops is valid', () => {
  assert.equal(checkStats([])['valid?'], true);
});
