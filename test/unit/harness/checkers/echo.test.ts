import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEcho } from '../../../../src/harness/checkers/echo.js';
import { HistoryBuilder, ms } from './history-builder.js';

const reply = (echo: string, inReplyTo: number) => ({ type: 'echo_ok', in_reply_to: inReplyTo, msg_id: inReplyTo, echo });

test('an echo node that returns every text unchanged passes', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'echo', 'Please echo 81', ms(1));
  h.invoke(1, 'echo', 'Please echo 3', ms(2));
  h.ok(1, 'echo', reply('Please echo 3', 1), ms(3));
  h.ok(0, 'echo', reply('Please echo 81', 1), ms(4));
  assert.deepEqual(checkEcho(h.ops), { 'valid?': true, errors: [] });
});

test('an echo node that alters the text is rejected with Maelstrom\'s error tuple', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'echo', 'Please echo 81', ms(1));
  h.ok(0, 'echo', reply('Please echo 81', 1), ms(2));
  h.invoke(0, 'echo', 'Please echo 7', ms(3));
  const altered = reply('please echo 7', 2);
  h.ok(0, 'echo', altered, ms(4));
  const result = checkEcho(h.ops);
  assert.equal(result['valid?'], false);
  assert.deepEqual(result.errors, [['Expected a message with :echo', 'Please echo 7', 'But received', altered]]);
});

test('a fail or info completion is an error, because its value is the sent text, not a reply', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'echo', 'Please echo 1', ms(1));
  h.add('info', 0, 'echo', 'Please echo 1', ms(5001), { error: 'net-timeout' });
  h.invoke(1, 'echo', 'Please echo 2', ms(2));
  h.add('fail', 1, 'echo', 'Please echo 2', ms(3), { error: ['not-supported', 'no'] });
  const result = checkEcho(h.ops);
  assert.equal(result['valid?'], false);
  assert.deepEqual(result.errors.map((e) => e[1]), ['Please echo 1', 'Please echo 2']);
});

test('an invocation that never completed is an error', () => {
  const h = new HistoryBuilder();
  h.invoke(0, 'echo', 'Please echo 9', ms(1));
  assert.deepEqual(checkEcho(h.ops).errors, [['Expected a message with :echo', 'Please echo 9', 'But received', null]]);
});

test('nemesis ops are not echo ops', () => {
  const h = new HistoryBuilder();
  h.invoke('nemesis', 'start-partition', null, ms(0));
  h.add('info', 'nemesis', 'start-partition', ['isolated', {}], ms(1));
  assert.equal(checkEcho(h.ops)['valid?'], true);
});
