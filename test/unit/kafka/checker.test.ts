import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkKafka } from '../../../src/harness/kafka/checker.js';
import { KafkaHistory } from './history-builder.js';

const errorTypes = (h: KafkaHistory) => checkKafka(h.ops)['error-types'] as string[];

/** Two processes: 0 sends 1,2,3 to "a" and 10 to "b"; 1 polls them in two steps. */
function validHistory(): KafkaHistory {
  return new KafkaHistory()
    .send(0, 'a', 1, 0)
    .send(0, 'a', 2, 1)
    .assign(1, ['a', 'b'])
    .poll(1, { a: [[0, 1], [1, 2]] })
    .send(0, 'a', 3, 2)
    .send(0, 'b', 10, 0)
    .poll(1, { a: [[2, 3]], b: [[0, 10]] });
}

test('a history where every acknowledged send is polled in order is valid', () => {
  const result = checkKafka(validHistory().ops);
  assert.equal(result['valid?'], true, JSON.stringify(result));
  assert.deepEqual(result['error-types'], []);
  assert.deepEqual(result['bad-error-types'], []);
});

test('sparse offsets are not a skip: holes in the log are ignored', () => {
  const h = new KafkaHistory().send(0, 'a', 1, 0).send(0, 'a', 2, 5).poll(1, { a: [[0, 1]] }).poll(1, { a: [[5, 2]] });
  assert.equal(checkKafka(h.ops)['valid?'], true);
});

test('a process whose next poll skips a known offset is a poll-skip', () => {
  const h = new KafkaHistory()
    .send(0, 'a', 1, 0).send(0, 'a', 2, 1).send(0, 'a', 3, 2)
    .poll(1, { a: [[0, 1]] })
    .poll(1, { a: [[2, 3]] })
    .poll(2, { a: [[0, 1], [1, 2], [2, 3]] });
  const result = checkKafka(h.ops);
  assert.equal(result['valid?'], false);
  assert.ok(errorTypes(h).includes('poll-skip'));
  const skip = result['poll-skip'] as { count: number; errs: Array<{ skipped: unknown[]; delta: number }> };
  assert.equal(skip.count, 1);
  assert.deepEqual(skip.errs[0].skipped, [2]);
  assert.equal(skip.errs[0].delta, 2);
});

test('a skip inside one poll is an int-poll-skip', () => {
  const h = new KafkaHistory()
    .send(0, 'a', 1, 0).send(0, 'a', 2, 1).send(0, 'a', 3, 2)
    .poll(1, { a: [[0, 1], [2, 3]] })
    .poll(2, { a: [[1, 2]] });
  assert.deepEqual(errorTypes(h), ['int-poll-skip']);
});

test('an assign that drops a key forgets where the process was in it', () => {
  const h = new KafkaHistory()
    .send(0, 'a', 1, 0).send(0, 'a', 2, 1).send(0, 'a', 3, 2)
    .poll(1, { a: [[0, 1]] })
    .assign(1, ['b'])
    .assign(1, ['a'])
    .poll(1, { a: [[2, 3]] })
    .poll(2, { a: [[0, 1], [1, 2], [2, 3]] });
  assert.equal(checkKafka(h.ops)['valid?'], true);
});

test('an acknowledged message at two offsets is a duplicate', () => {
  const h = new KafkaHistory().send(0, 'a', 1, 0).send(0, 'a', 2, 1).poll(1, { a: [[0, 1], [1, 2], [2, 1]] });
  const result = checkKafka(h.ops);
  assert.equal(result['valid?'], false);
  assert.ok(errorTypes(h).includes('duplicate'));
  const dup = result.duplicate as { errs: Array<{ value: unknown; offsets: number[] }> };
  assert.deepEqual(dup.errs[0], { key: 'a', value: 1, count: 2, offsets: [0, 2] });
});

test('two values at one offset are inconsistent offsets', () => {
  const h = new KafkaHistory().send(0, 'a', 1, 0).send(1, 'a', 2, 0).poll(2, { a: [[0, 1]] }).poll(3, { a: [[0, 2]] });
  const result = checkKafka(h.ops);
  assert.equal(result['valid?'], false);
  assert.ok(errorTypes(h).includes('inconsistent-offsets'));
  const errs = (result['inconsistent-offsets'] as { errs: Array<{ offset: number; values: unknown[] }> }).errs;
  assert.deepEqual(errs[0], { key: 'a', offset: 0, index: 0, values: [1, 2] });
});

