import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createService } from '../../../src/harness/services/index.js';
import { request, seeded } from './random.js';

test('a read of a missing key is error 20 "key does not exist"', () => {
  const kv = createService('lin-kv', Math.random);
  const req = request({ type: 'read', key: 'x' });
  assert.deepEqual(kv.handle('n0', req), { type: 'error', code: 20, text: 'key does not exist', in_reply_to: req.msg_id });
});

test('replies carry in_reply_to and no msg_id of their own', () => {
  const kv = createService('lin-kv', Math.random);
  const req = request({ type: 'write', key: 'x', value: 1 });
  const reply = kv.handle('n0', req)!;
  assert.deepEqual(reply, { type: 'write_ok', in_reply_to: req.msg_id });
  assert.equal('msg_id' in reply, false);
});

test('every read sees the latest write, whichever node wrote it', () => {
  const kv = createService('lin-kv', seeded(1));
  const random = seeded(2);
  let latest: number | undefined;
  for (let i = 0; i < 2000; i++) {
    const node = `n${Math.floor(random() * 5)}`;
    if (random() < 0.4) {
      latest = i;
      kv.handle(node, request({ type: 'write', key: 'k', value: i }));
    } else {
      const reply = kv.handle(node, request({ type: 'read', key: 'k' }))!;
      if (latest === undefined) assert.equal(reply.code, 20);
      else assert.equal(reply.value, latest, `read ${i} by ${node}`);
    }
  }
});

test('cas on a missing key is error 20 unless create_if_not_exists is set', () => {
  const kv = createService('lin-kv', Math.random);
  assert.equal(kv.handle('n0', request({ type: 'cas', key: 'x', from: 1, to: 2 }))!.code, 20);
  assert.equal(kv.handle('n0', request({ type: 'cas', key: 'x', from: 1, to: 2, create_if_not_exists: true }))!.type, 'cas_ok');
  assert.equal(kv.handle('n1', request({ type: 'read', key: 'x' }))!.value, 2);
});

test('cas with a mismatched from is error 22 with Maelstrom\'s text', () => {
  const kv = createService('lin-kv', Math.random);
  kv.handle('n0', request({ type: 'write', key: 'x', value: 3 }));
  const reply = kv.handle('n0', request({ type: 'cas', key: 'x', from: 4, to: 5 }))!;
  assert.deepEqual([reply.type, reply.code, reply.text], ['error', 22, 'current value 3 is not 4']);
  kv.handle('n0', request({ type: 'write', key: 's', value: 'a' }));
  assert.equal(kv.handle('n0', request({ type: 'cas', key: 's', from: 'b', to: 'c' }))!.text, 'current value "a" is not "b"');
  assert.equal(kv.handle('n0', request({ type: 'read', key: 'x' }))!.value, 3);
});

test('cas with a matching from swaps the value, even with create_if_not_exists on an existing key', () => {
  const kv = createService('lin-kv', Math.random);
  kv.handle('n0', request({ type: 'write', key: 'x', value: 1 }));
  assert.equal(kv.handle('n0', request({ type: 'cas', key: 'x', from: 1, to: 2 }))!.type, 'cas_ok');
  assert.equal(kv.handle('n0', request({ type: 'cas', key: 'x', from: 1, to: 3, create_if_not_exists: true }))!.code, 22);
  assert.equal(kv.handle('n0', request({ type: 'read', key: 'x' }))!.value, 2);
});

test('keys and values are any JSON, compared deeply (map key order does not matter)', () => {
  const kv = createService('lin-kv', Math.random);
  kv.handle('n0', request({ type: 'write', key: { b: [1, 2], a: null }, value: { p: 1, q: [true] } }));
  assert.deepEqual(kv.handle('n1', request({ type: 'read', key: { a: null, b: [1, 2] } }))!.value, { p: 1, q: [true] });
  assert.equal(kv.handle('n1', request({ type: 'read', key: { a: null, b: [2, 1] } }))!.code, 20);
  assert.equal(kv.handle('n1', request({ type: 'read', key: '1' }))!.code, 20, 'string "1" is not number 1');
  const swapped = kv.handle('n1', request({ type: 'cas', key: { a: null, b: [1, 2] }, from: { q: [true], p: 1 }, to: 0 }))!;
  assert.equal(swapped.type, 'cas_ok');
  assert.equal(kv.handle('n0', request({ type: 'cas', key: [1], from: { a: 1 }, to: 0, create_if_not_exists: true }))!.type, 'cas_ok');
  assert.equal(kv.handle('n0', request({ type: 'cas', key: [1], from: [0], to: 1 }))!.text, 'current value 0 is not [0]');
});

test('an unknown request type gets no reply and changes nothing', () => {
  const kv = createService('lin-kv', Math.random);
  assert.equal(kv.handle('n0', request({ type: 'delete', key: 'x' })), undefined);
  assert.equal(kv.handle('n0', request({ type: 'read', key: 'x' }))!.code, 20);
});
