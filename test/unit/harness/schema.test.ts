import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyReply } from '../../../src/harness/clients.js';
import type { Delivery } from '../../../src/harness/net/network.js';

const reply = (raw: string): Delivery => {
  const m = JSON.parse(raw);
  return { id: 1, src: m.src, dest: m.dest, body: m.body, raw };
};
const line = (body: string) => `{"src":"n1","dest":"c1","body":${body}}`;
const echoOk = { type: 'echo_ok', response: { echo: 'any' as const } };
const readOk = { type: 'read_ok', response: { messages: { array: 'int' as const } } };

test('a reply with exactly the declared keys, in_reply_to and msg_id is ok', () => {
  assert.equal(classifyReply(reply(line('{"type":"echo_ok","echo":"hi","in_reply_to":1,"msg_id":4}')), echoOk).kind, 'ok');
});

test('an extra key makes the reply malformed (closed schema)', () => {
  const outcome = classifyReply(reply(line('{"type":"echo_ok","echo":"hi","in_reply_to":1,"extra":0}')), echoOk);
  assert.equal(outcome.kind, 'malformed');
  assert.match((outcome as { reason: string }).reason, /disallowed key "extra"/);
});

test('1.0 is not an integer, though JSON.parse cannot tell', () => {
  assert.equal(classifyReply(reply(line('{"type":"read_ok","messages":[1,2.0],"in_reply_to":1}')), readOk).kind, 'malformed');
  assert.equal(classifyReply(reply(line('{"type":"read_ok","messages":[1,2],"in_reply_to":1.0}')), readOk).kind, 'malformed');
  assert.equal(classifyReply(reply(line('{"type":"read_ok","messages":[1,2e0],"in_reply_to":1}')), readOk).kind, 'malformed');
  assert.equal(classifyReply(reply(line('{"type":"read_ok","messages":[1,2],"in_reply_to":1}')), readOk).kind, 'ok');
});

test('null is accepted where an array is expected', () => {
  assert.equal(classifyReply(reply(line('{"type":"read_ok","messages":null,"in_reply_to":1}')), readOk).kind, 'ok');
});

test('a missing key or the wrong reply type is malformed', () => {
  assert.equal(classifyReply(reply(line('{"type":"read_ok","in_reply_to":1}')), readOk).kind, 'malformed');
  assert.equal(classifyReply(reply(line('{"type":"echo_ok","echo":1,"in_reply_to":1}')), readOk).kind, 'malformed');
});

test('an error reply is recognised before the schema, extra keys and all', () => {
  const outcome = classifyReply(reply(line('{"type":"error","code":11,"text":"busy","in_reply_to":1,"extra":true}')), echoOk);
  assert.deepEqual({ kind: outcome.kind, code: (outcome as { code: number }).code }, { kind: 'error', code: 11 });
});
