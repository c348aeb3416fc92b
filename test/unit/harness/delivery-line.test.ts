import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveryLine, parseNodeLine } from '../../../src/harness/net/envelope.js';

/** What the receiving node reads, as the line delivering `raw` (a sender's stdout line) with id 42. */
function delivered(raw: string): string {
  const parsed = parseNodeLine(raw);
  assert.ok(parsed.ok, raw);
  return deliveryLine(42, parsed.src, parsed.dest, parsed.body, raw);
}

test('a compact sender line is passed on with the network id spliced in front, in the order id, src, dest, body', () => {
  const raw = '{"src":"n1","dest":"n2","body":{"type":"gossip","messages":[1,2,3],"msg_id":7}}';
  assert.equal(delivered(raw), '{"id":42,"src":"n1","dest":"n2","body":{"type":"gossip","messages":[1,2,3],"msg_id":7}}');
});

test('the body reaches the receiver as its sender wrote it, where a parse/stringify round trip would change it', () => {
  const raw = '{"src":"n1","dest":"n2","body":{"type":"x","big":12345678901234567891,"d":1.0}}';
  assert.equal(delivered(raw), '{"id":42,' + raw.slice(1));
  assert.equal(deliveryLine(42, 'n1', 'n2', JSON.parse(raw).body), '{"id":42,"src":"n1","dest":"n2","body":{"type":"x","big":12345678901234567000,"d":1}}');
});

test('a line with its own id, another key order, spaces or a trailing CR is rebuilt, so the receiver sees one id: the network one', () => {
  for (const raw of [
    '{"src":"n1","dest":"n2","body":{"type":"x"},"id":7}',
    '{"id":7,"src":"n1","dest":"n2","body":{"type":"x"}}',
    '{"dest":"n2","src":"n1","body":{"type":"x"}}',
    '{ "src": "n1", "dest": "n2", "body": { "type": "x" } }',
    '{"src":"n1","dest":"n2","body":{"type":"x"}}\r',
  ]) {
    assert.equal(delivered(raw), '{"id":42,"src":"n1","dest":"n2","body":{"type":"x"}}', raw);
  }
});

test('"id" anywhere in the line (a body key or a string) also takes the rebuilt path, which stays correct', () => {
  const raw = '{"src":"n1","dest":"n2","body":{"type":"x","id":"\\"id\\""}}';
  const line = delivered(raw);
  assert.deepEqual(JSON.parse(line), { id: 42, src: 'n1', dest: 'n2', body: { type: 'x', id: '"id"' } });
  assert.ok(line.startsWith('{"id":42,"src":"n1"'));
});

test('without a raw line (clients and services) the line is built from the fields, ids quoted as JSON', () => {
  assert.equal(deliveryLine(3, 'lin-kv', 'n"1', { type: 'read_ok', value: 1 }), '{"id":3,"src":"lin-kv","dest":"n\\"1","body":{"type":"read_ok","value":1}}');
});