test('an acknowledged send below the highest polled offset that nobody polled is a lost write', () => {
  const h = new KafkaHistory().send(0, 'a', 1, 0).send(0, 'a', 2, 1).poll(1, { a: [[1, 2]] });
  const result = checkKafka(h.ops);
  assert.equal(result['valid?'], false);
  assert.ok(errorTypes(h).includes('lost-write'));
  const lost = result['lost-write'] as { errs: Array<{ value: unknown; index: number }> };
  assert.equal(lost.errs[0].value, 1);
});

test('an acknowledged send never polled at all is unseen', () => {
  const h = new KafkaHistory().send(0, 'a', 1, 0).send(0, 'a', 2, 1).poll(1, { a: [[0, 1]] });
  const result = checkKafka(h.ops);
  assert.deepEqual(result['error-types'], ['unseen']);
  assert.deepEqual((result.unseen as { unseen: unknown }).unseen, { a: 1 });
  assert.deepEqual((result.unseen as { messages: unknown }).messages, { a: [2] });
  assert.equal(result['valid?'], false);
});

test('a crashed send that nobody polled is excused, not lost', () => {
  const h = new KafkaHistory().send(0, 'a', 1, null, 'info').send(1, 'a', 2, 1).poll(2, { a: [[1, 2]] });
  assert.equal(checkKafka(h.ops)['valid?'], true);
});

test('a poll that goes backwards for a process is a nonmonotonic poll', () => {
  const h = new KafkaHistory()
    .send(0, 'a', 1, 0).send(0, 'a', 2, 1)
    .poll(1, { a: [[0, 1], [1, 2]] })
    .poll(1, { a: [[1, 2]] });
  const result = checkKafka(h.ops);
  assert.ok(errorTypes(h).includes('nonmonotonic-poll'));
  assert.equal(result['valid?'], false);
});

test('values out of log order within one poll are an int-nonmonotonic-poll', () => {
  const h = new KafkaHistory().send(0, 'a', 1, 0).send(0, 'a', 2, 1).poll(1, { a: [[1, 2], [0, 1]] });
  assert.ok(errorTypes(h).includes('int-nonmonotonic-poll'));
});

test('a process whose later send lands lower in the log is a nonmonotonic send', () => {
  const h = new KafkaHistory().send(0, 'a', 1, 1).send(0, 'a', 2, 0).poll(1, { a: [[0, 2], [1, 1]] });
  assert.deepEqual(errorTypes(h), ['nonmonotonic-send']);
});

test('an ok poll reading a failed send is G1a', () => {
  const h = new KafkaHistory().send(0, 'a', 1, null, 'fail').poll(1, { a: [[0, 1]] });
  const result = checkKafka(h.ops);
  assert.ok(errorTypes(h).includes('G1a'));
  assert.equal(result['valid?'], false);
});

test('a poll that reads a send invoked after the poll completed is a realtime cycle', () => {
  const h = new KafkaHistory().poll(1, { a: [[0, 1]] }).lateSend(0, 'a', 1, 0, 100);
  assert.deepEqual(errorTypes(h), ['G1c-realtime']);
});

test('a poll returning a value nobody sent is reported', () => {
  const h = new KafkaHistory().poll(1, { a: [[0, 99]] });
  assert.deepEqual(errorTypes(h), ['no-writer-of-value']);
});

test('a poll that lags behind a completed send has a realtime lag', () => {
  const h = new KafkaHistory().send(0, 'a', 1, 0).send(0, 'a', 2, 1).assign(1, ['a']).poll(1, { a: [[0, 1]] }).poll(1, { a: [[1, 2]] });
  const lag = checkKafka(h.ops)['worst-realtime-lag'] as { lag: number; key: string; process: number };
  // Offset 1 existed from t=4 ms; the first poll was invoked at t=7 ms having reached offset 0.
  assert.equal(lag.key, 'a');
  assert.equal(lag.process, 1);
  assert.ok(Math.abs(lag.lag - 0.003) < 1e-9, String(lag.lag));
});
