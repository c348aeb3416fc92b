import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveryLine, parseNodeLine } from '../../../src/harness/net/envelope.js';

test('a delivered line has the fields in the order id, src, dest, body', () => {
  assert.equal(
    deliveryLine(0, 'c0', 'n0', { type: 'init', node_id: 'n0', node_ids: ['n0'], msg_id: 1 }),
    '{"id":0,"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}}',
  );
});

test('a node line is {src, dest, body, id?}: any id is accepted and ignored, anything else is refused', () => {
  assert.deepEqual(parseNodeLine('{"src":"n1","dest":"c2","body":{"type":"echo_ok"},"id":7}'), { ok: true, src: 'n1', dest: 'c2', body: { type: 'echo_ok' } });
  for (const [line, reason] of [
    ['not json', /not valid JSON/],
    ['[1]', /not a JSON object/],
    ['{"src":"n1","dest":"c2","body":{},"extra":1}', /disallowed top-level key "extra"/],
    ['{"src":null,"dest":"c2","body":{}}', /src must be a string/],
    ['{"src":"n1","dest":"c2","body":{},"id":1.5}', /id must be an integer/],
    ['{"src":"n1","dest":"c2","body":"hi"}', /body must be a JSON object/],
  ] as Array<[string, RegExp]>) {
    const parsed = parseNodeLine(line);
    assert.equal(parsed.ok, false, line);
    assert.match((parsed as { reason: string }).reason, reason);
  }
});
